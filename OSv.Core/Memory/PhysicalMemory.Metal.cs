// Physical memory at boot and after: the firmware's map becomes the page-frame allocator, which
// then supplies every kernel allocation of whole pages (thread stacks, page tables, fault
// stacks) and the runtime's object heap, chunk by chunk.
//
// Bootstrapping: the allocator's bitmap is a managed array, and managed allocation needs a heap.
// So boot first gives the object heap a small fixed region (BootstrapHeapBytes at the start of
// the largest usable range), allocates the allocator from it, and reserves that region.
// Reserved too: everything below the image's end (low memory, where the AP trampoline lives,
// and the image itself) and everything above the identity-mapped 4 GiB.
using System;
using Internal.Runtime;
using OSv.Core.Boot;

namespace OSv.Core.Memory
{
    internal static unsafe class PhysicalMemory
    {
        public const ulong BootstrapHeapBytes = 4UL << 20;
        public const ulong MappedLimitBytes = 4UL << 30;

        // Until SMP scheduling, every allocation comes from CPU 0's cache.
        private const int BootCpu = 0;

        private static PageFrameAllocator? s_frames;

        public static PageFrameAllocator Frames => s_frames!;

        // The first region the object heap gets (before statics exist: no allocation here).
        public static MemoryRegion ChooseBootstrapHeap(ReadOnlySpan<MemoryRegion> usable, ulong imageEnd)
        {
            MemoryRegion largest = MemoryMap.ChooseHeap(usable, imageEnd, MappedLimitBytes);
            ulong size = largest.SizeBytes < BootstrapHeapBytes ? largest.SizeBytes : BootstrapHeapBytes;
            return new MemoryRegion(largest.Start, size);
        }

        // After module initialisation: the allocator over the rest of RAM, and the heap's supply.
        public static void Initialize(ReadOnlySpan<MemoryRegion> usable, ulong imageEnd, MemoryRegion bootstrapHeap)
        {
            MemoryRegion* reserved = stackalloc MemoryRegion[3];
            reserved[0] = new MemoryRegion(0, imageEnd);
            reserved[1] = bootstrapHeap;
            reserved[2] = new MemoryRegion(MappedLimitBytes, ulong.MaxValue - MappedLimitBytes);
            MemoryRegion[] ranges = new MemoryRegion[Limits.PhysicalRangesMax];
            if (!PhysicalRanges.TryCompute(usable, new ReadOnlySpan<MemoryRegion>(reserved, 3), ranges, out int count) || count == 0)
                Machine.Panic("memory: no usable RAM besides the image and the bootstrap heap");
            ReadOnlySpan<MemoryRegion> usableRanges = new ReadOnlySpan<MemoryRegion>(ranges, 0, count);
            ulong[] bitmap = new ulong[PhysicalRanges.BitmapWordCount(usableRanges)];
            s_frames = new PageFrameAllocator(usableRanges, bitmap, 1, new InterruptsOffLock());
            KernelServices.AllocateHeapChunk = &AllocateHeapChunk;
        }

        public static byte* AllocatePages(int count, string requester) =>
            (byte*)Frames.AllocateRun(BootCpu, count, requester);

        public static byte* AllocatePage(string requester) => (byte*)Frames.Allocate(BootCpu, requester);

        // The object heap's supply: 2 MiB chunks, or a run of pages for a larger object.
        private static byte* AllocateHeapChunk(nuint minimumBytes, nuint* sizeBytes)
        {
            if (minimumBytes <= (nuint)PhysicalRanges.LargeRunBytes)
            {
                *sizeBytes = (nuint)PhysicalRanges.LargeRunBytes;
                return (byte*)Frames.AllocateLargeRun(BootCpu, "the object heap");
            }
            ulong frames = ((ulong)minimumBytes + PhysicalRanges.FrameSizeBytes - 1) / PhysicalRanges.FrameSizeBytes;
            *sizeBytes = (nuint)(frames * PhysicalRanges.FrameSizeBytes);
            return (byte*)Frames.AllocateRun(BootCpu, (int)frames, "the object heap");
        }
    }

    // The frame pool's lock on one CPU: interrupts off (an interrupt handler may free or
    // allocate). SMP adds a spinlock inside.
    internal sealed class InterruptsOffLock : PoolLock
    {
        private ulong _savedFlags;

        public override void Enter() => _savedFlags = Arch.X64.Cpu.DisableInterrupts();

        public override void Exit() => Arch.X64.Cpu.RestoreInterrupts(_savedFlags);
    }
}
