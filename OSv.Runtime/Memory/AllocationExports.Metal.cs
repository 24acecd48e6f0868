// CoreLib's allocation entry points (names and signatures of CoreLib 10.0.12's RuntimeImports and
// InternalCalls). Objects are [header][MethodTable*][fields]: the reference points at the
// MethodTable word. Before Main's runtime start-up finishes, objects come from the boot object
// memory (ObjectMemory, immortal); after GcRuntime.EnableHeapAllocation, from the collector's
// heap: first GcRuntime.TryAllocateFast (a bump in the running thread's allocation context,
// inlined into each export: NativeAOT writes these in assembly for the same reason, a call less
// per object), then GcRuntime.Allocate (refill under the heap lock, collection). As NativeAOT's
// helpers do (RhExceptionHandling_FailedAllocation), a negative length throws OverflowException,
// and a size that overflows or a heap still full after a collection throws CoreLib's preallocated
// OutOfMemoryException (Exceptions/RuntimeExceptions): nothing is allocated to report that
// nothing can be allocated. A caller with interrupts off cannot collect or unwind safely and
// panics instead (GcRuntime.Allocate).
using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace OSv.Runtime.Memory
{
    internal static unsafe class AllocationExports
    {
        [RuntimeExport("RhpNewFast")]
        internal static object NewFast(void* methodTable)
        {
            // BaseSize of a type without components is the whole object, already aligned.
            uint baseSize = *(uint*)((byte*)methodTable + ObjectSize.BaseSizeOffset);
            byte* obj = Gc.GcRuntime.TryAllocateFast(methodTable, baseSize);
            if (obj != null)
                return Unsafe.As<nint, object>(ref *(nint*)&obj);
            return New(methodTable, SizeOf(methodTable, 0), 0, false);
        }

        [RuntimeExport("RhpNewFinalizable")]
        internal static object NewFinalizable(void* methodTable) =>
            New(methodTable, SizeOf(methodTable, 0), 0, false, finalizable: true);

        [RuntimeExport("RhpNewArrayFast")]
        internal static object NewArrayFast(void* methodTable, int length) => NewArray(methodTable, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        internal static object NewPtrArrayFast(void* methodTable, int length) => NewArray(methodTable, length);

        [RuntimeExport("RhNewString")]
        internal static object NewString(void* methodTable, nint length) => NewArray(methodTable, length);

        // Flags (pinned, finalizer) need nothing more from a non-moving heap; the result goes to *result.
        [RuntimeExport("RhAllocateNewObject")]
        internal static void AllocateNewObject(void* methodTable, uint flags, void* result)
        {
            object value = New(methodTable, SizeOf(methodTable, 0), 0, false, Gc.MethodTableObjectModel.HasFinalizer((byte*)methodTable));
            *(nint*)result = AddressOf(value);
        }

        [RuntimeExport("RhAllocateNewArray")]
        internal static void AllocateNewArray(void* methodTable, uint length, uint flags, void* result)
        {
            object value = NewArray(methodTable, (nint)length);
            *(nint*)result = AddressOf(value);
        }

        [RuntimeExport("RhpGcSafeZeroMemory")]
        internal static ref byte GcSafeZeroMemory(ref byte destination, nuint bytes)
        {
            byte* start = (byte*)Unsafe.AsPointer(ref destination);
            for (nuint i = 0; i < bytes; i++)
                start[i] = 0;
            return ref destination;
        }

        private static object NewArray(void* methodTable, nint length)
        {
            if (length < 0)
                Exceptions.RuntimeExceptions.ThrowOverflow();
            nuint bytes = SizeOf(methodTable, (nuint)length);
            byte* obj = bytes == 0 ? null : Gc.GcRuntime.TryAllocateFast(methodTable, bytes);
            if (obj == null)
                return New(methodTable, bytes, (nuint)length, true);
            *(int*)(obj + ObjectSize.LengthOffset) = (int)length;
            return Unsafe.As<nint, object>(ref *(nint*)&obj);
        }

        // The object's size in bytes; 0 when it overflows.
        private static nuint SizeOf(void* methodTable, nuint length)
        {
            ushort componentSize = *(ushort*)methodTable;
            uint baseSize = *(uint*)((byte*)methodTable + ObjectSize.BaseSizeOffset);
            return ObjectSize.Of(baseSize, componentSize, length);
        }

        // The slow path: bytes is SizeOf(methodTable, length), already computed by the caller.
        private static object New(void* methodTable, nuint bytes, nuint length, bool hasLength, bool finalizable = false)
        {
            if (bytes == 0)
                Exceptions.RuntimeExceptions.ThrowOutOfMemory(); // the size overflowed
            nint address;
            if (Gc.GcRuntime.HeapAllocationEnabled)
            {
                address = (nint)Gc.GcRuntime.Allocate(methodTable, bytes, finalizable);
                if (address == 0)
                    Exceptions.RuntimeExceptions.ThrowOutOfMemory();
            }
            else
            {
                address = (nint)(ObjectMemory.Allocate(bytes) + sizeof(nint));
                *(void**)address = methodTable;     // boot memory is immortal: never finalized
            }
            if (hasLength)
                *(int*)(address + ObjectSize.LengthOffset) = (int)length;
            return Unsafe.As<nint, object>(ref address);
        }

        private static nint AddressOf(object value) => *(nint*)Unsafe.AsPointer(ref value);
    }
}
