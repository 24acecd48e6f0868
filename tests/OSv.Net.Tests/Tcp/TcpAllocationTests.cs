using System;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;
using static OSv.Net.Tests.Tcp.TcpFixture;

namespace OSv.Net.Tests.Tcp
{
    // Style rule 4: once warmed up, the data path allocates nothing (images have no collector).
    public class TcpAllocationTests
    {
        [Fact]
        public void Established_ReceiveReadSendAck_ZeroBytesAllocated()
        {
            TcpFixture f = Established(s => s.Nagle = false);
            f.Tx.Record = false;
            // Each run (AllocationMeter's warm-up and each window) takes the next RoundsPerRun
            // segments, so every window does the same work: in-sequence data that acknowledges ours.
            const int RoundsPerRun = 20;
            const int Rounds = RoundsPerRun * (1 + AllocationMeter.Windows);
            const int Length = 100;
            byte[][] segments = new byte[Rounds][];
            for (int round = 0; round < Rounds; round++)
            {
                // The peer's data, acknowledging everything we sent in the previous rounds.
                Seg data = new Seg(TcpFlags.Ack | TcpFlags.Psh, R(1 + (uint)(round * Length)), f.L(1 + (uint)(round * Length)), 8192, Bytes(Length));
                segments[round] = data.Build(f.RemotePort, f.LocalPort, RemoteIp, LocalIp);
            }
            byte[] outgoing = Bytes(Length);
            byte[] incoming = new byte[Length];
            TcpControlBlock block = f.B;
            TcpLayer layer = f.Layer;
            long now = f.Now;

            void Round(int round)
            {
                now += Ms;
                layer.Receive(RemoteIp, LocalIp, segments[round], now);
                ReadOnlySpan<byte> received = block.PeekReceived();
                block.Consume(received.Length, now);
                block.Send(outgoing, now);
                layer.Poll(now + 50 * Ms);
            }

            int next = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int round = 0; round < RoundsPerRun; round++)
                    Round(next++);
            });
            Assert.Equal(0, allocated);
            Assert.Equal(Rounds, next);
            Assert.Equal(TcpState.Established, block.State);
            Assert.Equal(0, block.ReceivedBytes);
            Assert.Equal(Length, block.SendQueuedBytes); // the last round's data, not yet acknowledged
            Assert.NotNull(incoming);
        }
    }
}
