using System;
using System.Collections.Generic;
using OSv.Core.Boot;
using OSv.Core.Memory;
using Xunit;
using static OSv.Core.Tests.Memory.PageFrameFixture;

namespace OSv.Core.Tests.Memory
{
    public class PageFrameAllocatorTests
    {
        private const int Capacity = Limits.PageFrameCacheCapacity;
        private const int Batch = Limits.PageFrameCacheBatchFrames;

        private static List<ulong> AllocateAll(PageFrameAllocator allocator, int cpu)
        {
            var frames = new List<ulong>();
            while (allocator.TryAllocate(cpu, out ulong frame))
                frames.Add(frame);
            return frames;
        }

        [Fact]
        public void Constructor_PcLayout_AllUsableFramesFree()
        {
            PageFrameFixture fixture = Pc();
            Assert.Equal(PcTotalFrames, fixture.Allocator.TotalFrames);
            Assert.Equal(PcTotalFrames, fixture.Allocator.PoolFreeFrames);
            fixture.AssertTotalsExact(0);
        }

        [Fact]
        public void AllocateThenFree_SameCpu_FreeFramesRestored()
        {
            PageFrameFixture fixture = Pc();
            ulong frame = fixture.Allocator.Allocate(0, "test");
            Assert.True(fixture.RangeOf(frame, 1) >= 0);
            fixture.AssertTotalsExact(1);
            fixture.Allocator.Free(0, frame);
            fixture.AssertTotalsExact(0);
        }

        [Fact]
        public void TryAllocate_EmptyCache_RefillsOneBatch()
        {
            PageFrameFixture fixture = Pc();
            Assert.True(fixture.Allocator.TryAllocate(0, out _));
            Assert.Equal(1, fixture.Allocator.RefillCount);
            Assert.Equal(Batch - 1, fixture.Allocator.CachedFrameCount(0));
            Assert.Equal(PcTotalFrames - Batch, fixture.Allocator.PoolFreeFrames);
        }

        [Fact]
        public void TryAllocate_SuccessiveCalls_AscendingAddressesFromLowestFrame()
        {
            PageFrameFixture fixture = Pc();
            ulong previous = 0;
            for (int i = 0; i < 3 * Batch; i++)
            {
                Assert.True(fixture.Allocator.TryAllocate(0, out ulong frame));
                Assert.True(frame > previous);
                previous = frame;
            }
            Assert.Equal(Frame + (3 * Batch - 1) * Frame, previous);
        }

        [Fact]
        public void Free_FullCache_DrainsOneBatchAndTotalsStayExact()
        {
            PageFrameFixture fixture = Pc();
            var held = new List<ulong>();
            for (int i = 0; i < Capacity + 1; i++)
                held.Add(fixture.Allocator.Allocate(0, "test"));
            fixture.Allocator.DrainCache(0);
            long drains = fixture.Allocator.DrainCount;
            for (int i = 0; i < Capacity; i++)
                fixture.Allocator.Free(0, held[i]);
            Assert.Equal(Capacity, fixture.Allocator.CachedFrameCount(0));
            Assert.Equal(drains, fixture.Allocator.DrainCount);
            fixture.AssertTotalsExact(1);

            fixture.Allocator.Free(0, held[Capacity]);
            Assert.Equal(drains + 1, fixture.Allocator.DrainCount);
            Assert.Equal(Capacity - Batch + 1, fixture.Allocator.CachedFrameCount(0));
            fixture.AssertTotalsExact(0);
        }

        [Fact]
        public void AllocateFree_AlternatingAfterRefill_NeverTakesPoolLock()
        {
            PageFrameFixture fixture = Pc();
            ulong first = fixture.Allocator.Allocate(0, "test");
            long enters = fixture.Lock.EnterCount;
            for (int i = 0; i < 1000; i++)
                fixture.Allocator.Free(0, fixture.Allocator.Allocate(0, "test"));
            Assert.Equal(enters, fixture.Lock.EnterCount);
            Assert.Equal(1, fixture.Allocator.RefillCount);
            Assert.Equal(0, fixture.Allocator.DrainCount);
            fixture.Allocator.Free(0, first);
        }

