using System;
using OSv.Net.Sockets;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using Xunit;
using static OSv.Net.Tests.Tcp.TcpFixture;

namespace OSv.Net.Tests.Tcp
{
    // Orderly and abortive close (RFC 9293 3.10.4, 3.10.5, 3.10.7.4 steps five and eight),
    // TIME_WAIT, RST in every state, and the recycling of released blocks.
    public class TcpCloseTests
    {
        public static TheoryData<string> SynchronizedStates => new()
        {
            "SynReceived", "Established", "FinWait1", "FinWait2", "CloseWait", "Closing", "LastAck", "TimeWait",
        };

        private static TcpFixture InState(string state) => state switch
        {
            "SynReceived" => SynReceived(),
            "Established" => Established(),
            "FinWait1" => FinWait1(),
            "FinWait2" => FinWait2(),
            "CloseWait" => CloseWait(),
            "Closing" => Closing(),
            "LastAck" => LastAck(),
            "TimeWait" => TimeWait(),
            _ => throw new ArgumentException(state),
        };

        [Theory]
        [MemberData(nameof(SynchronizedStates))]
        public void AnyState_RstAtRcvNxt_ClosedSilently(string state)
        {
            TcpFixture f = InState(state);
            uint rcvNxt = state is "CloseWait" or "Closing" or "LastAck" or "TimeWait" ? R(2) : R(1);
            f.Deliver(new Seg(TcpFlags.Rst, rcvNxt));
            f.ExpectNone();
            Assert.Equal(TcpState.Closed, f.B.State);
            Assert.Null(f.Layer.Find(f.Flow));
        }

        [Theory]
        [MemberData(nameof(SynchronizedStates))]
        public void AnyState_RstOutsideWindow_Ignored(string state)
        {
            TcpFixture f = InState(state);
            TcpState before = f.B.State;
            f.Deliver(new Seg(TcpFlags.Rst, R(100_000)));
            f.ExpectNone();
            Assert.Equal(before, f.B.State);
        }

        [Fact]
        public void Established_Close_FinWait1SendsFin()
        {
            TcpFixture f = FinWait1();
            Assert.Equal(SocketEvents.None, f.B.Readiness & SocketEvents.Writable);
            Assert.Equal(0, f.B.Send(Bytes(10), f.Now));
        }

        [Fact]
        public void Established_CloseWithQueuedData_FinRidesLastSegment()
        {
            TcpFixture f = Established();
            f.B.Send(Bytes(100), f.Now);
            f.TakeOne();
            f.B.Send(Bytes(50, 3), f.Now); // held by Nagle
            f.ExpectNone();
            f.B.Close(f.Now);
            f.ExpectOne(new Seg(TcpFlags.Ack | TcpFlags.Psh | TcpFlags.Fin, f.L(101), R(1), BufferBytes, Bytes(50, 3)));
        }

        [Fact]
        public void FinWait1_AckOfFin_FinWait2()
        {
            FinWait2();
        }

