using System.Collections.Generic;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using Xunit;
using static OSv.Net.Tests.Tcp.TcpFixture;

namespace OSv.Net.Tests.Tcp
{
    // The layer's tables: flow lookup through removals, recycling, timers ordered by deadline.
    public class TcpLayerTests
    {
        [Fact]
        public void FlowTable_RemovalsAmongCollisions_EveryRemainingFlowFound()
        {
            TcpFixture f = new TcpFixture(s => s.ConnectionsMax = 64);
            List<TcpControlBlock> blocks = new();
            for (int index = 0; index < 64; index++)
                blocks.Add(f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now)!);
            for (int index = 0; index < 64; index += 2)
            {
                blocks[index].Abort(f.Now);
                blocks[index].Release();
            }
            Assert.Equal(32, f.Layer.ConnectionCount);
            for (int index = 0; index < 64; index++)
            {
                TcpControlBlock? found = f.Layer.Find(blocks[index].Flow);
                if (index % 2 == 0)
                    Assert.Null(found);
                else
                    Assert.Same(blocks[index], found);
            }
        }

        [Fact]
        public void Recycling_ManyConnectionsThroughFewBlocks_NoGrowth()
        {
            TcpFixture f = new TcpFixture(s => s.ConnectionsMax = 2);
            TcpControlBlock? previous = null;
            for (int round = 0; round < 100; round++)
            {
                TcpControlBlock block = f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now)!;
                Assert.NotNull(block);
                if (previous != null)
                    Assert.Same(previous, block);
                block.Abort(f.Now);
                block.Release();
                previous = block;
            }
            Assert.Equal(0, f.Layer.ConnectionCount);
        }

        [Fact]
        public void NextDeadline_EarliestAcrossBlocks()
        {
            TcpFixture f = new TcpFixture();
            f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now);
            long first = f.Layer.NextDeadlineNs;
            f.Now += 300 * Ms;
            f.Layer.Connect(LocalIp, RemoteIp, ServerPort, f.Now);
            Assert.Equal(first, f.Layer.NextDeadlineNs);
            f.TakeSent();
            f.AdvanceToNextDeadline();
            Assert.Single(f.TakeSent()); // only the first SYN was due
            Assert.Equal(f.Now - 700 * Ms + 1000 * Ms, f.Layer.NextDeadlineNs); // the second's, 1 s after it was sent
        }

        [Fact]
        public void ScaledWindow_AdvertisedShifted()
        {
            TcpFixture f = Established(s => s.ReceiveBufferBytes = 256 * 1024, PeerSyn with { WindowScale = 2 });
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1), 100, Bytes(10)));
            f.Advance(40 * Ms);
            Seg ack = f.TakeOne();
            Assert.Equal((256 * 1024 - 10) >> 3, ack.Window); // whole right edge kept: 262134 >> 3
        }

        [Fact]
        public void ScaledPeerWindow_SendUsesShiftedWindow()
        {
            TcpFixture f = Established(s => { s.Nagle = false; s.SendBufferBytes = 64 * 1024; }, PeerSyn with { WindowScale = 4 });
            f.Deliver(new Seg(TcpFlags.Ack, R(1), f.L(1), 1000)); // 1000 << 4 = 16000 bytes
            f.B.Send(new byte[20000], f.Now);
            int total = 0;
            foreach (Seg segment in f.TakeSent())
                total += segment.PayloadLength;
            Assert.Equal(10 * 1460, total); // the initial congestion window (RFC 6928) binds first
        }
    }
}
