using System;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using Xunit;
using static OSv.Net.Tests.Tcp.TcpFixture;

namespace OSv.Net.Tests.Tcp
{
    // The receive window's right edge against the peer's ISS anywhere in sequence space.
    //
    // Regression (booted NetServices against Linux over a tap: echoed data corrupted, then a panic
    // in ByteRing.WriteAt from OnData): a passive open started the right edge at sequence number
    // 0, and the SYN-ACK / handshake ACK only moved it right when RCV.NXT + window compared
    // greater than 0 modulo 2^32, i.e. when the peer's ISS lay in the lower half of sequence
    // space. Otherwise the edge stayed at 0, the window computed as 2^32 - RCV.NXT (up to 2^31),
    // the window field was clamped to 65535 (x 2^scale), and the peer could send past the ring:
    // in-order data wrapped over the held bytes, and the next write ran off the array.
    public class TcpReceiveWindowTests
    {
        private static Seg Data(uint seq, uint ack, int length, int seed = 1) =>
            new Seg(TcpFlags.Ack | TcpFlags.Psh, seq, ack, 8192, Bytes(length, seed));

        // Passive open with the peer's ISS at peerIss; returns the established fixture.
        private static TcpFixture EstablishedFrom(uint peerIss, Action<TcpSettings>? configure = null, int windowScale = -1)
        {
            TcpFixture f = SynReceived(configure, PeerSyn with { Seq = peerIss, WindowScale = windowScale });
            f.Deliver(new Seg(TcpFlags.Ack, peerIss + 1, f.L(1)));
            f.ExpectNone();
            Assert.True(f.Listener!.TryAccept(out TcpControlBlock? accepted));
            Assert.Same(f.Block, accepted);
            Assert.Equal(TcpState.Established, f.B.State);
            return f;
        }

        [Theory]
        [InlineData(0x0000_0000u)]
        [InlineData(0x7FFF_0000u)]
        [InlineData(0x8000_0000u)]
        [InlineData(0xC000_0000u)]
        [InlineData(0xFFFF_F000u)]
        [InlineData(0xFFFF_FFFFu)]
        public void Established_PeerIssAnywhere_AckAdvertisesFreeBuffer(uint peerIss)
        {
            TcpFixture f = EstablishedFrom(peerIss, s => s.DelayedAck = false);
            f.Deliver(Data(peerIss + 1, f.L(1), 100));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), peerIss + 101, BufferBytes - 100));
        }

        [Fact]
        public void Established_PeerIssUpperHalfBufferFull_DataPastItRejectedHeldBytesIntact()
        {
            const uint peerIss = 0xC000_0000u;
            TcpFixture f = EstablishedFrom(peerIss, s => s.DelayedAck = false);
            for (int offset = 0; offset < BufferBytes; offset += 1024)
                f.Deliver(Data(peerIss + 1 + (uint)offset, f.L(1), 1024, seed: offset));
            f.TakeSent();
            f.Deliver(Data(peerIss + 1 + BufferBytes, f.L(1), 1024, seed: 99));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), peerIss + 1 + BufferBytes, 0));
            Assert.Equal(BufferBytes, f.B.ReceivedBytes);
            Assert.Equal(1, f.Layer.Counters.OutOfWindowSegments);
            for (int offset = 0; offset < BufferBytes; offset += 1024)
                Assert.True(f.B.PeekReceived().Slice(offset, 1024).SequenceEqual(Bytes(1024, seed: offset)));
        }

        // The image's configuration: a 64 KiB ring (window scale 1) and Linux's ISS in the upper
        // half; the slow guest application holds everything, and Linux's sender fills the window.
        [Fact]
        public void Established_ScaledWindowPeerIssUpperHalf_OutOfOrderPastRingRejected()
        {
            const uint peerIss = 0x9000_0000u;
            const int ringBytes = 64 * 1024;
            TcpFixture f = EstablishedFrom(peerIss, s => { s.ReceiveBufferBytes = ringBytes; s.DelayedAck = false; }, windowScale: 7);
            f.Deliver(Data(peerIss + 1, f.L(1), 1000));
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), peerIss + 1001, (65535 - 1000) >> 1)); // the SYN-ACK's edge, RCV.NXT + 65535, less the data
            f.Deliver(Data(peerIss + 1 + ringBytes, f.L(1), 1000, seed: 5)); // one ring past RCV.NXT's start
            f.ExpectOne(new Seg(TcpFlags.Ack, f.L(1), peerIss + 1001, (65535 - 1000) >> 1));
            Assert.Equal(1, f.Layer.Counters.OutOfWindowSegments);
            Assert.Equal(0, f.Layer.Counters.ReceiveRingOverruns);
            Assert.Equal(1000, f.B.ReceivedBytes);
            Assert.True(f.B.PeekReceived().SequenceEqual(Bytes(1000)));
        }
    }
}
