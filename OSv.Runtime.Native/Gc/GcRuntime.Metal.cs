// Not compiled into images yet (issue 4, docs/runtime.md): images allocate from the bump
// ObjectMemory, and BootHandles/FinalizationControl serve handles and finalization, until the
// collector takes over allocation and the kernel can stop the world. Define OSV_COLLECTOR to build it.
#if OSV_COLLECTOR
// The image's one heap, its lock and the hook that collects. Image-only: the heap lives in a
// static (non-GC statics are at fixed addresses in the image's data), its pages come from the
// kernel's page allocator, and objects are read through NativeAOT's MethodTable.
//
// Caller rules:
//   Initialize once at startup, before the first managed allocation.
//   Lock around every heap operation that is not a collection (allocation slow paths, handle
//     allocation and free, finalization registration and dequeue). A spin lock: the sections
//     are short and allocate nothing; it is never held across a collection.
//   The runtime's thread layer registers CollectWithWorldStopped (stop every thread at a safe
//     point, retire every thread's AllocationContext, Heap->Collect with its IRootSource,
//     RecordPause, resume); until it has, a collection request panics saying so.
using System.Runtime.CompilerServices;
using System.Threading;
using OSv.Core.Diagnostics;
using OSv.Core.Memory;

namespace OSv.Runtime.Native.Gc
{
    internal unsafe struct KernelPageSource : IPageSource
    {
        public byte* TryAllocatePages(int count) => PageMemory.TryAllocatePages(count);

        public void FreePages(byte* pages, int count) => PageMemory.FreePages(pages, count);
    }

    internal static unsafe class GcRuntime
    {
        // Written only through Heap (a pointer), which the compiler does not see.
#pragma warning disable CS0649
        private static GcHeap<MethodTableObjectModel, KernelPageSource> s_heap;
#pragma warning restore CS0649
        private static int s_lock;
        private static delegate*<void> s_collectWithWorldStopped;

        public static GcHeap<MethodTableObjectModel, KernelPageSource>* Heap =>
            (GcHeap<MethodTableObjectModel, KernelPageSource>*)Unsafe.AsPointer(ref s_heap);

        public static bool Initialize(GcHeapOptions options) => Heap->Initialize(default, options);

        public static void SetCollectWithWorldStopped(delegate*<void> collect) => s_collectWithWorldStopped = collect;

        public static void Collect()
        {
            if (s_collectWithWorldStopped == null)
                Invariant.Fail("GcRuntime: no stop-the-world collector registered (SetCollectWithWorldStopped)");
            s_collectWithWorldStopped();
        }

        public static void Lock()
        {
            // Acquire: the heap's state written by the previous holder is visible after this.
            while (Interlocked.CompareExchange(ref s_lock, 1, 0) != 0)
                System.Runtime.Intrinsics.X86.X86Base.Pause();
        }

        // Release: the holder's writes are visible before the lock reads free.
        public static void Unlock() => Volatile.Write(ref s_lock, 0);

        public static nuint AddressOf(object? obj) => (nuint)Unsafe.As<object?, nint>(ref obj);

        public static object? ObjectAt(nuint address) => Unsafe.As<nuint, object?>(ref address);
    }
}
#endif