        [Fact]
        public void CachesOfTwoCpus_Independent_EachRefillsOwnBatch()
        {
            PageFrameFixture fixture = Pc(cpuCount: 2);
            ulong a = fixture.Allocator.Allocate(0, "test");
            ulong b = fixture.Allocator.Allocate(1, "test");
            Assert.NotEqual(a, b);
            Assert.Equal(2, fixture.Allocator.RefillCount);
            Assert.Equal(Batch - 1, fixture.Allocator.CachedFrameCount(0));
            Assert.Equal(Batch - 1, fixture.Allocator.CachedFrameCount(1));
            fixture.Allocator.Free(1, a); // a frame may go back on any CPU
            Assert.Equal(Batch, fixture.Allocator.CachedFrameCount(1));
            fixture.AssertTotalsExact(1);
        }

        [Fact]
        public void TryAllocateRun_Available_ContiguousInOneRangeAndNeverHandedOutAgain()
        {
            PageFrameFixture fixture = Pc();
            Assert.True(fixture.Allocator.TryAllocateRun(0, 100, out ulong run));
            Assert.True(fixture.RangeOf(run, 100) >= 0);
            Assert.Equal(0UL, run % Frame);
            foreach (ulong frame in AllocateAll(fixture.Allocator, 0))
                Assert.False(frame >= run && frame < run + 100 * Frame, "frame inside the run handed out");
            fixture.AssertTotalsExact(fixture.Allocator.TotalFrames);
        }

        [Fact]
        public void TryAllocateRun_LargerThanFreeSpanInEitherRange_ReturnsFalse()
        {
            // Two ranges of 10 and 9 frames, one reserved frame between: 19 free, no run of 11.
            ulong start = 2 * MiB;
            var fixture = new PageFrameFixture(new[] { Region(start, start + 20 * Frame) },
                new[] { Region(start + 10 * Frame, start + 11 * Frame) }, 1);
            Assert.Equal(19, fixture.Allocator.TotalFrames);
            Assert.False(fixture.Allocator.TryAllocateRun(0, 11, out _));
            Assert.True(fixture.Allocator.TryAllocateRun(0, 10, out ulong run));
            Assert.Equal(start, run);
            Assert.True(fixture.Allocator.TryAllocateRun(0, 9, out ulong second));
            Assert.Equal(start + 11 * Frame, second);
            Assert.False(fixture.Allocator.TryAllocateRun(0, 1, out _));
        }

        [Fact]
        public void TryAllocateLargeRun_UnalignedRange_All2MiBAlignedAndDisjoint()
        {
            PageFrameFixture fixture = Pc();
            var runs = new List<ulong>();
            while (fixture.Allocator.TryAllocateLargeRun(0, out ulong run))
            {
                Assert.Equal(0UL, run % (2 * MiB));
                Assert.True(fixture.RangeOf(run, LargeRunFramesOf()) >= 0);
                Assert.DoesNotContain(run, runs);
                runs.Add(run);
            }
            Assert.Equal(8, runs.Count); // [4 MiB, 20 MiB)
            Assert.Equal(4 * MiB, runs[0]);
            fixture.AssertTotalsExact(8L * PageFrameAllocator.LargeRunFrames);
        }

        private static long LargeRunFramesOf() => PageFrameAllocator.LargeRunFrames;

        [Fact]
        public void TryAllocateLargeRun_NoAligned2MiB_ReturnsFalseThoughFramesFree()
        {
            var fixture = new PageFrameFixture(new[] { Region(3 * MiB, 5 * MiB + 4 * KiB) }, Array.Empty<MemoryRegion>(), 1);
            Assert.True(fixture.Allocator.PoolFreeFrames > PageFrameAllocator.LargeRunFrames);
            Assert.False(fixture.Allocator.TryAllocateLargeRun(0, out _));
            Assert.Equal(1, fixture.Allocator.FailedAllocationCount);
        }

        [Fact]
        public void TryAllocate_Exhausted_ReturnsFalseThenSucceedsAfterFree()
        {
            PageFrameFixture fixture = Pc();
            List<ulong> frames = AllocateAll(fixture.Allocator, 0);
            Assert.Equal(PcTotalFrames, frames.Count);
            Assert.Equal(0, fixture.Allocator.FreeFrames);
            Assert.False(fixture.Allocator.TryAllocate(0, out _));
            fixture.Allocator.Free(0, frames[17]);
            Assert.True(fixture.Allocator.TryAllocate(0, out ulong again));
            Assert.Equal(frames[17], again);
        }

