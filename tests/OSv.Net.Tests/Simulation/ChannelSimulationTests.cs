using System;
using OSv.Net.Channels;
using OSv.Net.Link;
using OSv.Net.Tcp;
using OSv.Net.Tests.Channels;
using OSv.Testing;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Net.Tests.Simulation
{
    // Net channels over the simulated wire: A sends a seeded mix of established-flow segments
    // (some for a flow with a channel, some not) and control segments through a faulty wire to B,
    // whose classifier sorts them. Every frame B receives goes exactly one way (channel or
    // default path), the channel's consumer sees exactly the claimed frames,
    // and every lease comes back. The seed is printed first and appears in every failure.
    public class ChannelSimulationTests
    {
        private const int Segments = 5_000;
        private const ushort FlowPort = TestFrames.RemotePort;
        private const ushort OtherPort = 40001;

        private readonly ITestOutputHelper _output;

        public ChannelSimulationTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void FaultyWire_MixedSegments_EachFrameOneWayNoLeak(ulong seed)
        {
            _output.WriteLine("seed " + seed);
            string context = "seed " + seed;
            var random = new SimulationRandom(seed);
            var clock = new SimulationClock();
            var a = new SimulatedFrameDevice(TestFrames.RemoteMac);
            var b = new SimulatedFrameDevice(TestFrames.LocalMac, buffers: 512);
            var faults = new WireFaults
            {
                LossProbability = 0.05, DuplicateProbability = 0.05, ReorderProbability = 0.05,
                CorruptProbability = 0.05, CorruptBitFlipsMax = 4, LatencyNs = 20_000, JitterNs = 5_000,
            };
            var wire = new SimulatedWire(clock, seed, a, b, faults);
            var channel = new NetChannel(b);
            var waker = new RecordingWaker();
            channel.Bind(new FlowKey(TestFrames.Local, TestFrames.LocalPort, TestFrames.Remote, FlowPort), waker);
            var flows = new FlowTable((uint)seed);
            flows.Add(channel);
            var classifier = new NetChannelClassifier(flows) { Enabled = true, LocalAddress = TestFrames.Local };
            b.Classifier = classifier;

            long defaultPath = 0;
            long consumed = 0;
            for (int i = 0; i < Segments; i++)
            {
                a.TrySend(Segment(random, (uint)i));
                clock.Advance(random.Between(1_000, 10_000));
                while (b.TryTakeUnclaimed(out FrameLease lease))
                {
                    defaultPath++;
                    b.Return(lease);
                }
                // The consumer runs now and then, as a thread that was woken would.
                if (random.Chance(30))
                    consumed += Consume(b, channel);
            }
            clock.Advance(faults.LatencyNs + faults.JitterNs + faults.ReorderDelayNs);
            while (b.TryTakeUnclaimed(out FrameLease lease))
            {
                defaultPath++;
                b.Return(lease);
            }
            consumed += Consume(b, channel);

            long claimed = classifier.Count(ClassifierOutcome.Claimed);
            Assert.True(claimed + defaultPath == wire.Delivered, context + ": " + claimed + " + " + defaultPath + " != " + wire.Delivered);
            Assert.True(consumed == claimed, context + ": consumed " + consumed + ", claimed " + claimed);
            Assert.True(claimed > Segments / 4, context + ": claimed only " + claimed);
            Assert.True(b.LeasesOutstanding == 0 && b.BadReturns == 0 && b.FramesQueued == 0, context);
            Assert.True(waker.Wakes >= 1 && waker.Wakes <= claimed, context + ": wakes " + waker.Wakes);
        }

        // 60% data for the channel's flow, 15% for another flow, 15% control, 10% UDP-sized junk.
        private static byte[] Segment(SimulationRandom random, uint sequence)
        {
            int kind = random.Between(0, 99);
            var spec = new TestFrames.Tcp { Sequence = sequence, PayloadBytes = random.Between(0, 300), Flags = TestFrames.Ack | TestFrames.Psh };
            if (kind < 60)
                return TestFrames.Frame(spec);
            if (kind < 75)
                return TestFrames.Frame(spec with { SourcePort = OtherPort });
            if (kind < 90)
                return TestFrames.Frame(spec with { Flags = random.Chance(50) ? TestFrames.Fin : TestFrames.Syn, PayloadBytes = 0 });
            var junk = new byte[random.Between(1, 80)];
            for (int i = 0; i < junk.Length; i++)
                junk[i] = (byte)random.NextUInt64();
            return junk;
        }

        // The consumer: what it does with a frame is the TCP work's (full input); here it checks
        // the lease is readable and returns it.
        private static long Consume(SimulatedFrameDevice device, NetChannel channel)
        {
            long count = 0;
            while (channel.TryPop(out FrameLease lease))
            {
                Assert.Equal(lease.Length, device.Bytes(lease).Length);
                device.Return(lease);
                count++;
            }
            return count;
        }
    }
}
