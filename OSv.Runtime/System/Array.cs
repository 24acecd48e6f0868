// Arrays: the element count sits right after the MethodTable pointer, and the elements follow.
// Single-dimensional zero-based arrays are the only kind the interim core library supports.
using System.Runtime.CompilerServices;

namespace System
{
    public abstract unsafe class Array
    {
#pragma warning disable CS0649, CS0169 // written by the allocator
        private int _numComponents;
#pragma warning restore CS0649, CS0169

        public int Length => _numComponents;

        public static void Copy(Array sourceArray, Array destinationArray, int length) =>
            Copy(sourceArray, 0, destinationArray, 0, length);

        public static void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length)
        {
            var sourceType = sourceArray.GetMethodTable();
            if (sourceType != destinationArray.GetMethodTable())
                ThrowHelper.ThrowArrayTypeMismatchException();
            if ((uint)sourceIndex > (uint)sourceArray.Length || (uint)length > (uint)(sourceArray.Length - sourceIndex)
                || (uint)destinationIndex > (uint)destinationArray.Length || (uint)length > (uint)(destinationArray.Length - destinationIndex))
                ThrowHelper.ThrowArgumentOutOfRangeException();
            nuint elementSize = sourceType->ComponentSize;
            ref byte source = ref Unsafe.AddByteOffset(ref sourceArray.GetRawArrayData(), (nint)((nuint)sourceIndex * elementSize));
            ref byte destination = ref Unsafe.AddByteOffset(ref destinationArray.GetRawArrayData(), (nint)((nuint)destinationIndex * elementSize));
            Buffer.Memmove(ref destination, ref source, (nuint)length * elementSize);
        }

        public static void Resize<T>(ref T[]? array, int newSize)
        {
            T[] resized = new T[newSize];
            if (array is not null)
                Copy(array, resized, array.Length < newSize ? array.Length : newSize);
            array = resized;
        }

        public static T[] Empty<T>() => EmptyArray<T>.Value;

        internal ref byte GetRawArrayData() =>
            ref Unsafe.AddByteOffset(ref Unsafe.As<RawData>(this).Data, sizeof(nint));
    }

    // ilc requires this type: it is the base of T[] for generic interface purposes.
    public class Array<T> : Array
    {
    }

    internal static class EmptyArray<T>
    {
        internal static readonly T[] Value = new T[0];
    }

    // Lets the runtime view any object's fields as raw bytes starting right after the MethodTable.
    internal sealed class RawData
    {
        public byte Data;
    }
}
