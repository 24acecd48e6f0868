// The size of a new object from its MethodTable, as NativeAOT lays it out (checked against
// CoreLib 10.0.12): the MethodTable starts {ushort ComponentSize; ushort Flags; uint BaseSize},
// BaseSize counts the object header word, and an array or string adds ComponentSize per element,
// its length stored as an int right after the MethodTable pointer. Plain arithmetic, so the
// hosted tests check it; the caller rejects negative lengths.
namespace OSv.Runtime.Memory
{
    internal static class ObjectSize
    {
        public const int BaseSizeOffset = 4;
        public const int LengthOffset = 8;
        public const nuint Alignment = 8;

        // Null-free size in bytes, rounded up to the allocation alignment; 0 when it overflows.
        public static nuint Of(uint baseSize, ushort componentSize, nuint length)
        {
            ulong elements = (ulong)componentSize * length;
            if (length != 0 && elements / length != componentSize)
                return 0;
            ulong total = baseSize + elements;
            if (total < elements)
                return 0;
            return (nuint)((total + Alignment - 1) & ~((ulong)Alignment - 1));
        }
    }
}
