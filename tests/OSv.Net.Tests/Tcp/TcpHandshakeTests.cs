using OSv.Net.Sockets;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using Xunit;
using static OSv.Net.Tests.Tcp.TcpFixture;

namespace OSv.Net.Tests.Tcp
{
    // LISTEN, SYN_SENT, SYN_RECEIVED and CLOSED (RFC 9293 3.10.7.1-3.10.7.4), one behaviour each.
    public class TcpHandshakeTests
    {
        [Fact]
        public void Listen_Syn_SendsSynAckWithOurMss()
        {
            TcpFixture f = Listening();
            f.Deliver(PeerSyn);
            Seg synAck = f.TakeOne();
            f.LocalIss = synAck.Seq;
            Assert.True(new Seg(TcpFlags.Syn | TcpFlags.Ack, f.L(0), R(1), BufferBytes) { Mss = OurMss }.SameAs(synAck), synAck.ToString());
            Assert.Equal(TcpState.SynReceived, f.Layer.Find(f.Flow)!.State);
        }

        [Fact]
        public void Listen_SynOfferingScaleAndSack_SynAckOffersBoth()
        {
            TcpFixture f = Listening(s => s.ReceiveBufferBytes = 256 * 1024);
            f.Deliver(PeerSyn with { WindowScale = 7, SackPermitted = true });
            Seg synAck = f.TakeOne();
            Assert.Equal(3, synAck.WindowScale); // 256 KiB >> 3 is the first to fit 16 bits
            Assert.True(synAck.SackPermitted);
            Assert.Equal(ushort.MaxValue, synAck.Window); // a SYN's window is never scaled
        }

        [Fact]
        public void Listen_Ack_SendsResetAtItsAck()
        {
            TcpFixture f = Listening();
            f.Deliver(new Seg(TcpFlags.Ack, R(1), 5555));
            f.ExpectOne(new Seg(TcpFlags.Rst, 5555, 0, 0));
        }

        [Fact]
        public void Listen_Rst_Ignored()
        {
            TcpFixture f = Listening();
            f.Deliver(new Seg(TcpFlags.Rst, R(1)));
            f.ExpectNone();
        }

        [Fact]
        public void Listen_SynFloodOverBacklog_DropsAndCounts()
        {
            TcpFixture f = Listening(backlog: 2);
            for (int index = 0; index < 5; index++)
            {
                f.RemotePort = (ushort)(PeerPort + index);
                f.Deliver(PeerSyn);
            }
            Assert.Equal(2, f.TakeSent().Count);
            Assert.Equal(3, f.Layer.Counters.SynQueueOverflows);
            Assert.Equal(2, f.Listener!.SynReceivedCount);
            Assert.Equal(2, f.Layer.ConnectionCount);
        }

        [Fact]
        public void Listen_BacklogFreedByEstablishedAccept_AcceptsAgain()
        {
            TcpFixture f = Established(s => { });
            // backlog 8 in the fixture: established and accepted leaves room for more
            f.RemotePort = PeerPort + 1;
            f.Deliver(PeerSyn);
            Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, f.TakeOne().Flags);
        }

        [Fact]
        public void Closed_SynToUnknownPort_SendsRstAck()
        {
            TcpFixture f = new TcpFixture();
            f.Deliver(PeerSyn);
            f.ExpectOne(new Seg(TcpFlags.Rst | TcpFlags.Ack, 0, R(1), 0));
            Assert.Equal(1, f.Layer.Counters.ResetsSent);
        }

        [Fact]
        public void Closed_DataWithAckToUnknownFlow_SendsRstAtAck()
        {
            TcpFixture f = new TcpFixture();
            f.Deliver(new Seg(TcpFlags.Ack | TcpFlags.Psh, R(1), 777, 8192, Bytes(10)));
            f.ExpectOne(new Seg(TcpFlags.Rst, 777, 0, 0));
        }

        [Fact]
        public void Closed_RstToUnknownFlow_NoReply()
        {
            TcpFixture f = new TcpFixture();
            f.Deliver(new Seg(TcpFlags.Rst | TcpFlags.Ack, R(1), 777));
            f.ExpectNone();
        }

        [Fact]
        public void Receive_BadChecksum_DroppedAndCounted()
        {
            TcpFixture f = Listening();
            byte[] bytes = PeerSyn.Build(PeerPort, ServerPort, RemoteIp, LocalIp);
            bytes[16] ^= 1;
            f.Layer.Receive(RemoteIp, LocalIp, bytes, f.Now);
            f.ExpectNone();
            Assert.Equal(1, f.Layer.Counters.ChecksumErrors);
        }

