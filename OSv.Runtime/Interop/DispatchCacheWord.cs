// How to read the second word of an interface dispatch cell before any cache is installed
// (NativeAOT's rhbinder.h contract, checked against ilc 10.0.12 output): the low two bits say
// what the rest is — 1 the interface MethodTable's address (or a metadata token), 3 a 32-bit
// relative pointer (from the word's own address) to the interface MethodTable, 2 a relative
// pointer to a cell that holds the MethodTable's address, 0 a cache pointer, or, when below
// 0x1000, a vtable byte offset. Pure arithmetic on addresses, so it is tested hosted.
namespace OSv.Runtime.Interop
{
    internal static class DispatchCacheWord
    {
        public const nint KindMask = 3;
        public const nint CacheOrVTableOffsetKind = 0;
        public const nint InterfacePointerKind = 1;
        public const nint IndirectedInterfaceRelativeKind = 2;
        public const nint InterfaceRelativeKind = 3;
        public const nuint VTableOffsetLimit = 0x1000;

        public static bool IsVTableOffset(nint cache) =>
            (cache & KindMask) == CacheOrVTableOffsetKind && (nuint)cache < VTableOffsetLimit;

        // The address the word designates with its tag removed: the interface MethodTable for
        // kinds 1 and 3, the cell holding it for kind 2 (indirect = true), 0 for a cache.
        public static nint Target(nint cacheWordAddress, nint cache, out bool indirect)
        {
            indirect = false;
            switch (cache & KindMask)
            {
                case InterfacePointerKind:
                    return cache & ~KindMask;
                case InterfaceRelativeKind:
                    return cacheWordAddress + ((int)cache & ~(int)KindMask);
                case IndirectedInterfaceRelativeKind:
                    indirect = true;
                    return cacheWordAddress + ((int)cache & ~(int)KindMask);
                default:
                    return 0;
            }
        }
    }
}
