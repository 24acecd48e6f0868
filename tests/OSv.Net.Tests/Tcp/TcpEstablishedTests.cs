using System;
using OSv.Net.Sockets;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using Xunit;
using static OSv.Net.Tests.Tcp.TcpFixture;

namespace OSv.Net.Tests.Tcp
{
    // ESTABLISHED: data in and out, ACK policy, windows, retransmission, RFC 5961 checks.
    public class TcpEstablishedTests
    {
        private static Seg Data(uint seq, uint ack, int length, int seed = 1) =>
            new Seg(TcpFlags.Ack | TcpFlags.Psh, seq, ack, 8192, Bytes(length, seed));

        [Fact]
        public void Established_Data_AckDelayedFortyMs()
        {
            TcpFixture f = Established();
            f.Deliver(Data(R(1), f.L(1), 100));
            f.ExpectNone();
            f.Advance(39 * Ms);
            f.ExpectNone();
            f.Advance(1 * Ms);
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(101), BufferBytes - 100));
        }

        [Fact]
        public void Established_SecondFullSegment_AckedAtOnce()
        {
            TcpFixture f = Established();
            f.Deliver(Data(R(1), f.L(1), 1460));
            f.ExpectNone();
            f.Deliver(Data(R(1461), f.L(1), 1460));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(2921), BufferBytes - 2920));
        }

        [Fact]
        public void Established_DelayedAckOff_EachSegmentAcked()
        {
            TcpFixture f = Established(s => s.DelayedAck = false);
            f.Deliver(Data(R(1), f.L(1), 100));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(101), BufferBytes - 100));
        }

        [Fact]
        public void Established_Data_PeekShowsBytesConsumeReleases()
        {
            TcpFixture f = Established();
            f.Deliver(Data(R(1), f.L(1), 100, seed: 9));
            Assert.Equal(SocketEvents.Readable | SocketEvents.Writable, f.B.Readiness);
            Assert.True(f.B.PeekReceived().SequenceEqual(Bytes(100, 9)));
            f.B.Consume(100, f.Now);
            Assert.Equal(0, f.B.PeekReceived().Length);
            Assert.Equal(SocketEvents.Writable, f.B.Readiness);
        }

        [Fact]
        public void Established_ConsumeOpensWindowBySwsThreshold_WindowUpdateSent()
        {
            TcpFixture f = Established();
            for (uint offset = 0; offset < 5 * 1460; offset += 1460)
                f.Deliver(Data(R(1 + offset), f.L(1), 1460));
            Assert.Equal(2, f.TakeSent().Count);
            f.B.Consume(5 * 1460, f.Now);
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(7301), BufferBytes));
        }

        [Fact]
        public void Established_SmallConsume_NoWindowUpdate()
        {
            TcpFixture f = Established();
            f.Deliver(Data(R(1), f.L(1), 100));
            f.B.Consume(100, f.Now);
            f.ExpectNone();
        }

        [Fact]
        public void Established_FullWindow_ZeroWindowAdvertised()
        {
            TcpFixture f = Established(s => s.DelayedAck = false);
            int offset = 0;
            while (offset < BufferBytes)
            {
                int length = Math.Min(1460, BufferBytes - offset);
                f.Deliver(Data(R(1 + (uint)offset), f.L(1), length));
                offset += length;
            }
            Assert.Equal(0, f.TakeSent()[^1].Window);
            f.Deliver(Data(R(1 + BufferBytes), f.L(1), 10));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1 + BufferBytes), 0));
        }

        [Fact]
        public void Established_OutOfOrderWithSack_ImmediateAckWithSackBlock()
        {
            TcpFixture f = Established(syn: PeerSyn with { SackPermitted = true });
            f.Deliver(Data(R(101), f.L(1), 100));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes) { Sack = new[] { (R(101), R(201)) } });
        }

        [Fact]
        public void Established_TwoHolesWithSack_LatestBlockFirst()
        {
            TcpFixture f = Established(syn: PeerSyn with { SackPermitted = true });
            f.Deliver(Data(R(101), f.L(1), 100));
            f.TakeOne();
            f.Deliver(Data(R(301), f.L(1), 100));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes) { Sack = new[] { (R(301), R(401)), (R(101), R(201)) } });
        }

        [Fact]
        public void Established_GapFilled_AckCoversBothNoSack()
        {
            TcpFixture f = Established(syn: PeerSyn with { SackPermitted = true });
            f.Deliver(Data(R(101), f.L(1), 100, seed: 2));
            f.TakeOne();
            f.Deliver(Data(R(1), f.L(1), 100, seed: 1));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(201), BufferBytes - 200));
            byte[] expected = new byte[200];
            Bytes(100, 1).CopyTo(expected, 0);
            Bytes(100, 2).CopyTo(expected, 100);
            Assert.True(f.B.PeekReceived().SequenceEqual(expected));
        }

        [Fact]
        public void Established_OutOfOrderWithoutSack_PlainDuplicateAck()
        {
            TcpFixture f = Established();
            f.Deliver(Data(R(101), f.L(1), 100));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes));
        }

        [Fact]
        public void Established_SegmentPastWindow_AckedAndDropped()
        {
            TcpFixture f = Established();
            f.Deliver(Data(R(1 + BufferBytes + 10), f.L(1), 10));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes));
            Assert.Equal(0, f.B.ReceivedBytes);
            Assert.Equal(1, f.Layer.Counters.OutOfWindowSegments);
        }

        [Fact]
        public void Established_OldDuplicateSegment_AckedAndDropped()
        {
            TcpFixture f = Established();
            f.Deliver(Data(R(1), f.L(1), 100));
            f.Deliver(Data(R(1), f.L(1), 100));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(101), BufferBytes - 100));
            Assert.Equal(100, f.B.ReceivedBytes);
        }

        [Fact]
        public void Established_OverlappingRetransmission_OnlyNewBytesKept()
        {
            TcpFixture f = Established(s => s.DelayedAck = false);
            byte[] payload = Bytes(200);
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1), 8192, payload[..100]));
            f.TakeOne();
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1), 8192, payload));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(201), BufferBytes - 200));
            Assert.True(f.B.PeekReceived().SequenceEqual(payload));
        }

        [Fact]
        public void Established_AckForUnsentData_AckedAndDropped()
        {
            TcpFixture f = Established();
            f.Deliver(Data(R(1), f.L(100), 10));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes));
            Assert.Equal(0, f.B.ReceivedBytes);
        }

        [Fact]
        public void Established_RstAtRcvNxt_ClosedWithReset()
        {
            TcpFixture f = Established();
            f.Deliver(new Seg(TcpFlags.Rst, R(1)));
            f.ExpectNone();
            Assert.Equal(TcpState.Closed, f.B.State);
            Assert.Equal(TcpError.Reset, f.B.Error);
            Assert.Equal(SocketEvents.Readable | SocketEvents.HangUp | SocketEvents.Error, f.B.Readiness);
        }

        [Fact]
        public void Established_RstInWindowNotAtRcvNxt_ChallengeAck()
        {
            TcpFixture f = Established();
            f.Deliver(new Seg(TcpFlags.Rst, R(100)));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes));
            Assert.Equal(TcpState.Established, f.B.State);
        }

        [Fact]
        public void Established_RstOutsideWindow_Ignored()
        {
            TcpFixture f = Established();
            f.Deliver(new Seg(TcpFlags.Rst, R(1 + BufferBytes + 1)));
            f.ExpectNone();
            Assert.Equal(TcpState.Established, f.B.State);
        }

        [Fact]
        public void Established_Syn_ChallengeAck()
        {
            TcpFixture f = Established();
            f.Deliver(PeerSyn with { Seq = R(50) });
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes));
            Assert.Equal(TcpState.Established, f.B.State);
            Assert.Equal(1, f.Layer.Counters.ChallengeAcks);
        }

        [Fact]
        public void Established_Send_OneSegmentWithPush()
        {
            TcpFixture f = Established();
            Assert.Equal(100, f.B.Send(Bytes(100), f.Now));
            f.ExpectOne(new Seg(TcpFlags.Ack | TcpFlags.Psh, f.L(1), R(1), BufferBytes, Bytes(100)));
        }

        [Fact]
        public void Established_SendSpaceCommit_ZeroCopySend()
        {
            TcpFixture f = Established();
            Span<byte> space = f.B.SendSpace();
            Assert.Equal(BufferBytes, space.Length);
            Bytes(50).CopyTo(space);
            f.B.CommitSend(50, f.Now);
            f.ExpectOne(new Seg(TcpFlags.Ack | TcpFlags.Psh, f.L(1), R(1), BufferBytes, Bytes(50)));
        }

        [Fact]
        public void Established_SendBufferFull_SendTakesWhatFits()
        {
            TcpFixture f = Established();
            Assert.Equal(BufferBytes, f.B.Send(new byte[BufferBytes + 100], f.Now));
            Assert.Equal(0, f.B.Send(new byte[1], f.Now));
            Assert.Equal(SocketEvents.None, f.B.Readiness & SocketEvents.Writable);
        }

        [Fact]
        public void Established_NagleOn_SecondSmallSegmentWaitsForAck()
        {
            TcpFixture f = Established();
            f.B.Send(Bytes(100), f.Now);
            f.TakeOne();
            f.B.Send(Bytes(100, 5), f.Now);
            f.ExpectNone();
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(101)));
            f.ExpectOne(new Seg(TcpFlags.Ack | TcpFlags.Psh, f.L(101), R(1), BufferBytes, Bytes(100, 5)));
        }

        [Fact]
        public void Established_NagleOff_SmallSegmentsGoAtOnce()
        {
            TcpFixture f = Established(s => s.Nagle = false);
            f.B.Send(Bytes(100), f.Now);
            f.TakeOne();
            f.B.Send(Bytes(100, 5), f.Now);
            f.ExpectOne(new Seg(TcpFlags.Ack | TcpFlags.Psh, f.L(101), R(1), BufferBytes, Bytes(100, 5)));
        }

        [Fact]
        public void Established_SendMoreThanWindow_FullSegmentsWithinPeerWindow()
        {
            TcpFixture f = Established(s => { s.Nagle = false; s.SendBufferBytes = 16384; });
            f.B.Send(new byte[12000], f.Now);
            var sent = f.TakeSent();
            int total = 0;
            foreach (Seg segment in sent)
                total += segment.PayloadLength;
            Assert.Equal(5 * 1460, total); // the 892 bytes left of the peer's window wait (sender SWS, 3.8.6.2.1)
            Assert.Equal(1460, sent[0].PayloadLength);
        }

        [Fact]
        public void Established_NoAck_RetransmitsAfterRtoThenDoubles()
        {
            TcpFixture f = Established();
            f.B.Send(Bytes(100), f.Now);
            Seg first = f.TakeOne();
            long sentAt = f.Now;
            f.AdvanceToNextDeadline();
            Assert.Equal(sentAt + 200 * Ms, f.Now); // RTO floor after a near-zero handshake RTT
            Assert.True(first.SameAs(f.TakeOne()));
            f.AdvanceToNextDeadline();
            Assert.Equal(sentAt + 600 * Ms, f.Now);
            Assert.True(first.SameAs(f.TakeOne()));
            Assert.Equal(2, f.Layer.Counters.Retransmissions);
        }

        [Fact]
        public void Established_RetransmissionsExhausted_TimedOutWithError()
        {
            TcpFixture f = Established(s => s.RetransmissionsMax = 2);
            f.B.Send(Bytes(100), f.Now);
            f.TakeOne();
            f.AdvanceToNextDeadline();
            f.AdvanceToNextDeadline();
            Assert.Equal(2, f.TakeSent().Count);
            f.AdvanceToNextDeadline();
            f.ExpectNone();
            Assert.Equal(TcpState.Closed, f.B.State);
            Assert.Equal(TcpError.TimedOut, f.B.Error);
            Assert.True((f.B.Readiness & SocketEvents.Error) != 0);
        }

        [Fact]
        public void Established_AckAfterFiftyMs_RttSampledRtoFloor()
        {
            TcpFixture f = Established();
            f.B.Send(Bytes(100), f.Now);
            f.TakeOne();
            f.Now += 50 * Ms;
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(101)));
            Assert.Equal(6_250_000, f.B.SmoothedRttNs); // 7/8 x 0 (handshake) + 1/8 x 50 ms
            Assert.Equal(NetLimits.TcpRtoMinNs, f.B.RetransmissionTimeoutNs);
            Assert.Equal(long.MaxValue, f.Layer.NextDeadlineNs);
        }

        [Fact]
        public void Established_ZeroWindow_PersistProbeThenDataWhenOpened()
        {
            TcpFixture f = Established();
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1), 0));
            f.B.Send(Bytes(100), f.Now);
            f.ExpectNone();
            long start = f.Now;
            f.AdvanceToNextDeadline();
            Assert.Equal(start + 200 * Ms, f.Now);
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(0), R(1), BufferBytes));
            f.AdvanceToNextDeadline();
            Assert.Equal(start + 600 * Ms, f.Now); // backed off
            f.TakeOne();
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1), 8192));
            f.ExpectOne(new Seg(TcpFlags.Ack | TcpFlags.Psh, f.L(1), R(1), BufferBytes, Bytes(100)));
        }

        [Fact]
        public void Established_ThreeDuplicateAcks_FastRetransmit()
        {
            TcpFixture f = Established(s => s.Nagle = false);
            byte[] data = Bytes(4 * 1460);
            f.B.Send(data, f.Now);
            Assert.Equal(4, f.TakeSent().Count);
            for (int duplicate = 0; duplicate < 2; duplicate++)
            {
                f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1)));
                f.ExpectNone();
            }
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1)));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes, data[..1460]));
            Assert.Equal(1, f.Layer.Counters.FastRetransmits);
        }

        [Fact]
        public void Established_PartialAckInRecovery_RetransmitsNextHole()
        {
            TcpFixture f = Established(s => s.Nagle = false);
            byte[] data = Bytes(4 * 1460);
            f.B.Send(data, f.Now);
            f.TakeSent();
            for (int duplicate = 0; duplicate < 3; duplicate++)
                f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1)));
            f.TakeSent();
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1 + 2 * 1460)));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1 + 2 * 1460), R(1), BufferBytes, data[(2 * 1460)..(3 * 1460)]));
        }

        [Fact]
        public void Established_WindowUpdateOnly_NotDuplicateAck()
        {
            TcpFixture f = Established(s => s.Nagle = false);
            f.B.Send(Bytes(4 * 1460), f.Now);
            f.TakeSent();
            for (int duplicate = 0; duplicate < 3; duplicate++)
                f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1), (ushort)(8192 + duplicate + 1)));
            Assert.Equal(0, f.Layer.Counters.FastRetransmits);
        }

        [Fact]
        public void Established_Fin_CloseWaitEndOfStream()
        {
            TcpFixture f = CloseWait();
            Assert.True(f.B.PeerClosed);
            Assert.Equal(0, f.B.Receive(new byte[10], f.Now));
            Assert.True((f.B.Readiness & SocketEvents.Readable) != 0);
        }

        [Fact]
        public void Established_DataWithFin_DataThenEndOfStream()
        {
            TcpFixture f = Established();
            f.Deliver(new Seg(TcpFlags.Ack | TcpFlags.Fin, R(1), f.L(1), 8192, Bytes(100)));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(102), BufferBytes - 101)); // the FIN takes one of the window
            Assert.Equal(TcpState.CloseWait, f.B.State);
            byte[] buffer = new byte[200];
            Assert.Equal(100, f.B.Receive(buffer, f.Now));
            Assert.Equal(0, f.B.Receive(buffer, f.Now));
        }

        [Fact]
        public void Established_FinOutOfOrder_NotAccepted()
        {
            TcpFixture f = Established();
            f.Deliver(new Seg(TcpFlags.Ack | TcpFlags.Fin, R(101), f.L(1), 8192, Bytes(10)));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes));
            Assert.Equal(TcpState.Established, f.B.State);
        }

        [Fact]
        public void Established_Abort_SendsRstAndCloses()
        {
            TcpFixture f = Established();
            f.B.Abort(f.Now);
            f.ExpectOne(new Seg(TcpFlags.Rst, f.L(1), 0, 0));
            Assert.Equal(TcpState.Closed, f.B.State);
        }

        [Fact]
        public void Established_KeepAlive_ProbesThenTimesOut()
        {
            TcpFixture f = Established(s =>
            {
                s.KeepAlive = true;
                s.KeepAliveIdleNs = 10_000 * Ms;
                s.KeepAliveIntervalNs = 1_000 * Ms;
                s.KeepAliveProbesMax = 2;
            });
            long start = f.Now;
            f.AdvanceToNextDeadline();
            Assert.Equal(start + 10_000 * Ms, f.Now);
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(0), R(1), BufferBytes));
            f.AdvanceToNextDeadline();
            f.TakeOne();
            f.AdvanceToNextDeadline();
            f.ExpectNone();
            Assert.Equal(TcpError.TimedOut, f.B.Error);
        }

        [Fact]
        public void Established_KeepAliveAnswered_ProbesReset()
        {
            TcpFixture f = Established(s =>
            {
                s.KeepAlive = true;
                s.KeepAliveIdleNs = 10_000 * Ms;
                s.KeepAliveIntervalNs = 1_000 * Ms;
                s.KeepAliveProbesMax = 1;
            });
            f.AdvanceToNextDeadline();
            f.TakeOne();
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1)));
            Assert.Equal(f.Now + 10_000 * Ms, f.Layer.NextDeadlineNs);
        }

        [Fact]
        public void Established_WaitsForWakerOnData_WakesReadable()
        {
            TcpFixture f = Established();
            RecordingWaker waker = new RecordingWaker();
            f.B.Waker = waker;
            f.Deliver(Data(R(1), f.L(1), 10));
            Assert.Equal(SocketEvents.Readable, waker.Events);
        }

        private sealed class RecordingWaker : SocketWaker
        {
            public SocketEvents Events;
            public override void Wake(SocketEvents events) => Events |= events;
        }
    }
}
