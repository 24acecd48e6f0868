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
            s_frames = new PageFrameAllocator(usableRanges, bitmap, Sched.Smp.CpusMax, new SpinPoolLock());
        }

        // A CPU's frame cache is touched only by that CPU with interrupts off: the caller cannot
        // be preempted (or moved to another CPU) in the middle.
        public static byte* AllocatePages(int count, string requester)
        {
            ulong flags = Arch.X64.Cpu.DisableInterrupts();
            byte* run = (byte*)Frames.AllocateRun(Arch.X64.Cpu.CurrentIndex(), count, requester);
            Arch.X64.Cpu.RestoreInterrupts(flags);
            return run;
        }

        public static byte* AllocatePage(string requester)
        {
            ulong flags = Arch.X64.Cpu.DisableInterrupts();
            byte* page = (byte*)Frames.Allocate(Arch.X64.Cpu.CurrentIndex(), requester);
            Arch.X64.Cpu.RestoreInterrupts(flags);
            return page;
        }
    }

    // The frame pool's lock: a spinlock, interrupts off (an interrupt handler may free or
    // allocate). The saved interrupt state lives in the lock: only its holder writes it.
    internal sealed class SpinPoolLock : PoolLock
    {
        private Internal.Runtime.InterruptsOffSpinLock _lock;
        private ulong _savedFlags;

        public override void Enter() => _savedFlags = _lock.Enter();

        public override void Exit() => _lock.Exit(_savedFlags);
    }
}