        [Fact]
        public void SynReceived_Ack_EstablishedAndAcceptable()
        {
            TcpFixture f = SynReceived();
            Assert.False(f.Listener!.TryAccept(out _));
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1)));
            f.ExpectNone();
            Assert.Equal(TcpState.Established, f.B.State);
            Assert.Equal(SocketEvents.Readable, f.Listener.Readiness);
            Assert.True(f.Listener.TryAccept(out TcpControlBlock? accepted));
            Assert.Same(f.B, accepted);
            Assert.Equal(SocketEvents.Writable, f.B.Readiness);
        }

        [Fact]
        public void SynReceived_AckTooHigh_SendsRst()
        {
            TcpFixture f = SynReceived();
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(5)));
            f.ExpectOne(new Seg(TcpFlags.Rst, f.L(5), 0, 0));
            Assert.Equal(TcpState.SynReceived, f.B.State);
        }

        [Fact]
        public void SynReceived_RetransmittedSyn_ResendsSynAck()
        {
            TcpFixture f = SynReceived();
            f.Deliver(PeerSyn);
            f.ExpectOne(new Seg(TcpFlags.Syn | TcpFlags.Ack, f.L(0), R(1), BufferBytes) { Mss = OurMss });
        }

        [Fact]
        public void SynReceived_Rst_ChildRecycledListenerEmpty()
        {
            TcpFixture f = SynReceived();
            f.Deliver(new Seg(TcpFlags.Rst, R(1)));
            f.ExpectNone();
            Assert.Null(f.Layer.Find(f.Flow));
            Assert.Equal(0, f.Listener!.SynReceivedCount);
            Assert.Equal(0, f.Layer.ConnectionCount);
        }

        [Fact]
        public void SynReceived_NoAck_RetransmitsSynAckWithBackoff()
        {
            TcpFixture f = SynReceived();
            long start = f.Now;
            f.AdvanceToNextDeadline();
            Assert.Equal(start + 1000 * Ms, f.Now);
            f.ExpectOne(new Seg(TcpFlags.Syn | TcpFlags.Ack, f.L(0), R(1), BufferBytes) { Mss = OurMss });
            f.AdvanceToNextDeadline();
            Assert.Equal(start + 3000 * Ms, f.Now);
            Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, f.TakeOne().Flags);
        }

        [Fact]
        public void SynReceived_SynRetriesExhausted_ChildDropped()
        {
            TcpFixture f = SynReceived(s => s.SynRetransmissionsMax = 2);
            f.AdvanceToNextDeadline();
            f.AdvanceToNextDeadline();
            Assert.Equal(2, f.TakeSent().Count);
            f.AdvanceToNextDeadline();
            f.ExpectNone();
            Assert.Null(f.Layer.Find(f.Flow));
            Assert.Equal(long.MaxValue, f.Layer.NextDeadlineNs);
        }

        [Fact]
        public void SynSent_Connect_SynWithOptionsFromEphemeralPort()
        {
            TcpFixture f = new TcpFixture(s => s.ReceiveBufferBytes = 1 << 20);
            TcpControlBlock block = f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now)!;
            Assert.InRange(block.Flow.LocalPort, NetLimits.TcpEphemeralPortFirst, NetLimits.TcpEphemeralPortLast);
            Seg syn = f.TakeOne();
            Assert.Equal(TcpFlags.Syn, syn.Flags);
            Assert.Equal(OurMss, syn.Mss);
            Assert.Equal(5, syn.WindowScale); // 1 MiB >> 4 = 65536 is one too many for 16 bits
        }

        [Fact]
        public void SynSent_SynAck_EstablishedAndAcks()
        {
            TcpFixture f = SynSent();
            f.Deliver(new Seg(TcpFlags.Syn | TcpFlags.Ack, R(0), f.L(1)) { Mss = 1000 });
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), R(1), BufferBytes));
            Assert.Equal(TcpState.Established, f.B.State);
            Assert.Equal(1000, f.B.SendMss);
        }

        [Fact]
        public void SynSent_SynAckWithoutMss_Uses536()
        {
            TcpFixture f = SynSent();
            f.Deliver(new Seg(TcpFlags.Syn | TcpFlags.Ack, R(0), f.L(1)));
            f.TakeOne();
            Assert.Equal(NetLimits.TcpDefaultMss, f.B.SendMss);
        }

        [Fact]
        public void SynSent_BadAck_SendsRstStaysSynSent()
        {
            TcpFixture f = SynSent();
            f.Deliver(new Seg(TcpFlags.Syn | TcpFlags.Ack, R(0), f.L(7)));
            f.ExpectOne(new Seg(TcpFlags.Rst, f.L(7), 0, 0));
            Assert.Equal(TcpState.SynSent, f.B.State);
        }

        [Fact]
        public void SynSent_RstWithAcceptableAck_Refused()
        {
            TcpFixture f = SynSent();
            f.Deliver(new Seg(TcpFlags.Rst | TcpFlags.Ack, 0, f.L(1)));
            f.ExpectNone();
            Assert.Equal(TcpState.Closed, f.B.State);
            Assert.Equal(TcpError.Refused, f.B.Error);
            Assert.True((f.B.Readiness & SocketEvents.Error) != 0);
        }

        [Fact]
        public void SynSent_RstWithoutAck_Ignored()
        {
            TcpFixture f = SynSent();
            f.Deliver(new Seg(TcpFlags.Rst, 0));
            f.ExpectNone();
            Assert.Equal(TcpState.SynSent, f.B.State);
        }

        [Fact]
        public void SynSent_NoAnswer_SynRetransmittedAfterOneSecondThenTwo()
        {
            TcpFixture f = SynSent();
            long start = f.Now;
            f.AdvanceToNextDeadline();
            Assert.Equal(start + 1000 * Ms, f.Now);
            Assert.Equal(new Seg(TcpFlags.Syn, f.L(0)).Seq, f.TakeOne().Seq);
            f.AdvanceToNextDeadline();
            Assert.Equal(start + 3000 * Ms, f.Now);
            Assert.Equal(TcpFlags.Syn, f.TakeOne().Flags);
        }

        [Fact]
        public void SynSent_SynRetriesExhausted_TimedOut()
        {
            TcpFixture f = SynSent(s => s.SynRetransmissionsMax = 1);
            f.AdvanceToNextDeadline();
            f.TakeOne();
            f.AdvanceToNextDeadline();
            f.ExpectNone();
            Assert.Equal(TcpState.Closed, f.B.State);
            Assert.Equal(TcpError.TimedOut, f.B.Error);
        }

        [Fact]
        public void SynSent_Syn_SimultaneousOpenSendsSynAck()
        {
            TcpFixture f = SynSent();
            f.Deliver(new Seg(TcpFlags.Syn, R(0)) { Mss = 1460 });
            Seg synAck = f.TakeOne();
            Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
            Assert.Equal(f.L(0), synAck.Seq);
            Assert.Equal(R(1), synAck.Ack);
            Assert.Equal(TcpState.SynReceived, f.B.State);
        }

        [Fact]
        public void SynReceivedActive_PeersSynAck_Established()
        {
            TcpFixture f = SynSent();
            f.Deliver(new Seg(TcpFlags.Syn, R(0)) { Mss = 1460 });
            f.TakeOne();
            f.Deliver(new Seg(TcpFlags.Syn | TcpFlags.Ack, R(0), f.L(1)) { Mss = 1460 });
            Assert.Equal(TcpState.Established, f.B.State);
            Assert.Equal(SocketEvents.Writable, f.B.Readiness);
        }

        [Fact]
        public void Connect_PortsDistinctPerConnection()
        {
            TcpFixture f = new TcpFixture();
            TcpControlBlock first = f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now)!;
            TcpControlBlock second = f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now)!;
            Assert.NotEqual(first.Flow.LocalPort, second.Flow.LocalPort);
        }

        [Fact]
        public void Connect_TableFull_ReturnsNull()
        {
            TcpFixture f = new TcpFixture(s => s.ConnectionsMax = 2);
            Assert.NotNull(f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now));
            Assert.NotNull(f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now));
            Assert.Null(f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now));
            Assert.Equal(1, f.Layer.Counters.ConnectionTableFull);
        }

        [Fact]
        public void Listen_SamePortTwice_Null()
        {
            TcpFixture f = Listening();
            Assert.Null(f.Layer.Listen(Ipv4Address.Any, ServerPort, 4));
            Assert.Null(f.Layer.Listen(LocalIp, ServerPort, 4));
        }

        [Fact]
        public void ListenerClose_PendingChildReset()
        {
            TcpFixture f = SynReceived();
            f.Listener!.Close(f.Now);
            f.ExpectOne(new Seg(TcpFlags.Rst, f.L(1), 0, 0));
            Assert.Null(f.Layer.Find(f.Flow));
            Assert.Equal(0, f.Layer.ConnectionCount);
        }

        [Fact]
        public void Isn_DiffersPerFlowAndAdvancesWithClock()
        {
            TcpFixture f = new TcpFixture();
            TcpControlBlock first = f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now)!;
            uint firstIss = f.TakeOne().Seq;
            f.Now += 4000 * 1000; // 4 ms = 1000 ticks of 4 us
            f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now);
            uint secondIss = f.TakeOne().Seq;
            Assert.NotEqual(firstIss, secondIss);
            Assert.NotNull(first);
        }
    }
}
