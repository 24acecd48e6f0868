// Runtime entry points that ilc-generated code calls by symbol name: allocation, boxing, write
// throw and reverse P/Invoke. Each is a plain C# method exported under the name the
// compiler expects. Write barriers and the interface dispatch stub need register conventions C#
// cannot express (and a C# store of a reference would itself call the barrier): Arch/X64/runtime.S.
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System.Runtime
{
    public static unsafe class RuntimeExports
    {
        [RuntimeExport("RhpNewFast")]
        internal static object RhpNewFast(MethodTable* type)
        {
            byte* address = Heap.AllocateObject(type->BaseSize);
            *(MethodTable**)address = type;
            return Unsafe.AsRef<object>(&address);
        }

        [RuntimeExport("RhpNewArrayFast")]
        internal static object RhpNewArrayFast(MethodTable* arrayType, int length) => RhNewArray(arrayType, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        internal static object RhpNewPtrArrayFast(MethodTable* arrayType, int length) => RhNewArray(arrayType, length);

        [RuntimeExport("RhNewArray")]
        internal static object RhNewArray(MethodTable* arrayType, int length)
        {
            if (length < 0)
                throw new OverflowException();
            nuint size = arrayType->BaseSize + (nuint)arrayType->ComponentSize * (nuint)(uint)length;
            byte* address = Heap.AllocateObject(size);
            *(MethodTable**)address = arrayType;
            *(int*)(address + sizeof(nint)) = length;
            return Unsafe.AsRef<object>(&address);
        }

        [RuntimeExport("RhBox")]
        internal static object RhBox(MethodTable* type, ref byte data)
        {
            if (type->IsNullable)
                NullableNotSupported();
            object result = RhpNewFast(type);
            Buffer.Memmove(ref result.GetRawData(), ref data, type->ValueTypeSize);
            return result;
        }

        [RuntimeExport("RhUnbox2")]
        internal static ref byte RhUnbox2(MethodTable* type, object obj)
        {
            if (obj is null || obj.GetMethodTable() != type)
                throw new InvalidCastException();
            return ref obj.GetRawData();
        }

        [RuntimeExport("RhUnboxNullable")]
        internal static void RhUnboxNullable(ref byte data, MethodTable* nullableType, object obj) => NullableNotSupported();

        // Boxing Nullable<T> needs T and the value's offset, which ilc keeps in the generic
        // composition of the MethodTable; the interim runtime does not read it. Say so loudly
        // rather than box the wrong bytes. The base library's runtime (issue 4) supports it.
        private static void NullableNotSupported() =>
            RuntimeFailure.FailFast("boxing or unboxing Nullable<T> is not supported by the interim core library");

        [RuntimeExport("RhpThrowEx")]
        internal static void RhpThrowEx(object exception) => ExceptionPanic.Unhandled(exception);

        [RuntimeExport("RhpFallbackFailFast")]
        internal static void RhpFallbackFailFast() => RuntimeFailure.FailFast("fail fast requested by compiled code");

        // Entering managed code from native code ([UnmanagedCallersOnly]). There is no GC mode to
        // switch and a single address space, so there is nothing to record.
        [RuntimeExport("RhpReversePInvoke")]
        internal static void RhpReversePInvoke(nint frame) { }

        [RuntimeExport("RhpReversePInvokeReturn")]
        internal static void RhpReversePInvokeReturn(nint frame) { }

        // Leaving managed code for native code (a call through `delegate* unmanaged`, e.g. the C
        // library calling a C program's function). Nothing to publish: no collector walks stacks.
        [RuntimeExport("RhpPInvoke")]
        internal static void RhpPInvoke(nint frame) { }

        [RuntimeExport("RhpPInvokeReturn")]
        internal static void RhpPInvokeReturn(nint frame) { }
    }

    internal static class ObjectExtensions
    {
        internal static ref byte GetRawData(this object obj) => ref Unsafe.As<RawData>(obj).Data;
    }
}
