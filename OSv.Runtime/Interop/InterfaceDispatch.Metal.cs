// The dispatch-cell services CoreLib's CachedInterfaceDispatch calls when an interface call is
// resolved. A cell is { stub; cache word }; the cells of one call-site group end with a cell whose
// stub is 0 and whose cache word holds slot | cellType << 16. A cache word's low two bits say what
// it holds (NativeAOT's CachedInterfaceDispatch contract, decoded by DispatchCacheWord): 0 a cache
// (or, below 0x1000, a vtable offset), 1 the interface MethodTable itself, 3 a relative pointer to
// it, 2 a relative pointer to a cell holding it.
//
// Arch/X64/runtime.S's RhpInitialDynamicInterfaceDispatch (every cell's stub, never replaced)
// looks the receiver's MethodTable up in the cell's cache (DispatchCellCache) and jumps to the
// target; a vtable-offset cell jumps through the receiver's vtable. Only a miss (or a null
// receiver) calls CoreLib's RhpResolveInterfaceMethod, which reads the cell here
// (RhpGetDispatchCellInfo: a cached cell answers from the word its cache replaced), resolves, and
// records the result (RhpUpdateDispatchCellCache) in caches allocated from one bounded arena.
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
            if (DispatchCellCache.IsCache(cache))
            {
                info->HasCache = 1;
                cache = DispatchCellCache.OriginalCacheWord((byte*)cache);
            }
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

        // The caches of every cell of the image (DispatchCacheArena: bounded, never freed).
        private static DispatchCacheArena s_cacheArena;

        [RuntimeExport("RhpSearchDispatchCellCache")]
        internal static nint SearchDispatchCellCache(nint cell, void* methodTable)
        {
            nint cache = ((nint*)cell)[1];
            return DispatchCellCache.IsCache(cache) ? DispatchCellCache.Lookup((byte*)cache, (nint)methodTable) : 0;
        }

        // Interface-and-slot cells only: a vtable-offset cell needs no cache (the stub reads the
        // vtable), and metadata-token cells are not resolved by this runtime.
        [RuntimeExport("RhpUpdateDispatchCellCache")]
        internal static nint UpdateDispatchCellCache(nint cell, nint target, void* methodTable, DispatchCellInfo* info)
        {
            if (info->CellType != InterfaceAndSlotCellType || target == 0 || methodTable == null)
                return target;
            fixed (DispatchCacheArena* arena = &s_cacheArena)
            {
                arena->TakeZeroedChunk = &TakeZeroedChunk; // the same value each time: a benign race
                DispatchCellCache.Update(&((nint*)cell)[1], (nint)methodTable, target, arena);
            }
            return target;
        }

        private static byte* TakeZeroedChunk(nuint bytes) => Pal.PalPages.TryAllocate(Pal.PalPages.PagesFor(bytes));

        private static void* InterfaceTypeOf(nint* cacheWord, nint cache)
        {
            nint target = DispatchCacheWord.Target((nint)cacheWord, cache, out bool indirect);
            if (target == 0)
                return null; // not an interface: a cache word never holds a cache here
            return indirect ? *(void**)target : (void*)target;
        }
    }
}
