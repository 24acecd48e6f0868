// Two whole stacks in one process (NetStack: Ethernet, ARP, IPv4, TCP) on the seeded faulty wire,
// driven by a virtual clock: a connection is opened through ARP resolution and a handshake over a
// wire that loses, duplicates, reorders and delays frames, then 1 MB goes each way at once and
// both sides close. Safety: every byte read is the byte written at that offset. Liveness: both
// transfers and both closes finish within the simulated time bound. The seed comes first in
// every failure message, so a failing seed replays exactly.
using System;
using OSv.Net.Ip;
using OSv.Net.Stack;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;

namespace OSv.Net.Tests.Simulation
{
    public class StackSimulationTests
    {
        private const int TransferBytes = 1 << 20;
        private const int Seeds = 100;
        private const ushort ServerPort = 5000;
        private const long SimulatedTimeMaxNs = 600L * 1_000_000_000;
        private const long StepNsMin = 1_000;  // time moves at least this much per idle step

        private static readonly Ipv4Address ServerAddress = new Ipv4Address(10, 0, 0, 1);
        private static readonly Ipv4Address ClientAddress = new Ipv4Address(10, 0, 0, 2);
        private static readonly Ipv4Address Mask = new Ipv4Address(255, 255, 255, 0);

        public static TheoryData<int> SeedIndexes()
        {
            var data = new TheoryData<int>();
            for (int i = 0; i < Seeds; i++)
                data.Add(i);
            return data;
        }

        [Theory]
        [MemberData(nameof(SeedIndexes))]
        public void TwoStacks_LossReorderDuplication_MegabyteEachWayByteExactThenBothClose(int seedIndex)
        {
            ulong seed = SimulationSeedBase.Default + 0x5700 + (ulong)seedIndex;
            var faults = new WireFaults
            {
                LossProbability = 0.05,
                DuplicateProbability = 0.02,
                ReorderProbability = 0.05,
                ReorderDelayNs = 3_000_000,
                LatencyNs = 500_000,
                JitterNs = 200_000,
            };
            new Run(seed, faults).Execute();
        }

        private sealed class Run
        {
            private readonly ulong _seed;
            private readonly SimulationClock _clock = new SimulationClock(1_000_000_000);
            private readonly SimulatedWire _wire;
            private readonly NetStack _server, _client;
            private readonly Side _serverSide = new Side(0x51), _clientSide = new Side(0xC1);

            public Run(ulong seed, WireFaults faults)
            {
                _seed = seed;
                var serverDevice = new SimulatedFrameDevice(new MacAddress(0x02, 0, 0, 0, 0, 1));
                var clientDevice = new SimulatedFrameDevice(new MacAddress(0x02, 0, 0, 0, 0, 2));
                _wire = new SimulatedWire(_clock, seed, serverDevice, clientDevice, faults);
                _server = new NetStack(serverDevice, NetConfiguration.Static(ServerAddress, Mask, Ipv4Address.Any, netChannels: false)!, new TcpSettings(), (uint)seed);
                _client = new NetStack(clientDevice, NetConfiguration.Static(ClientAddress, Mask, Ipv4Address.Any, netChannels: false)!, new TcpSettings(), (uint)(seed >> 1) ^ 0xA5A5u);
            }

            public void Execute()
            {
                TcpListenerBlock listener = _server.Tcp.Listen(Ipv4Address.Any, ServerPort, 4) ?? throw new InvalidOperationException("listen");
                _clientSide.Block = _client.Tcp.Connect(ClientAddress, ServerAddress, ServerPort, _clock.NowNs) ?? throw new InvalidOperationException("connect");
                while (!(_serverSide.Done && _clientSide.Done))
                {
                    long now = _clock.NowNs;
                    if (now >= 1_000_000_000 + SimulatedTimeMaxNs)
                        Assert.Fail(Describe("not done after " + SimulatedTimeMaxNs / 1_000_000_000 + " simulated seconds"));
                    _wire.DeliverDue();
                    _server.PollDevice(now, 256);
                    _client.PollDevice(now, 256);
                    if (_serverSide.Block == null && listener.TryAccept(out TcpControlBlock? accepted))
                        _serverSide.Block = accepted;
                    bool progress = _serverSide.Pump(now, _seed) | _clientSide.Pump(now, _seed);
                    _server.Poll(now);
                    _client.Poll(now);
                    if (progress)
                        continue;
                    long next = Math.Min(_wire.NextDeliveryNs, Math.Min(_server.NextDeadlineNs, _client.NextDeadlineNs));
                    if (next == long.MaxValue)
                        Assert.Fail(Describe("deadlock: nothing in flight and no timer armed"));
                    _clock.AdvanceTo(Math.Max(next, now + StepNsMin));
                }
                Assert.True(_serverSide.Received == TransferBytes && _clientSide.Received == TransferBytes, Describe("short transfer"));
            }

            private string Describe(string what) =>
                "seed " + _seed + ": " + what + "; server received " + _serverSide.Received + ", sent " + _serverSide.Sent + " (" + _serverSide.Block?.State +
                "), client received " + _clientSide.Received + ", sent " + _clientSide.Sent + " (" + _clientSide.Block?.State + "); wire lost " + _wire.Lost +
                ", duplicated " + _wire.Duplicated + ", reordered " + _wire.Reordered + ", delivered " + _wire.Delivered;
        }

        // One application: sends TransferBytes of its pattern, reads and checks the peer's, then
        // closes once both directions are complete; done when the peer's FIN has arrived too.
        private sealed class Side
        {
            private readonly byte _stream;
            private bool _closed;

            public Side(byte stream) => _stream = stream;

            public TcpControlBlock? Block;
            public int Sent, Received;

            public bool Done => _closed && Block != null && Block.PeerClosed;

            public bool Pump(long nowNs, ulong seed)
            {
                if (Block == null || Block.State == TcpState.SynSent || Block.State == TcpState.SynReceived)
                    return false;
                bool progress = false;
                while (Sent < TransferBytes)
                {
                    Span<byte> space = Block.SendSpace(); // zero-copy: the pattern is written in place
                    int count = Math.Min(space.Length, TransferBytes - Sent);
                    if (count == 0)
                        break;
                    for (int i = 0; i < count; i++)
                        space[i] = PatternByte(_stream, Sent + i);
                    Block.CommitSend(count, nowNs);
                    Sent += count;
                    progress = true;
                }
                while (true)
                {
                    ReadOnlySpan<byte> received = Block.PeekReceived();
                    if (received.IsEmpty)
                        break;
                    byte peer = (byte)(_stream == 0x51 ? 0xC1 : 0x51);
                    for (int i = 0; i < received.Length; i++)
                    {
                        if (received[i] != PatternByte(peer, Received + i))
                            throw new InvalidOperationException("seed " + seed + ": byte " + (Received + i) + " from the peer differs");
                    }
                    Received += received.Length;
                    Block.Consume(received.Length, nowNs);
                    progress = true;
                }
                if (!_closed && Sent == TransferBytes && Received == TransferBytes)
                {
                    Block.Close(nowNs);
                    _closed = true;
                    progress = true;
                }
                return progress;
            }

            private static byte PatternByte(byte stream, int offset) => (byte)(offset % 251 ^ stream ^ offset / 4093);
        }
    }
}
