using System;
using OSv.Net.Link;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Net.Tests.Simulation
{
    // The simulated wire itself: exact delivery without faults, fault rates within tolerance over
    // many frames, and determinism (same seed, same trace). Seeds come from SimulationSeeds and
    // appear in every failure message.
    public class SimulatedWireTests
    {
        private const int FrameBytes = 64;
        private static readonly MacAddress MacA = new MacAddress(0x02, 0, 0, 0, 0, 0xA);
        private static readonly MacAddress MacB = new MacAddress(0x02, 0, 0, 0, 0, 0xB);

        private readonly ITestOutputHelper _output;

        public SimulatedWireTests(ITestOutputHelper output) => _output = output;

        private sealed class Rig
        {
            public readonly SimulationClock Clock = new SimulationClock();
            public readonly SimulatedFrameDevice A = new SimulatedFrameDevice(MacA, buffers: 256);
            public readonly SimulatedFrameDevice B = new SimulatedFrameDevice(MacB, buffers: 256);
            public readonly SimulatedWire Wire;

            public Rig(ulong seed, WireFaults faults) => Wire = new SimulatedWire(Clock, seed, A, B, faults);
        }

        // A frame whose every byte follows from its number, so corruption is always visible.
        private static byte[] Numbered(int number)
        {
            var frame = new byte[FrameBytes];
            frame[0] = (byte)(number >> 24);
            frame[1] = (byte)(number >> 16);
            frame[2] = (byte)(number >> 8);
            frame[3] = (byte)number;
            // A bijective mix of the number (odd multiplies and xor-shifts): two numbers differ in
            // some byte of the mix, and each byte repeats through the frame.
            uint mix = (uint)number * 2654435761u;
            mix ^= mix >> 15;
            mix *= 2246822519u;
            mix ^= mix >> 13;
            for (int i = 4; i < FrameBytes; i++)
                frame[i] = (byte)((mix >> (8 * (i & 3))) ^ (uint)i);
            return frame;
        }

        private static bool IsIntact(ReadOnlySpan<byte> frame, out int number)
        {
            number = frame[0] << 24 | frame[1] << 16 | frame[2] << 8 | frame[3];
            return frame.Length == FrameBytes && frame.SequenceEqual(Numbered(number));
        }

        [Fact]
        public void NoFaults_Send_DeliveredOnceExactAfterLatency()
        {
            var rig = new Rig(1, WireFaults.None with { LatencyNs = 5_000 });
            Assert.True(rig.A.TrySend(Numbered(7)));
            Assert.Equal(5_000, rig.Wire.NextDeliveryNs);
            rig.Clock.AdvanceTo(4_999);
            Assert.False(rig.B.TryTake(out _));
            rig.Clock.AdvanceTo(5_000);
            Assert.True(rig.B.TryTake(out FrameLease lease));
            Assert.True(rig.B.Bytes(lease).SequenceEqual(Numbered(7)));
            rig.B.Return(lease);
            Assert.False(rig.B.TryTake(out _));
            Assert.Equal(long.MaxValue, rig.Wire.NextDeliveryNs);
            Assert.Equal(0, rig.B.LeasesOutstanding);
        }

        [Fact]
        public void NoFaults_BothDirections_EachSideGetsTheOthersFrames()
        {
            var rig = new Rig(1, WireFaults.None);
            rig.A.TrySend(Numbered(1));
            rig.B.TrySend(Numbered(2));
            Assert.True(rig.A.TryTake(out FrameLease fromB));
            Assert.True(rig.B.TryTake(out FrameLease fromA));
            Assert.True(IsIntact(rig.A.Bytes(fromB), out int numberB) && numberB == 2);
            Assert.True(IsIntact(rig.B.Bytes(fromA), out int numberA) && numberA == 1);
            rig.A.Return(fromB);
            rig.B.Return(fromA);
        }

        [Fact]
        public void NoFaults_SameDeliveryTime_SendOrderKept()
        {
            var rig = new Rig(1, WireFaults.None with { LatencyNs = 100 });
            for (int i = 0; i < 50; i++)
                rig.A.TrySend(Numbered(i));
            rig.Clock.AdvanceTo(100);
            for (int i = 0; i < 50; i++)
            {
                Assert.True(rig.B.TryTake(out FrameLease lease));
                Assert.True(IsIntact(rig.B.Bytes(lease), out int number));
                Assert.Equal(i, number);
                rig.B.Return(lease);
            }
        }

        [Fact]
        public void Device_ReturnTwice_CountedAsBadReturn()
        {
            var rig = new Rig(1, WireFaults.None);
            rig.A.TrySend(Numbered(1));
            Assert.True(rig.B.TryTake(out FrameLease lease));
            rig.B.Return(lease);
            rig.B.Return(lease);
            rig.B.Return(new FrameLease(-1, 10));
            rig.B.Return(new FrameLease(100_000, 10));
            Assert.Equal(3, rig.B.BadReturns);
            Assert.Equal(0, rig.B.LeasesOutstanding);
        }

        [Fact]
        public void Device_NoFreeBuffer_FrameDroppedAndCounted()
        {
            var clock = new SimulationClock();
            var a = new SimulatedFrameDevice(MacA);
            var b = new SimulatedFrameDevice(MacB, buffers: 2);
            var wire = new SimulatedWire(clock, 1, a, b);
            for (int i = 0; i < 3; i++)
                a.TrySend(Numbered(i));
            wire.DeliverDue();
            Assert.Equal(2, b.FramesQueued);
            Assert.Equal(1, b.ReceiveDropped);
            Assert.Equal(2, wire.Delivered);
        }

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void Faults_ManyFrames_RatesWithinTolerance(ulong seed)
        {
            _output.WriteLine("seed " + seed);
            const int Frames = 20_000;
            var faults = new WireFaults
            {
                LossProbability = 0.10,
                DuplicateProbability = 0.05,
                ReorderProbability = 0.10,
                ReorderDelayNs = 50_000,
                CorruptProbability = 0.03,
                CorruptBitFlipsMax = 3,
                LatencyNs = 10_000,
                JitterNs = 2_000,
            };
            var rig = new Rig(seed, faults);
            int received = 0;
            int corrupt = 0;
            int outOfOrder = 0;
            int highest = -1;
            for (int i = 0; i < Frames; i++)
            {
                Assert.True(rig.A.TrySend(Numbered(i)));
                rig.Clock.Advance(1_000);
                while (rig.B.TryTake(out FrameLease lease))
                {
                    received++;
                    if (!IsIntact(rig.B.Bytes(lease), out int number))
                        corrupt++;
                    else if (number < highest)
                        outOfOrder++;
                    else
                        highest = number;
                    rig.B.Return(lease);
                }
            }
            rig.Clock.Advance(faults.LatencyNs + faults.JitterNs + faults.ReorderDelayNs);
            while (rig.B.TryTake(out FrameLease lease))
            {
                received++;
                if (!IsIntact(rig.B.Bytes(lease), out _))
                    corrupt++;
                rig.B.Return(lease);
            }
            string context = "seed " + seed;
            AssertRate(rig.Wire.Lost, Frames, faults.LossProbability, context + " loss");
            AssertRate(rig.Wire.Duplicated, Frames - rig.Wire.Lost, faults.DuplicateProbability, context + " duplication");
            long copies = Frames - rig.Wire.Lost + rig.Wire.Duplicated;
            AssertRate(rig.Wire.Reordered, copies, faults.ReorderProbability, context + " reorder");
            AssertRate(rig.Wire.Corrupted, copies, faults.CorruptProbability, context + " corruption");
            Assert.True(copies == received, context + ": " + copies + " copies, " + received + " received");
            Assert.True(rig.Wire.Corrupted == corrupt, context + ": corrupted " + rig.Wire.Corrupted + ", seen " + corrupt);
            Assert.True(outOfOrder > 0, context + ": reordering never overtook a frame");
            Assert.True(rig.B.LeasesOutstanding == 0 && rig.B.BadReturns == 0 && rig.Wire.InFlight == 0, context);
        }

        // Within 4 standard deviations of the binomial mean (a false failure ~ 1 in 15,000 runs).
        private static void AssertRate(long observed, long trials, double probability, string context)
        {
            double mean = trials * probability;
            double tolerance = 4 * Math.Sqrt(trials * probability * (1 - probability));
            Assert.True(Math.Abs(observed - mean) <= tolerance,
                context + ": " + observed + " of " + trials + ", expected " + mean.ToString("F0") + " +- " + tolerance.ToString("F0"));
        }

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void Jitter_EveryDelivery_WithinLatencyPlusJitter(ulong seed)
        {
            var rig = new Rig(seed, WireFaults.None with { LatencyNs = 1_000, JitterNs = 500 });
            for (int i = 0; i < 200; i++)
            {
                long sentNs = rig.Clock.NowNs;
                rig.A.TrySend(Numbered(i));
                long deliveryNs = rig.Wire.NextDeliveryNs;
                Assert.True(deliveryNs >= sentNs + 1_000 && deliveryNs <= sentNs + 1_500, "seed " + seed + ": " + (deliveryNs - sentNs));
                rig.Clock.AdvanceTo(deliveryNs);
                Assert.True(rig.B.TryTake(out FrameLease lease), "seed " + seed);
                rig.B.Return(lease);
            }
        }

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void SameSeed_SameExchange_SameTrace(ulong seed)
        {
            (ulong first, long delivered) = Exchange(seed);
            (ulong second, long deliveredAgain) = Exchange(seed);
            Assert.True(first == second, "seed " + seed + ": traces differ");
            Assert.True(delivered == deliveredAgain, "seed " + seed);
            (ulong other, _) = Exchange(seed + 1_000_000);
            Assert.True(first != other, "seed " + seed + ": another seed gave the same trace");
        }

        // A ping-pong with every fault on: B echoes each intact frame back, driven by NextDeliveryNs.
        private static (ulong Trace, long Delivered) Exchange(ulong seed)
        {
            var faults = new WireFaults
            {
                LossProbability = 0.05, DuplicateProbability = 0.05, ReorderProbability = 0.1,
                CorruptProbability = 0.05, LatencyNs = 3_000, JitterNs = 1_000,
            };
            var rig = new Rig(seed, faults);
            for (int i = 0; i < 500; i++)
            {
                rig.A.TrySend(Numbered(i));
                long next = Math.Min(rig.Wire.NextDeliveryNs, rig.Clock.NowNs + 2_000);
                rig.Clock.AdvanceTo(Math.Max(next, rig.Clock.NowNs));
                while (rig.B.TryTake(out FrameLease lease))
                {
                    rig.B.TrySend(rig.B.Bytes(lease));
                    rig.B.Return(lease);
                }
                while (rig.A.TryTake(out FrameLease lease))
                    rig.A.Return(lease);
            }
            return (rig.Wire.TraceHash, rig.Wire.Delivered);
        }
    }
}
