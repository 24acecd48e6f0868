using System;
using OSv.Core.Boot;
using OSv.Core.Memory;
using Xunit;

namespace OSv.Core.Tests.Memory
{
    public class PhysicalRangesTests
    {
        private const ulong KiB = 1UL << 10;
        private const ulong MiB = 1UL << 20;
        private const ulong GiB = 1UL << 30;
        private const ulong Frame = PhysicalRanges.FrameSizeBytes;

        private static MemoryRegion[] Compute(MemoryRegion[] usable, MemoryRegion[] reserved, int capacity = 16)
        {
            var destination = new MemoryRegion[capacity];
            Assert.True(PhysicalRanges.TryCompute(usable, reserved, destination, out int count));
            var ranges = destination.AsSpan(0, count).ToArray();
            Assert.True(PhysicalRanges.AreCanonical(ranges));
            return ranges;
        }

        private static MemoryRegion Region(ulong start, ulong end) => new MemoryRegion(start, end - start);

        [Fact]
        public void TryCompute_RegionsNotFrameAligned_ShrinksInward()
        {
            MemoryRegion[] ranges = Compute(new[] { Region(1 * MiB + 100, 2 * MiB - 1) }, Array.Empty<MemoryRegion>());
            Assert.Single(ranges);
            Assert.Equal(1 * MiB + Frame, ranges[0].Start);
            Assert.Equal(2 * MiB - Frame, ranges[0].End);
        }

        [Fact]
        public void TryCompute_ImageInsideRegion_SplitsAroundFramesOfImage()
        {
            MemoryRegion[] ranges = Compute(new[] { Region(1 * MiB, 64 * MiB) }, new[] { Region(2 * MiB + 10, 3 * MiB + 10) });
            Assert.Equal(2, ranges.Length);
            Assert.Equal(Region(1 * MiB, 2 * MiB), ranges[0]);
            Assert.Equal(Region(3 * MiB + Frame, 64 * MiB), ranges[1]);
        }

        [Fact]
        public void TryCompute_OverlappingAndTouchingRegions_Merged()
        {
            var usable = new[] { Region(8 * MiB, 16 * MiB), Region(1 * MiB, 4 * MiB + 2048), Region(4 * MiB + 2048, 9 * MiB) };
            MemoryRegion[] ranges = Compute(usable, Array.Empty<MemoryRegion>());
            Assert.Single(ranges);
            Assert.Equal(Region(1 * MiB, 16 * MiB), ranges[0]);
        }

        [Fact]
        public void TryCompute_UnsortedRegions_SortedOutput()
        {
            var usable = new[] { Region(3 * GiB, 4 * GiB), Region(1 * MiB, 2 * MiB), Region(64 * MiB, 128 * MiB) };
            MemoryRegion[] ranges = Compute(usable, Array.Empty<MemoryRegion>());
            Assert.Equal(new[] { Region(1 * MiB, 2 * MiB), Region(64 * MiB, 128 * MiB), Region(3 * GiB, 4 * GiB) }, ranges);
        }

        [Fact]
        public void TryCompute_RegionAtAddressZero_FirstFrameExcluded()
        {
            MemoryRegion[] ranges = Compute(new[] { Region(0, 640 * KiB) }, Array.Empty<MemoryRegion>());
            Assert.Equal(Region(Frame, 640 * KiB), ranges[0]);
        }

        [Fact]
        public void TryCompute_ReservedCoversRegion_DropsIt()
        {
            var usable = new[] { Region(1 * MiB, 2 * MiB), Region(4 * MiB, 8 * MiB) };
            MemoryRegion[] ranges = Compute(usable, new[] { Region(512 * KiB, 3 * MiB) });
            Assert.Equal(new[] { Region(4 * MiB, 8 * MiB) }, ranges);
        }

        [Fact]
        public void TryCompute_ReservedOverlapsBothEnds_TrimsEach()
        {
            var usable = new[] { Region(1 * MiB, 4 * MiB), Region(6 * MiB, 8 * MiB) };
            MemoryRegion[] ranges = Compute(usable, new[] { Region(3 * MiB, 7 * MiB) });
            Assert.Equal(new[] { Region(1 * MiB, 3 * MiB), Region(7 * MiB, 8 * MiB) }, ranges);
        }

        [Fact]
        public void TryCompute_DestinationTooSmallForSplit_ReturnsFalse()
        {
            var destination = new MemoryRegion[1];
            bool ok = PhysicalRanges.TryCompute(new[] { Region(1 * MiB, 8 * MiB) }, new[] { Region(2 * MiB, 3 * MiB) }, destination, out _);
            Assert.False(ok);
        }

