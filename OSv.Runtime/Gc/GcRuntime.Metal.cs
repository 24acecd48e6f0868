// The image's one heap, its lock, the per-thread allocation contexts and the allocation entry the
// runtime's exports use. Image-only: the heap lives in a static (non-GC statics are at fixed
// addresses in the image's data) and objects are read through NativeAOT's MethodTable.
//
// Lifetime. Initialize runs in osv_runtime_start, before CoreLib's InitializeModules: the page
// allocator does not exist yet, so the heap's tables are carved from the top of the boot region
// (ObjectMemory.TakeTablePages) and handles work from the first one CoreLib creates. Objects are
// still bump-allocated in ObjectMemory until EnableHeapAllocation (osv_runtime_before_main,
// after the kernel's bring-up) sizes the heap from the free RAM, seals the boot memory and
// switches allocation here. Heap runs always come from PageMemory.
//
// Allocation contexts are per thread, as in NativeAOT: inline in the kernel's Thread
// (OSv.Core RuntimeThreadState), reached from the running thread by one GS load. The bump runs
// with interrupts on (AllocationContext says why a compare-exchange makes it safe against a
// handler on the same CPU), and a thread may be preempted or stopped anywhere in it: a
// collection keeps every live thread's windows (ImageRoots reports them) instead of retiring
// them, and an object whose MethodTable is not stored yet is a zeroed cell, which marking skips
// and a conservative root (the register holding it) keeps. A thread's exit hook retires its
// context, under the heap lock, before the thread leaves the registry.
//
// Locking. The heap lock is an interrupts-off spin lock (OSv.Core's InterruptsOffSpinLock): a holder cannot be
// preempted, so a CPU that acknowledged the stop IPI holds no heap lock and the collecting CPU
// runs the collection without it. A collection is never started while holding the lock.
using Internal.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using OSv.Core.Arch.X64;
using OSv.Core.Diagnostics;
using OSv.Core.Memory;
using OSv.Core.Sched;
using OSv.Runtime.Memory;
using Thread = OSv.Core.Sched.Thread;

namespace OSv.Runtime.Gc
{
    // Pages for the heap: table pages from the boot region until allocation is enabled, then
    // the kernel's page allocator. Table pages are never freed (the heap lives as long as the image).
    internal unsafe struct KernelPageSource : IPageSource
    {
        public byte* TryAllocatePages(int count) =>
            GcRuntime.HeapAllocationEnabled ? PageMemory.TryAllocatePages(count) : ObjectMemory.TakeTablePages(count);

        public void FreePages(byte* pages, int count) => PageMemory.FreePages(pages, count);
    }

    internal static unsafe class GcRuntime
    {
        // Heap bound: this share of the RAM free when allocation is enabled (the rest stays for
        // the kernel, thread stacks and the PAL's native memory).
        private const int HeapPercentOfFreeRam = 75;
        // Collect after at least this share of the heap bound has been allocated.
        private const int BudgetPercentOfHeap = 12;
        // RFLAGS.IF: the caller of Allocate had interrupts on.
        private const ulong InterruptFlag = 0x200;

        // Written only through Heap (a pointer), which the compiler does not see.
#pragma warning disable CS0649
        private static GcHeap<MethodTableObjectModel, KernelPageSource> s_heap;
#pragma warning restore CS0649
        private static InterruptsOffSpinLock s_lock; // OSv.Core's: interrupts off while held
        private static bool s_heapAllocationEnabled;

        public static GcHeap<MethodTableObjectModel, KernelPageSource>* Heap =>
            (GcHeap<MethodTableObjectModel, KernelPageSource>*)Unsafe.AsPointer(ref s_heap);

        public static bool HeapAllocationEnabled => Volatile.Read(ref s_heapAllocationEnabled);

        // The thread's context: inline in its kernel Thread, whose address never changes.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static AllocationContext* ContextOf(Thread thread) =>
            (AllocationContext*)Unsafe.AsPointer(ref thread.RuntimeState);

        // The fast path of every allocation export: a cell of objectBytes from the running
        // thread's context with methodTable stored, or null (no thread yet, heap allocation not
        // enabled: the context is empty, or the window is used up): then Allocate.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte* TryAllocateFast(void* methodTable, nuint objectBytes)
        {
            Thread? thread = Cpu.CurrentThread();
            if (thread == null)
                return null;
            byte* obj = GcHeap<MethodTableObjectModel, KernelPageSource>.TryBump(ContextOf(thread), objectBytes);
            if (obj != null)
                *(void**)obj = methodTable;
            return obj;
        }

