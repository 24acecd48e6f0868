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
            {
                // Boxing a Nullable<T> boxes its T, or gives null when it has no value.
                if (data == 0)
                    return null!;
                type = type->NullableType;
                data = ref Unsafe.Add(ref data, NullableValueOffset(type));
            }
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
        internal static void RhUnboxNullable(ref byte data, MethodTable* nullableType, object obj)
        {
            MethodTable* valueType = nullableType->NullableType;
            if (obj is not null && obj.GetMethodTable() != valueType)
                throw new InvalidCastException();
            data = obj is null ? (byte)0 : (byte)1;
            if (obj is not null)
                Buffer.Memmove(ref Unsafe.Add(ref data, NullableValueOffset(valueType)), ref obj.GetRawData(), valueType->ValueTypeSize);
        }

        // Nullable<T> is { bool hasValue; T value; } with value aligned to T's alignment.
        private static int NullableValueOffset(MethodTable* valueType)
        {
            uint size = valueType->ValueTypeSize;
            return size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
        }

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
    }

    internal static class ObjectExtensions
    {
        internal static ref byte GetRawData(this object obj) => ref Unsafe.As<RawData>(obj).Data;
    }
}
