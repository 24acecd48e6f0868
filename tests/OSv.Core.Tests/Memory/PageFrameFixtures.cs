// Memory layouts and the hosted pool lock shared by the page-frame allocator tests.
using System;
using System.Threading;
using OSv.Core.Boot;
using OSv.Core.Memory;
using Xunit;

namespace OSv.Core.Tests.Memory
{
    // The hosted PoolLock: System.Threading.Lock, counting acquisitions so that tests can tell
    // whether an operation touched the global pool.
    internal sealed class CountingPoolLock : PoolLock
    {
        private readonly Lock _lock = new Lock();
        private long _enterCount;

        public long EnterCount => Interlocked.Read(ref _enterCount);

        public override void Enter()
        {
            _lock.Enter();
            _enterCount++;
        }

        public override void Exit() => _lock.Exit();
    }

    internal sealed class PageFrameFixture
    {
        public const ulong KiB = 1UL << 10;
        public const ulong MiB = 1UL << 20;
        public const ulong Frame = PhysicalRanges.FrameSizeBytes;

        public readonly PageFrameAllocator Allocator;
        public readonly MemoryRegion[] Ranges;
        public readonly CountingPoolLock Lock = new CountingPoolLock();

        public PageFrameFixture(MemoryRegion[] usableRam, MemoryRegion[] reserved, int cpuCount)
        {
            var destination = new MemoryRegion[Limits.PhysicalRangesMax];
            Assert.True(PhysicalRanges.TryCompute(usableRam, reserved, destination, out int count));
            Ranges = destination.AsSpan(0, count).ToArray();
            var bitmap = new ulong[PhysicalRanges.BitmapWordCount(Ranges)];
            Allocator = new PageFrameAllocator(Ranges, bitmap, cpuCount, Lock);
        }

        // A small PC: low memory [0, 640 KiB) and RAM from 1 MiB to 20 MiB, with the image at
        // [1 MiB, 3 MiB + 123). Usable: [4 KiB, 640 KiB) and [3 MiB + 4 KiB, 20 MiB), 4510 frames,
        // eight 2 MiB-aligned 2 MiB runs ([4 MiB, 20 MiB)).
        public static readonly MemoryRegion Image = Region(1 * MiB, 3 * MiB + 123);
        public const long PcTotalFrames = 159 + 4351;

        public static PageFrameFixture Pc(int cpuCount = 1) =>
            new PageFrameFixture(new[] { Region(0, 640 * KiB), Region(1 * MiB, 20 * MiB) }, new[] { Image }, cpuCount);

        public static MemoryRegion Region(ulong start, ulong end) => new MemoryRegion(start, end - start);

        // The range holding [address, address + frames), or -1.
        public int RangeOf(ulong address, long frames)
        {
            for (int i = 0; i < Ranges.Length; i++)
            {
                if (address >= Ranges[i].Start && address + (ulong)frames * Frame <= Ranges[i].End)
                    return i;
            }
            return -1;
        }

        public void AssertTotalsExact(long framesHeld)
        {
            Assert.Equal(Allocator.TotalFrames, Allocator.FreeFrames + framesHeld);
            Allocator.CheckInvariants();
        }
    }
}
