// The collector's runtime exports: what CoreLib 10.0.12 imports for System.GC, GCHandle,
// DependentHandle, WeakReference and finalization. Signatures are checked against the pinned
// CoreLib's own declarations (RuntimeImports / InternalCalls, read from its metadata):
//   [RuntimeImport] methods are called with the managed convention: [RuntimeExport] here;
//   RhpCollect and RhpGetGcTotalMemory are P/Invokes (DllImport "*"): [UnmanagedCallersOnly].
// Generations: the heap has one. MaxGeneration says 2 and every generation's count is the one
// count, so that GC.Collect(2) and GC.CollectionCount(2) behave as on a generational heap.
// Not here: RhpNewFinalizable (allocation, Memory/), RhpWaitForFinalizerRequest,
// RhpSignalFinalizationComplete and RhWaitForPendingFinalizers (FinalizerThread), frozen
// segments (startup). Objects in the boot memory (ObjectMemory) are immortal: handles to them
// stay set, and finalization registration ignores them.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OSv.Runtime.Gc.Handles;

namespace OSv.Runtime.Gc
{
    internal static unsafe class GcExports
    {
        private const int MaxGeneration = 2;

        [UnmanagedCallersOnly(EntryPoint = "RhpCollect")]
        private static void RhpCollect(int generation, int mode, int lowMemory) => GcRuntime.Collect();

        [UnmanagedCallersOnly(EntryPoint = "RhpGetGcTotalMemory")]
        private static long RhpGetGcTotalMemory()
        {
            ulong flags = GcRuntime.Lock();
            long bytes = GcRuntime.Heap->Statistics.BytesInUse;
            GcRuntime.Unlock(flags);
            return bytes;
        }

        [RuntimeExport("RhGetMaxGcGeneration")]
        private static int RhGetMaxGcGeneration() => MaxGeneration;

        [RuntimeExport("RhGetGcCollectionCount")]
        private static int RhGetGcCollectionCount(int generation, bool getSpecialGCCount) =>
            getSpecialGCCount ? 0 : (int)GcRuntime.Heap->Statistics.CollectionCount;

        [RuntimeExport("RhGetTotalAllocatedBytes")]
        private static long RhGetTotalAllocatedBytes() => GcRuntime.Heap->Statistics.TotalBytesAllocated;

        // Exact: the cells handed out to this thread's objects (its windows less their unused
        // tails, and its large objects), as NativeAOT counts its allocation context.
        [RuntimeExport("RhGetAllocatedBytesForCurrentThread")]
        private static long RhGetAllocatedBytesForCurrentThread() => GcRuntime.AllocatedBytesForCurrentThread();

        [RuntimeExport("RhGetMemoryInfo")]
        private static void RhGetMemoryInfo(ref byte firstField, int kind)
        {
            ulong flags = GcRuntime.Lock();
            GcStatistics statistics = GcRuntime.Heap->Statistics;
            int pending = GcRuntime.Heap->FinalizationQueueCount;
            long heapBytesMax = GcRuntime.Heap->HeapBytesMax;
            GcRuntime.Unlock(flags);
            Unsafe.As<byte, GcMemoryInfoLayout>(ref firstField) = GcMemoryInfoLayout.From(statistics, heapBytesMax, pending);
        }

        // Handles. A full table returns 0, which CoreLib turns into OutOfMemoryException; so
        // does a kind the collector does not implement (ref-counted, async-pinned, …).
        [RuntimeExport("RhpHandleAlloc")]
        private static IntPtr RhpHandleAlloc(object? value, int type)
        {
            var kind = (GcHandleKind)type;
            if (kind is not (GcHandleKind.WeakShort or GcHandleKind.WeakLong or GcHandleKind.Strong or GcHandleKind.Pinned))
                return IntPtr.Zero;
            ulong flags = GcRuntime.Lock();
            nint handle = GcRuntime.Heap->AllocateHandle(GcRuntime.AddressOf(value), kind);
            GcRuntime.Unlock(flags);
            return handle;
        }

        [RuntimeExport("RhpHandleAllocDependent")]
        private static IntPtr RhpHandleAllocDependent(object? primary, object? secondary)
        {
            ulong flags = GcRuntime.Lock();
            nint handle = GcRuntime.Heap->AllocateHandle(GcRuntime.AddressOf(primary), GcHandleKind.Dependent,
                GcRuntime.AddressOf(secondary));
            GcRuntime.Unlock(flags);
            return handle;
        }

        [RuntimeExport("RhHandleFree")]
        private static void RhHandleFree(IntPtr handle)
        {
            ulong flags = GcRuntime.Lock();
            GcRuntime.Heap->FreeHandle(handle);
            GcRuntime.Unlock(flags);
        }

        // One word load or store: a collection only runs with this thread stopped at a safe
        // point, and the heap never moves objects, so no barrier or lock is needed.
        [RuntimeExport("RhHandleGet")]
        private static object? RhHandleGet(IntPtr handle) => GcRuntime.ObjectAt(HandleTable.GetTarget(handle));

        [RuntimeExport("RhHandleSet")]
        private static IntPtr RhHandleSet(IntPtr handle, object? value)
        {
            HandleTable.SetTarget(handle, GcRuntime.AddressOf(value));
            return handle;
        }

        [RuntimeExport("RhHandleGetDependent")]
        private static object? RhHandleGetDependent(IntPtr handle, out object? secondary)
        {
            secondary = GcRuntime.ObjectAt(HandleTable.GetSecondary(handle));
            return GcRuntime.ObjectAt(HandleTable.GetTarget(handle));
        }

        [RuntimeExport("RhHandleSetDependentSecondary")]
        private static void RhHandleSetDependentSecondary(IntPtr handle, object? secondary) =>
            HandleTable.SetSecondary(handle, GcRuntime.AddressOf(secondary));

        // Finalization.
        [RuntimeExport("RhSuppressFinalize")]
        private static void RhSuppressFinalize(object obj)
        {
            ulong flags = GcRuntime.Lock();
            GcRuntime.Heap->SuppressFinalize((byte*)GcRuntime.AddressOf(obj));
            GcRuntime.Unlock(flags);
        }

        [RuntimeExport("RhReRegisterForFinalize")]
        private static bool RhReRegisterForFinalize(object obj)
        {
            ulong flags = GcRuntime.Lock();
            GcRuntime.Heap->RegisterForFinalization((byte*)GcRuntime.AddressOf(obj));
            GcRuntime.Unlock(flags);
            return true;
        }

        [RuntimeExport("RhpGetNextFinalizableObject")]
        private static object? RhpGetNextFinalizableObject()
        {
            ulong flags = GcRuntime.Lock();
            byte* obj = GcRuntime.Heap->DequeueFinalizable();
            GcRuntime.Unlock(flags);
            return GcRuntime.ObjectAt((nuint)obj);
        }
    }
}
