// The dispatch-cell services CoreLib's CachedInterfaceDispatch calls when an interface call is
// resolved (Arch/X64/runtime.S's RhpInitialDynamicInterfaceDispatch calls
// RhpResolveInterfaceMethod on every call). A cell is { stub; cache word }; the cells of one
// call-site group end with a cell whose stub is 0 and whose cache word holds
// slot | cellType << 16. A cache word's low two bits say what it holds (NativeAOT's
// CachedInterfaceDispatch contract, decoded by DispatchCacheWord): 0 a cache (or, below 0x1000, a
// vtable offset), 1 the interface MethodTable itself, 3 a relative pointer to it, 2 a relative
// pointer to a cell holding it. No cache is kept yet: search misses, update returns the target unchanged, so every
// interface call pays a resolution (the cache comes later, with measurements).
using System.Runtime;

namespace OSv.Runtime.Interop
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
        private const int InterfaceAndSlotCellType = 0;
        private const int VTableOffsetCellType = 2;

        [RuntimeExport("RhpGetDispatchCellInfo")]
        internal static void GetDispatchCellInfo(nint* cell, DispatchCellInfo* info)
        {
            *info = default;
            nint cache = cell[1];
            if (DispatchCacheWord.IsVTableOffset(cache))
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
            nint target = DispatchCacheWord.Target((nint)cacheWord, cache, out bool indirect);
            if (target == 0)
                return null; // a real cache: never installed by this runtime
            return indirect ? *(void**)target : (void*)target;
        }
    }
}