        [Fact]
        public void FinWait1_FinAndAckOfFin_TimeWait()
        {
            TcpFixture f = FinWait1();
            f.Deliver(new Seg(TcpFlags.Fin | TcpFlags.Ack, R(1), f.L(2)));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(2), R(2), BufferBytes));
            Assert.Equal(TcpState.TimeWait, f.B.State);
        }

        [Fact]
        public void FinWait1_FinWithoutAckOfOurs_ClosingSimultaneousClose()
        {
            Closing();
        }

        [Fact]
        public void Closing_AckOfFin_TimeWait()
        {
            TcpFixture f = Closing();
            f.Deliver(new Seg(TcpFlags.Ack, R(2), f.L(2)));
            f.ExpectNone();
            Assert.Equal(TcpState.TimeWait, f.B.State);
        }

        [Fact]
        public void FinWait1_NoAck_FinRetransmitted()
        {
            TcpFixture f = FinWait1();
            f.AdvanceToNextDeadline();
            f.ExpectOne(new Seg(TcpFlags.Fin | TcpFlags.Ack, f.L(1), R(1), BufferBytes));
        }

        [Fact]
        public void FinWait2_Data_StillReceived()
        {
            TcpFixture f = FinWait2(s => s.DelayedAck = false);
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(2), 8192, Bytes(10)));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(2), R(11), BufferBytes - 10));
            Assert.Equal(10, f.B.ReceivedBytes);
        }

        [Fact]
        public void TimeWait_DefaultLength_TwoMsl()
        {
            TcpFixture f = TimeWait();
            Assert.Equal(f.Now + 2 * NetLimits.TcpMslNs, f.Layer.NextDeadlineNs);
        }

        [Fact]
        public void TimeWait_Expires_ClosedAndReleasedBlockRecycled()
        {
            TcpFixture f = TimeWait(s => s.TimeWaitNs = 1_000 * Ms);
            f.B.Release();
            Assert.Equal(1, f.Layer.ConnectionCount);
            f.Advance(999 * Ms);
            Assert.Equal(TcpState.TimeWait, f.B.State);
            f.Advance(1 * Ms);
            Assert.Equal(TcpState.Closed, f.B.State);
            Assert.Equal(0, f.Layer.ConnectionCount);
            Assert.Null(f.Layer.Find(f.Flow));
            Assert.Equal(long.MaxValue, f.Layer.NextDeadlineNs);
        }

        [Fact]
        public void TimeWait_RetransmittedFin_AckedAndTimerRestarted()
        {
            TcpFixture f = TimeWait();
            f.Advance(10_000 * Ms);
            f.Deliver(new Seg(TcpFlags.Fin | TcpFlags.Ack, R(1), f.L(2)));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(2), R(2), BufferBytes));
            Assert.Equal(f.Now + 2 * NetLimits.TcpMslNs, f.Layer.NextDeadlineNs);
        }

        [Fact]
        public void CloseWait_Close_LastAckSendsFin()
        {
            LastAck();
        }

        [Fact]
        public void LastAck_AckOfFin_Closed()
        {
            TcpFixture f = LastAck();
            f.Deliver(new Seg(TcpFlags.Ack, R(2), f.L(2)));
            f.ExpectNone();
            Assert.Equal(TcpState.Closed, f.B.State);
            Assert.Equal(TcpError.None, f.B.Error);
            Assert.Null(f.Layer.Find(f.Flow));
        }

        [Fact]
        public void SynReceived_Close_FinOnceEstablished()
        {
            TcpFixture f = SynReceived();
            f.B.Close(f.Now);
            f.ExpectNone();
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1)));
            f.ExpectOne(new Seg(TcpFlags.Fin | TcpFlags.Ack, f.L(1), R(1), BufferBytes));
            Assert.Equal(TcpState.FinWait1, f.B.State);
        }

        [Fact]
        public void SynSent_Close_ClosedWithoutSegment()
        {
            TcpFixture f = SynSent();
            f.B.Close(f.Now);
            f.ExpectNone();
            Assert.Equal(TcpState.Closed, f.B.State);
        }

        [Fact]
        public void ClosedAndReleased_BlockReusedByNextConnect()
        {
            TcpFixture f = new TcpFixture(s => s.ConnectionsMax = 1);
            TcpControlBlock first = f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now)!;
            first.Abort(f.Now);
            Assert.Null(f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now));
            first.Release();
            TcpControlBlock? second = f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now);
            Assert.Same(first, second);
            Assert.Equal(TcpState.SynSent, second!.State);
        }

        [Fact]
        public void ReleasedInFinWait2_OrphanTimeoutCloses()
        {
            TcpFixture f = FinWait2();
            f.B.Release();
            f.AdvanceToNextDeadline();
            Assert.Equal(TcpState.Closed, f.B.State);
            Assert.Equal(0, f.Layer.ConnectionCount);
        }
    }
}