        [Fact]
        public void TryAllocateRun_Exhausted_ReturnsFalseThenSucceedsAfterFreeRun()
        {
            PageFrameFixture fixture = Pc();
            var runs = new List<ulong>();
            while (fixture.Allocator.TryAllocateRun(0, 64, out ulong run))
                runs.Add(run);
            Assert.False(fixture.Allocator.TryAllocateRun(0, 64, out _));
            fixture.Allocator.FreeRun(runs[3], 64);
            Assert.True(fixture.Allocator.TryAllocateRun(0, 64, out ulong again));
            Assert.Equal(runs[3], again);
        }

        [Fact]
        public void TryAllocateRun_FreeFramesOnlyInOwnCache_DrainsItAndSucceeds()
        {
            PageFrameFixture fixture = Pc(cpuCount: 2);
            List<ulong> frames = AllocateAll(fixture.Allocator, 0);
            for (int i = 1000; i < 1040; i++)
                fixture.Allocator.Free(0, frames[i]); // 40 contiguous frames, all in cpu 0's cache
            Assert.Equal(40, fixture.Allocator.CachedFrameCount(0));
            Assert.False(fixture.Allocator.TryAllocateRun(1, 40, out _)); // another CPU's cache is out of reach
            Assert.True(fixture.Allocator.TryAllocateRun(0, 40, out ulong run));
            Assert.Equal(frames[1000], run);
            Assert.Equal(0, fixture.Allocator.CachedFrameCount(0));
        }

        [Fact]
        public void AllocateEverything_ImageReserved_NoFrameInImageOrAtZero()
        {
            PageFrameFixture fixture = Pc();
            var seen = new HashSet<ulong>();
            while (fixture.Allocator.TryAllocateRun(0, 7, out ulong run))
            {
                for (ulong frame = run; frame < run + 7 * Frame; frame += Frame)
                    Assert.True(seen.Add(frame));
            }
            foreach (ulong frame in AllocateAll(fixture.Allocator, 0))
                Assert.True(seen.Add(frame));
            Assert.Equal(PcTotalFrames, seen.Count);
            foreach (ulong frame in seen)
            {
                Assert.False(frame + Frame > Image.Start && frame < Image.End, "frame in the image: " + frame);
                Assert.NotEqual(0UL, frame);
            }
        }

        [Fact]
        public void Free_SameFrameTwiceOnOneCpu_Throws()
        {
            PageFrameFixture fixture = Pc();
            ulong frame = fixture.Allocator.Allocate(0, "test");
            fixture.Allocator.Free(0, frame);
            var failure = Assert.Throws<InvalidOperationException>(() => fixture.Allocator.Free(0, frame));
            Assert.Contains("double free", failure.Message);
            Assert.Contains("0x" + frame.ToString("x"), failure.Message);
        }

        [Fact]
        public void Free_FrameAlreadyBackInPool_Throws()
        {
            PageFrameFixture fixture = Pc();
            ulong frame = fixture.Allocator.Allocate(0, "test");
            fixture.Allocator.Free(0, frame);
            fixture.Allocator.DrainCache(0);
            var failure = Assert.Throws<InvalidOperationException>(() => fixture.Allocator.Free(0, frame));
            Assert.Contains("double free", failure.Message);
        }

        [Fact]
        public void Free_NeverAllocatedFrame_Throws()
        {
            PageFrameFixture fixture = Pc();
            Assert.Throws<InvalidOperationException>(() => fixture.Allocator.Free(0, 8 * MiB));
        }

        [Fact]
        public void FreeRun_Twice_Throws()
        {
            PageFrameFixture fixture = Pc();
            ulong run = fixture.Allocator.AllocateRun(0, 5, "test");
            fixture.Allocator.FreeRun(run, 5);
            var failure = Assert.Throws<InvalidOperationException>(() => fixture.Allocator.FreeRun(run, 5));
            Assert.Contains("double free", failure.Message);
        }

        [Fact]
        public void Free_SameFrameOnTwoCpus_DetectedWhenSecondCacheDrains()
        {
            PageFrameFixture fixture = Pc(cpuCount: 2);
            ulong frame = fixture.Allocator.Allocate(0, "test");
            fixture.Allocator.Free(0, frame);
            fixture.Allocator.Free(1, frame); // not caught at once (see the design comment)
            fixture.Allocator.DrainCache(0);
            var failure = Assert.Throws<InvalidOperationException>(() => fixture.Allocator.DrainCache(1));
            Assert.Contains("freed twice", failure.Message);
        }

