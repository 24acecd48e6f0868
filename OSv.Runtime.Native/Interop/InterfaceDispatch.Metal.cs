// The dispatch-cell services CoreLib's CachedInterfaceDispatch calls when an interface call is
// resolved (Arch/X64/runtime.S's RhpInitialDynamicInterfaceDispatch calls
// RhpResolveInterfaceMethod on every call). A cell is { stub; cache word }; the cells of one
// call-site group end with a cell whose stub is 0 and whose cache word holds
// slot | cellType << 16. A cache word's low two bits say what it holds (NativeAOT's
// CachedInterfaceDispatch contract): 0 a cache, 1 the interface MethodTable itself, 2 a relative
// pointer to it, 3 a relative pointer to a cell holding it; a small value with bits 3 is a vtable
// offset. No cache is kept yet: search misses, update returns the target unchanged, so every
// interface call pays a resolution (the cache comes later, with measurements).
using System.Runtime;

namespace OSv.Runtime.Native.Interop
{
    // CoreLib's System.Runtime.DispatchCellInfo (sequential, 10.0.12).
    internal unsafe struct DispatchCellInfo
    {
        public int CellType;          // 0 InterfaceAndSlot, 1 MetadataToken, 2 VTableOffset
        public void* InterfaceType;
        public ushort InterfaceSlot;
        public byte HasCache;
        public uint MetadataToken;
        public uint VTableOffset;
    }

    internal static unsafe class InterfaceDispatch
    {
        private const nint CacheKindMask = 3;
        private const nint InterfacePointerKind = 1;
        private const nint InterfaceRelativeKind = 2;
        private const nint IndirectedInterfaceRelativeKind = 3;
        private const nint VTableOffsetLimit = 0x1000;
        private const int InterfaceAndSlotCellType = 0;
        private const int VTableOffsetCellType = 2;

        [RuntimeExport("RhpGetDispatchCellInfo")]
        internal static void GetDispatchCellInfo(nint* cell, DispatchCellInfo* info)
        {
            *info = default;
            nint cache = cell[1];
            if (cache < VTableOffsetLimit && (cache & CacheKindMask) == IndirectedInterfaceRelativeKind)
            {
                info->CellType = VTableOffsetCellType;
                info->VTableOffset = (uint)cache;
                return;
            }
            nint* terminator = cell;
            while (terminator[0] != 0)
                terminator += 2;
            nint flags = terminator[1];
            info->CellType = (int)(flags >> 16);
            if (info->CellType != InterfaceAndSlotCellType)
            {
                info->MetadataToken = (uint)(cache >> 2);
                return;
            }
            info->InterfaceSlot = (ushort)flags;
            info->InterfaceType = InterfaceTypeOf(&cell[1], cache);
        }

        [RuntimeExport("RhpSearchDispatchCellCache")]
        internal static nint SearchDispatchCellCache(nint cell, void* methodTable) => 0;

        [RuntimeExport("RhpUpdateDispatchCellCache")]
        internal static nint UpdateDispatchCellCache(nint cell, nint target, void* methodTable, DispatchCellInfo* info) => target;

        private static void* InterfaceTypeOf(nint* cacheWord, nint cache)
        {
            switch (cache & CacheKindMask)
            {
                case InterfacePointerKind:
                    return (void*)(cache & ~CacheKindMask);
                case InterfaceRelativeKind:
                    return (void*)(((nint)cacheWord + (int)cache) & ~CacheKindMask);
                case IndirectedInterfaceRelativeKind:
                    return *(void**)(((nint)cacheWord + (int)cache) & ~CacheKindMask);
                default:
                    return null; // a real cache: never installed by this runtime
            }
        }
    }
}