        // Bytes handed out to the running thread's objects (GC.GetAllocatedBytesForCurrentThread).
        public static long AllocatedBytesForCurrentThread()
        {
            Thread? thread = Cpu.CurrentThread();
            return thread == null ? 0 : AllocationContext.AllocatedBytes(ContextOf(thread));
        }

        // Boot, single CPU: the heap's tables (capacity for the largest heap, HeapBytesMaxDefault).
        public static void Initialize()
        {
            Invariant.Assert(sizeof(AllocationContext) <= RuntimeThreadState.Bytes, "GcRuntime: a context fits in the thread's runtime state");
            if (!Heap->Initialize(default, GcHeapOptions.Default))
                Fail.Stop("runtime: the boot region cannot hold the collector's tables"u8);
        }

        // Before Main: the heap takes allocation over, bounded by the RAM free now.
        public static void EnableHeapAllocation()
        {
            long freeBytes = PhysicalMemory.Frames.FreeFrames * GcLimits.PageBytes;
            long heapBytesMax = freeBytes / 100 * HeapPercentOfFreeRam;
            if (heapBytesMax > GcLimits.HeapBytesMaxDefault)
                heapBytesMax = GcLimits.HeapBytesMaxDefault;
            long budgetBytes = heapBytesMax / 100 * BudgetPercentOfHeap;
            Heap->Resize(heapBytesMax, budgetBytes > GcLimits.MinimumBudgetBytesDefault ? budgetBytes : GcLimits.MinimumBudgetBytesDefault);
            ObjectMemory.Seal();
            Thread.SetRuntimeExitHook(&RetireExitingThread);
            Volatile.Write(ref s_heapAllocationEnabled, true);
        }

        // The exiting thread gives its windows' unused tails back (Thread's exit hook).
        private static void RetireExitingThread(Thread thread)
        {
            ulong flags = Lock();
            Heap->RetireContext(ContextOf(thread));
            Unlock(flags);
        }

        // The slow path: a zeroed object of objectBytes with its MethodTable stored, registered
        // for finalization if asked; a refill under the heap lock, a collection when the budget
        // is spent; null when the heap is full after a collection (the caller throws
        // OutOfMemoryException). A caller with interrupts off cannot collect, and must not unwind
        // (it may hold a spin lock or be an interrupt handler): a full heap panics there.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static byte* Allocate(void* methodTable, nuint objectBytes, bool finalizable)
        {
            ulong flags = Lock();
            AllocationContext* context = ContextOf(Thread.Current);
            // A caller with interrupts off (an interrupt handler, a spin-lock holder) must not stop
            // the world (WorldStop's caller rules): it allocates past the budget instead.
            bool mayCollect = (flags & InterruptFlag) != 0;
            byte* obj = Heap->TryAllocate(context, objectBytes, respectBudget: mayCollect);
            if (obj != null)
                return CompleteAndUnlock(obj, methodTable, finalizable, flags);
            Unlock(flags);
            if (!mayCollect)
                Fail.OutOfMemory(objectBytes);
            return AllocateAfterCollection(methodTable, objectBytes, finalizable);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static byte* AllocateAfterCollection(void* methodTable, nuint objectBytes, bool finalizable)
        {
            WorldStoppedCollection.Collect();
            ulong flags = Lock();
            byte* obj = Heap->TryAllocate(ContextOf(Thread.Current), objectBytes, respectBudget: false);
            if (obj != null)
                return CompleteAndUnlock(obj, methodTable, finalizable, flags);
            Unlock(flags);
            return null;
        }

        // A fresh cell becomes an object (MethodTable stored, finalization registered) before the
        // heap lock is let go: nothing can stop this CPU in between.
        private static byte* CompleteAndUnlock(byte* obj, void* methodTable, bool finalizable, ulong flags)
        {
            *(void**)obj = methodTable;
            if (finalizable)
                Heap->RegisterForFinalization(obj);
            Unlock(flags);
            return obj;
        }

        public static void Collect() => WorldStoppedCollection.Collect();

        // Returns the caller's interrupt state, for Unlock.
        public static ulong Lock() => s_lock.Enter();

        public static void Unlock(ulong flags) => s_lock.Exit(flags);

        public static nuint AddressOf(object? obj) => (nuint)Unsafe.As<object?, nint>(ref obj);

        public static object? ObjectAt(nuint address) => Unsafe.As<nuint, object?>(ref address);
    }
}