        [Theory]
        [InlineData(1 * MiB)]                 // in the image
        [InlineData(700 * KiB)]               // in the hole below 1 MiB
        [InlineData(0)]                       // frame 0 is never managed
        [InlineData(20 * MiB)]                // just past the end
        [InlineData(64 * MiB)]                // far past the end
        [InlineData(4 * MiB + 8)]             // not frame-aligned
        public void Free_AddressNotManaged_Throws(ulong address)
        {
            PageFrameFixture fixture = Pc();
            Assert.Throws<InvalidOperationException>(() => fixture.Allocator.Free(0, address));
            fixture.AssertTotalsExact(0);
        }

        [Fact]
        public void FreeRun_CrossingRangeEnd_Throws()
        {
            PageFrameFixture fixture = Pc();
            var failure = Assert.Throws<InvalidOperationException>(() => fixture.Allocator.FreeRun(20 * MiB - 2 * Frame, 3));
            Assert.Contains("outside the managed ranges", failure.Message);
        }

        [Fact]
        public void TryAllocate_CpuIndexOutOfRange_Throws()
        {
            PageFrameFixture fixture = Pc(cpuCount: 2);
            Assert.Throws<InvalidOperationException>(() => fixture.Allocator.TryAllocate(2, out _));
            Assert.Throws<InvalidOperationException>(() => fixture.Allocator.TryAllocate(-1, out _));
        }

        [Fact]
        public void Constructor_BitmapTooSmall_Throws()
        {
            var ranges = new[] { Region(2 * MiB, 4 * MiB) };
            Assert.Throws<InvalidOperationException>(() => new PageFrameAllocator(ranges, new ulong[7], 1, new CountingPoolLock()));
        }

        [Fact]
        public void Constructor_TouchingRanges_Throws()
        {
            var ranges = new[] { Region(2 * MiB, 3 * MiB), Region(3 * MiB, 4 * MiB) };
            Assert.Throws<InvalidOperationException>(() => new PageFrameAllocator(ranges, new ulong[8], 1, new CountingPoolLock()));
        }

        [Fact]
        public void OutOfMemoryReason_AfterExhaustion_NamesRequesterAndSizes()
        {
            PageFrameFixture fixture = Pc();
            List<ulong> frames = AllocateAll(fixture.Allocator, 0);
            fixture.Allocator.FreeRun(frames[0], 1);
            Assert.Equal("out of memory: page tables asked for 512 pages (1 free, 4510 total)",
                fixture.Allocator.OutOfMemoryReason("page tables", 512));
        }

        [Fact]
        public void OutOfMemoryReason_LongRequester_IsCutToTheBoundedPanicText()
        {
            PageFrameFixture fixture = Pc();
            string reason = fixture.Allocator.OutOfMemoryReason(new string('r', 500), 512);
            Assert.Equal(160, reason.Length);
            Assert.StartsWith("out of memory: rrrr", reason);
        }

        [Fact]
        public void Statistics_MixedOperations_CountEachOnce()
        {
            PageFrameFixture fixture = Pc();
            ulong single = fixture.Allocator.Allocate(0, "test");
            ulong run = fixture.Allocator.AllocateRun(0, 3, "test");
            ulong large = fixture.Allocator.AllocateLargeRun(0, "test");
            fixture.Allocator.Free(0, single);
            fixture.Allocator.FreeRun(run, 3);
            Assert.False(fixture.Allocator.TryAllocateRun(0, 100_000, out _));
            Assert.Equal(3, fixture.Allocator.AllocationCount);
            Assert.Equal(2, fixture.Allocator.FreeCount);
            Assert.Equal(1, fixture.Allocator.FailedAllocationCount);
            Assert.Equal(1, fixture.Allocator.RefillCount);
            fixture.AssertTotalsExact(PageFrameAllocator.LargeRunFrames);
            fixture.Allocator.FreeRun(large, PageFrameAllocator.LargeRunFrames);
            fixture.AssertTotalsExact(0);
        }

        [Fact]
        public void Limits_CacheBatch_LeavesHysteresis()
        {
            Assert.InRange(Limits.PageFrameCacheBatchFrames, 1, Limits.PageFrameCacheCapacity / 2);
        }
    }
}