        [Fact]
        public void TryCompute_WrappingOrEmptyEntries_Ignored()
        {
            var usable = new[] { new MemoryRegion(ulong.MaxValue - Frame, 4 * Frame), Region(5 * MiB, 5 * MiB), Region(1 * MiB, 2 * MiB) };
            MemoryRegion[] ranges = Compute(usable, new[] { new MemoryRegion(9 * MiB, 0) });
            Assert.Equal(new[] { Region(1 * MiB, 2 * MiB) }, ranges);
        }

        [Fact]
        public void TryCompute_RamAbovePhysicalMemoryBytesMax_Clipped()
        {
            ulong limit = Limits.PhysicalMemoryBytesMax;
            MemoryRegion[] ranges = Compute(new[] { Region(limit - 4 * MiB, limit + 4 * MiB), Region(limit + 8 * MiB, limit + 16 * MiB) }, Array.Empty<MemoryRegion>());
            Assert.Equal(new[] { Region(limit - 4 * MiB, limit) }, ranges);
        }

        [Fact]
        public void BitmapBase_FirstRangeStart_RoundedDownTo2MiB()
        {
            var ranges = new[] { Region(3 * MiB, 4 * MiB) };
            Assert.Equal(2 * MiB, PhysicalRanges.BitmapBase(ranges));
        }

        [Fact]
        public void BitmapWordCount_RangesWithHole_CoversWholeSpan()
        {
            var ranges = new[] { Region(Frame, 640 * KiB), Region(1 * MiB, 3 * GiB), Region(4 * GiB, 5 * GiB) };
            long spanFrames = (long)(5 * GiB / Frame);
            Assert.Equal(spanFrames, PhysicalRanges.SpanFrameCount(ranges));
            Assert.Equal((int)(spanFrames / 64), PhysicalRanges.BitmapWordCount(ranges));
            Assert.Equal((long)((640 * KiB - Frame + 3 * GiB - 1 * MiB + 1 * GiB) / Frame), PhysicalRanges.UsableFrameCount(ranges));
        }

        [Fact]
        public void BitmapWordCount_PartialLastWord_RoundsUp()
        {
            var ranges = new[] { Region(2 * MiB, 2 * MiB + 65 * Frame) };
            Assert.Equal(2, PhysicalRanges.BitmapWordCount(ranges));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        public void TryCompute_RandomMaps_OutputCanonicalAndExact(int seed)
        {
            // Compares with a frame-by-frame reference over 64 MiB: a frame is usable iff some
            // usable region covers it entirely and no reserved range touches it.
            var random = new Random(seed);
            const int frames = (int)(64 * MiB / Frame);
            for (int round = 0; round < 50; round++)
            {
                var usable = RandomRegions(random, random.Next(1, 6));
                var reserved = RandomRegions(random, random.Next(0, 4));
                MemoryRegion[] ranges = Compute(usable, reserved, Limits.PhysicalRangesMax);
                for (int frame = 0; frame < frames; frame += 7)
                {
                    ulong address = (ulong)frame * Frame;
                    bool expected = frame != 0 && Covers(usable, address) && !Touches(reserved, address);
                    Assert.True(expected == Covers(ranges, address), "seed " + seed + " round " + round + " frame " + frame);
                }
            }
        }

        private static MemoryRegion[] RandomRegions(Random random, int count)
        {
            var regions = new MemoryRegion[count];
            for (int i = 0; i < count; i++)
            {
                ulong start = (ulong)random.Next(0, (int)(60 * MiB));
                regions[i] = new MemoryRegion(start, (ulong)random.Next(0, (int)(8 * MiB)));
            }
            return regions;
        }

        private static bool Covers(MemoryRegion[] regions, ulong frameAddress)
        {
            // Regions touching or overlapping merge first, so a frame may be covered by two.
            ulong covered = frameAddress;
            bool progressed = true;
            while (progressed && covered < frameAddress + Frame)
            {
                progressed = false;
                foreach (MemoryRegion region in regions)
                {
                    if (region.Start <= covered && region.End > covered)
                    {
                        covered = region.End;
                        progressed = true;
                    }
                }
            }
            return covered >= frameAddress + Frame;
        }

        private static bool Touches(MemoryRegion[] regions, ulong frameAddress)
        {
            foreach (MemoryRegion region in regions)
            {
                if (region.SizeBytes != 0 && region.Start < frameAddress + Frame && region.End > frameAddress)
                    return true;
            }
            return false;
        }
    }
}
