using System;
using OSv.Net.Channels;
using OSv.Testing;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Net.Tests.Fuzz
{
    // A million seeded hostile frames through every layer that exists (LayerHarness): nothing may
    // throw, and every lease must come back. Set OSV_FUZZ_FRAMES to run more (or fewer); the seed
    // is printed first, so a failure replays with the same seed.
    public class FuzzTests
    {
        private const int DefaultFrames = 1_000_000;

        private readonly ITestOutputHelper _output;

        public FuzzTests(ITestOutputHelper output) => _output = output;

        internal static int Frames()
        {
            string? text = Environment.GetEnvironmentVariable("OSV_FUZZ_FRAMES");
            return string.IsNullOrEmpty(text) ? DefaultFrames : int.Parse(text);
        }

        [Fact]
        public void AllLayers_MillionMutatedFrames_NoExceptionNoLeak()
        {
            ulong seed = SimulationSeedBase.Default;
            _output.WriteLine("seed " + seed);
            var harness = new LayerHarness();
            FrameMutator mutator = FrameFuzzer.Run(seed, Frames(), harness.Process);
            harness.DrainChannels();
            string context = "seed " + seed;
            Assert.True(harness.Device.LeasesOutstanding == 0, context + ": leases leaked " + harness.Device.LeasesOutstanding);
            Assert.True(harness.Device.BadReturns == 0 && harness.Device.BadLeaseReads == 0, context);
            Assert.True(harness.Device.FramesQueued == 0, context);
            for (int i = 0; i < FrameMutator.TemplateCount; i++)
                Assert.True(mutator.TemplateCountOf((FrameTemplate)i) > 0, context + ": template " + (FrameTemplate)i);
            for (int i = 0; i < FrameMutator.MutationCount; i++)
                Assert.True(mutator.MutationCountOf((FrameMutation)i) > 0, context + ": mutation " + (FrameMutation)i);
            _output.WriteLine("ethernet " + harness.EthernetOk + ", arp " + harness.ArpOk + ", ipv4 " + harness.Ipv4Ok +
                ", icmp " + harness.IcmpOk + ", udp " + harness.UdpOk + ", reassembled " + harness.ReassembledOk +
                ", channel " + harness.ChannelFramesConsumed + ", oversized " + harness.Oversized);
            for (int i = 0; i < NetChannelClassifier.OutcomeCount; i++)
                _output.WriteLine((ClassifierOutcome)i + " " + harness.Classifier.Count((ClassifierOutcome)i));
        }

        // The fuzzer reaches each layer's accept path, not only its rejections (a smaller run).
        [Fact]
        public void AllLayers_MutatedFrames_ReachEveryLayer()
        {
            var harness = new LayerHarness();
            FrameFuzzer.Run(SimulationSeedBase.Default + 1, 50_000, harness.Process);
            harness.DrainChannels();
            Assert.True(harness.ArpOk > 0);
            Assert.True(harness.IcmpOk > 0);
            Assert.True(harness.UdpOk > 0);
            Assert.True(harness.ReassembledOk > 0);
            Assert.True(harness.ChannelFramesConsumed > 0);
            Assert.True(harness.Classifier.Count(ClassifierOutcome.Claimed) > 0);
            Assert.True(harness.Classifier.Count(ClassifierOutcome.ControlSegment) > 0);
            Assert.True(harness.Classifier.Count(ClassifierOutcome.Malformed) > 0);
            Assert.True(harness.Classifier.Count(ClassifierOutcome.Fragment) > 0);
            Assert.True(harness.Reassembly.Counters.Dropped > 0);
            Assert.Equal(0, harness.Device.LeasesOutstanding);
        }

        [Fact]
        public void SameSeed_Run_SameFrames()
        {
            Assert.Equal(Digest(5), Digest(5));
            Assert.NotEqual(Digest(5), Digest(6));
        }

        private static ulong Digest(ulong seed)
        {
            ulong hash = 14695981039346656037UL;
            FrameFuzzer.Run(seed, 2_000, frame =>
            {
                hash = (hash ^ (ulong)frame.Length) * 1099511628211UL;
                foreach (byte b in frame)
                    hash = (hash ^ b) * 1099511628211UL;
            });
            return hash;
        }
    }
}
