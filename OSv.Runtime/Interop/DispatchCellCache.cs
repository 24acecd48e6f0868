// The per-cell interface dispatch cache: which code an interface call site jumps to for each
// receiver MethodTable it has seen. The contract is NativeAOT's cached interface dispatch
// (CoreLib's CachedInterfaceDispatch calls RhpSearchDispatchCellCache / RhpUpdateDispatchCellCache);
// the layout is ours, read by Arch/X64/runtime.S's stub without calling into CoreLib.
//
// A cell is { stub; cache word }. Before its first resolution the cache word holds the interface
// (DispatchCacheWord's kinds 1..3). After it, the word points at a cache (kind 0, 16-byte aligned,
// never below 0x1000, so it cannot be mistaken for a vtable offset):
//
//   +0   OriginalCacheWord  the word the cache replaced (kept to answer RhpGetDispatchCellInfo;
//                           relative kinds stay relative to the cell's word, which does not move)
//   +8   Capacity, Count    int, int: slots, and slots in use (written by the updater only)
//   +16  Capacity + 1 entries { MethodTable; Target }; entries at Count and beyond have
//                           MethodTable 0, and the last one is never written (the terminator).
//
// Lookup walks entries until the MethodTable matches (hit) or is 0 (miss): at most
// Capacity + 1 steps, no count read. Growth: capacities 1, 2, 4, ... EntriesMax. A full cache of
// EntriesMax stays as it is (the call site is megamorphic; misses pay a resolution).
//
// Why concurrent readers are safe with no lock (x86-64 TSO: stores become visible in program
// order, loads are not reordered with loads):
//   - an entry is filled in place as Target, then MethodTable (Volatile.Write: the release that
//     keeps the compiler from reordering the two stores). A reader that sees the MethodTable
//     therefore sees the Target; a reader that sees 0 stops (a miss, resolved the slow way).
//     Entries are appended in order and never rewritten, so a reader never sees a torn entry.
//   - a larger cache is filled completely before the cell's word is switched to it with one
//     8-byte store; a reader sees the old cache (still valid, unchanged) or the new one.
//   - writers are serialised by a try-lock: an updater that finds it taken does not cache this
//     time (the next miss will), so no CPU ever waits, and nothing on this path can deadlock
//     with a world stop or recurse into itself.
//   - a replaced cache is never freed: another CPU may still be walking it. Retired caches of a
//     cell sum to less than its live one, and all caches live in a bounded arena
//     (DispatchCacheArena); when it is exhausted, cells simply stop gaining entries.
//
// Caller rules: no interface call, allocation or throw on this path (the interface dispatch
// slow path runs it); MethodTable and target are never 0.
using System.Threading;

namespace OSv.Runtime.Interop
{
    internal static unsafe class DispatchCellCache
    {
        public const int EntriesMax = 16;
        public const int HeaderBytes = 16;
        public const int EntryBytes = 16;
        public const int Alignment = 16;

        private const int CapacityOffset = 8;
        private const int CountOffset = 12;

        // Bytes of a cache with the given capacity (the terminator entry included).
        public static nuint BytesFor(int capacity) => (nuint)(HeaderBytes + (capacity + 1) * EntryBytes);

        public static bool IsCache(nint cacheWord) =>
            (cacheWord & DispatchCacheWord.KindMask) == DispatchCacheWord.CacheOrVTableOffsetKind &&
            (nuint)cacheWord >= DispatchCacheWord.VTableOffsetLimit;

        public static nint OriginalCacheWord(byte* cache) => *(nint*)cache;
        public static int Capacity(byte* cache) => *(int*)(cache + CapacityOffset);
        public static int Count(byte* cache) => *(int*)(cache + CountOffset);

        // The target cached for methodTable, or 0. What the stub does, for CoreLib's search.
        public static nint Lookup(byte* cache, nint methodTable)
        {
            nint* entry = (nint*)(cache + HeaderBytes);
            while (true)
            {
                nint seen = Volatile.Read(ref entry[0]); // acquire: pairs with Append's release
                if (seen == methodTable)
                    return entry[1];
                if (seen == 0)
                    return 0;
                entry += 2;
            }
        }

        // Records methodTable → target for the cell whose cache word is *cacheWord (the word of
        // an unresolved cell or a cache pointer). Returns whether it is now cached.
        public static bool Update(nint* cacheWord, nint methodTable, nint target, DispatchCacheArena* arena)
        {
            if (Interlocked.CompareExchange(ref arena->UpdateLock, 1, 0) != 0)
                return false; // another CPU is updating a cell: skip, a later miss caches it
            bool cached = UpdateLocked(cacheWord, methodTable, target, arena);
            Volatile.Write(ref arena->UpdateLock, 0); // release: the cache's stores precede unlocking
            return cached;
        }

        private static bool UpdateLocked(nint* cacheWord, nint methodTable, nint target, DispatchCacheArena* arena)
        {
            nint word = Volatile.Read(ref *cacheWord);
            if (!IsCache(word))
                return Publish(cacheWord, NewCache(arena, word, 1, null, methodTable, target));
            byte* cache = (byte*)word;
            if (Lookup(cache, methodTable) != 0)
                return true; // cached by an update that raced with this resolution
            if (Count(cache) < Capacity(cache))
            {
                Append(cache, methodTable, target);
                return true;
            }
            if (Capacity(cache) >= EntriesMax)
                return false; // megamorphic: the bound holds, misses keep resolving
            return Publish(cacheWord, NewCache(arena, OriginalCacheWord(cache), Capacity(cache) * 2, cache, methodTable, target));
        }

        private static bool Publish(nint* cacheWord, byte* cache)
        {
            if (cache == null)
                return false; // arena exhausted
            Volatile.Write(ref *cacheWord, (nint)cache); // release: readers see a filled cache
            return true;
        }

        // A cache of the given capacity holding `from`'s entries (if any) and methodTable → target.
        private static byte* NewCache(DispatchCacheArena* arena, nint originalCacheWord, int capacity, byte* from,
            nint methodTable, nint target)
        {
            byte* cache = DispatchCacheArena.Allocate(arena, BytesFor(capacity));
            if (cache == null)
                return null;
            *(nint*)cache = originalCacheWord;
            *(int*)(cache + CapacityOffset) = capacity;
            *(int*)(cache + CountOffset) = 0;
            nint* entries = (nint*)(cache + HeaderBytes);
            for (int i = 0; i < 2 * (capacity + 1); i++)
                entries[i] = 0; // the arena's memory is zeroed; a cache does not rely on it
            int copied = from == null ? 0 : Count(from);
            for (int i = 0; i < copied; i++)
                Append(cache, ((nint*)(from + HeaderBytes))[2 * i], ((nint*)(from + HeaderBytes))[2 * i + 1]);
            Append(cache, methodTable, target);
            return cache;
        }

        private static void Append(byte* cache, nint methodTable, nint target)
        {
            int count = Count(cache);
            nint* entry = (nint*)(cache + HeaderBytes) + 2 * count;
            entry[1] = target;
            Volatile.Write(ref entry[0], methodTable); // release: Target is visible before the entry matches
            *(int*)(cache + CountOffset) = count + 1;
        }
    }
}
