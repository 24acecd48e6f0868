// The item store behind the memcached commands (protocol.txt, "Commands": storage, retrieval,
// deletion, increment/decrement, touch, flush_all). Pure and single-threaded: the server holds
// its lock around every call, passes the time in (`now`, Unix seconds) and maps each
// StoreResult to memcached's reply line. Memory is SlabAllocator's fixed budget; the key index
// is ItemTable, recency is LruList, and per-item metadata is the ItemHeader at the front of the
// item's chunk, inside the budget (SlabAllocator's header has the accounting and numbers).
// Outside the budget: O(pages) and O(classes) tables plus the hash buckets (OverheadBytes).
// Measured (hosted): at -m 64, 21.4 KB before any item (13.8 KB of it the per-class counters,
// 4 KB the first buckets); filled with 96-byte items (699,008 of them, the most items -m 64
// holds) 4.2 MB counting every bucket array ever allocated (2 MB live + 2 MB outgrown); the
// collector frees outgrown arrays, so what stays is ~2.1 MB once the last migration ends (3 MB
// during it): ≤ 6 bytes per item outside the budget, against ~57 bytes per possible item (40 MB)
// before the header moved in.
//
// Algorithm, as memcached 1.6 (items.c, memcached.c):
//   - A store allocates a chunk for the new item, writes it, then unlinks the old item of the
//     same key and links the new one; the old item is taken off its LRU meanwhile ("pinned"),
//     so making room for its replacement can never evict it (memcached holds a reference).
//   - Making room: a free chunk, else a fresh chunk or page, else the first dead item among the
//     class's EvictionSearchDepth oldest (reclaimed), else the oldest live item (evicted).
//   - Lazy expiry: a lookup that finds an expired or flushed item unlinks it and misses.
//     Crawl(now, budget) sweeps a bounded number of handles per call for dead items.
//   - flush_all: an item is flushed when oldestLive <= now and it was stored at or before
//     oldestLive, or its CAS is below oldestCas (memcached's settings.oldest_live/oldest_cas).
//   - CAS: a 64-bit counter; every stored or modified item takes the next value (1, 2, ...).
//   - Per-class counters (classCounters) feed "stats slabs" / "stats items" (GetClassStats).
// Invariants: curr_items == items in the table == items on the LRUs (outside a call);
// bytes == sum of header + key + value bytes of those items (memcached's ITEM_ntotal) ==
// sum of the classes' mem_requested <= PagesAssigned * PageSizeBytes <= budget.
// Caller rules: keys are 1..KeyLengthMax bytes (the parser checked); the ItemView a Get
// returns is valid until the next call.
using System;
using System.Runtime.CompilerServices;
using Memcached.Protocol;
using OSv.Core.Diagnostics;

namespace Memcached.Store
{
    public sealed partial class ItemStore
    {
        private enum StoreMode : byte { Set, Add, Replace, Append, Prepend, Cas }

        private readonly SlabAllocator slab;
        private readonly ItemTable table;
        private readonly LruList lru;
        private readonly SlabClassStats[] classCounters = new SlabClassStats[StoreLimits.SizeClassCountMax];
        private readonly byte[] digits = new byte[AsciiNumber.UInt64DigitsMax];
        private readonly int itemSizeMaxBytes;
        private ulong lastCas;
        private long oldestLive = long.MinValue;
        private ulong oldestCas;
        private int crawlCursor;

        public StoreStats Stats { get; } = new StoreStats();
        public SlabAllocator Slab => slab;
        public ItemTable Table => table;

        // Bytes held outside the -m budget: every table here is O(pages) or O(classes), except
        // the hash buckets (the live arrays: an outgrown one is the collector's once migrated).
        public long OverheadBytes =>
            slab.OverheadBytes + lru.OverheadBytes + table.BucketBytesLive
            + SlabAllocator.ArrayBytes(classCounters.Length, Unsafe.SizeOf<SlabClassStats>()) + SlabAllocator.ArrayBytes(digits.Length, 1);

        public ItemStore(long memoryLimitBytes, int itemSizeMaxBytes = StoreLimits.ItemSizeMaxDefaultBytes)
        {
            slab = new SlabAllocator(memoryLimitBytes, itemSizeMaxBytes);
            table = new ItemTable(slab);
            lru = new LruList(slab);
            this.itemSizeMaxBytes = itemSizeMaxBytes;
            Stats.LimitMaxBytes = (long)slab.PageCountMax * StoreLimits.PageSizeBytes;
        }

        // get/gets: one key. A miss returns default (Found false).
        public ItemView Get(ReadOnlySpan<byte> key, long now)
        {
            Stats.CmdGet++;
            int item = Lookup(key, ItemTable.Hash(key), now, countGet: true);
            if (item < 0)
            {
                Stats.GetMisses++;
                return default;
            }
            Stats.GetHits++;
            classCounters[slab.ClassOfHandle(item)].GetHits++;
            ref byte header = ref Accessed(item, now);
            return new ItemView(ItemHeader.Flags(ref header), ItemHeader.Cas(ref header), slab.Value(item));
        }

        public StoreResult Set(ReadOnlySpan<byte> key, uint itemFlags, long exptime, ReadOnlySpan<byte> value, long now, out ulong cas) =>
            Store(StoreMode.Set, key, itemFlags, exptime, value, 0, now, out cas);

        public StoreResult Add(ReadOnlySpan<byte> key, uint itemFlags, long exptime, ReadOnlySpan<byte> value, long now, out ulong cas) =>
            Store(StoreMode.Add, key, itemFlags, exptime, value, 0, now, out cas);

        public StoreResult Replace(ReadOnlySpan<byte> key, uint itemFlags, long exptime, ReadOnlySpan<byte> value, long now, out ulong cas) =>
            Store(StoreMode.Replace, key, itemFlags, exptime, value, 0, now, out cas);

        // protocol.txt: append and prepend "ignore" flags and exptime; the item keeps its own.
        public StoreResult Append(ReadOnlySpan<byte> key, uint itemFlags, long exptime, ReadOnlySpan<byte> value, long now, out ulong cas) =>
            Store(StoreMode.Append, key, itemFlags, exptime, value, 0, now, out cas);

        public StoreResult Prepend(ReadOnlySpan<byte> key, uint itemFlags, long exptime, ReadOnlySpan<byte> value, long now, out ulong cas) =>
            Store(StoreMode.Prepend, key, itemFlags, exptime, value, 0, now, out cas);

        public StoreResult Cas(ReadOnlySpan<byte> key, uint itemFlags, long exptime, ReadOnlySpan<byte> value, ulong expectedCas, long now, out ulong cas) =>
            Store(StoreMode.Cas, key, itemFlags, exptime, value, expectedCas, now, out cas);

        public StoreResult Delete(ReadOnlySpan<byte> key, long now)
        {
            int item = Lookup(key, ItemTable.Hash(key), now, countGet: false);
            if (item < 0)
            {
                Stats.DeleteMisses++;
                return StoreResult.NotFound;
            }
            Stats.DeleteHits++;
            classCounters[slab.ClassOfHandle(item)].DeleteHits++;
            Unlink(item);
            return StoreResult.Deleted;
        }

        // touch: a new exptime, same value and CAS (memcached's item_touch).
        public StoreResult Touch(ReadOnlySpan<byte> key, long exptime, long now)
        {
            Stats.CmdTouch++;
            int item = Lookup(key, ItemTable.Hash(key), now, countGet: false);
            if (item < 0)
            {
                Stats.TouchMisses++;
                return StoreResult.NotFound;
            }
            Stats.TouchHits++;
            classCounters[slab.ClassOfHandle(item)].TouchHits++;
            ItemHeader.SetExpiresAt(ref Accessed(item, now), Expiry.ToAbsolute(exptime, now));
            return StoreResult.Touched;
        }

        // flush_all [delay]: protocol.txt "flush_all": with a delay, items stored before the
        // moment it names are invalidated once it arrives; without, all current items at once.
        public void FlushAll(long delaySeconds, long now)
        {
            Stats.CmdFlush++;
            long flushAt = delaySeconds > 0 ? Expiry.ToAbsolute(delaySeconds, now) : now;
            if (flushAt == Expiry.AlreadyExpired)
                flushAt = now;
            oldestLive = flushAt - 1;
            if (oldestLive <= now)
                oldestCas = ++lastCas;
        }

        // The crawler's step: examines up to budgetHandles chunk handles from where the last step
        // stopped, reclaiming dead items; the uncarved rest of a page counts as one step. It also
        // moves a few buckets of a hash table migration, so one ends without further inserts.
        // Returns how many items it reclaimed.
        public int Crawl(long now, int budgetHandles)
        {
            table.MigrateStep(StoreLimits.HashMigrationBucketsPerStep);
            int reclaimed = 0;
            int handlesAssigned = slab.PagesAssigned * StoreLimits.ChunksPerPageMax;
            for (int step = 0; step < budgetHandles && handlesAssigned > 0; step++)
            {
                if (crawlCursor >= handlesAssigned)
                    crawlCursor = 0;
                int item = crawlCursor++;
                int page = item / StoreLimits.ChunksPerPageMax;
                if (item - page * StoreLimits.ChunksPerPageMax >= slab.ChunksCarved(page))
                {
                    crawlCursor = (page + 1) * StoreLimits.ChunksPerPageMax;
                    continue;
                }
                if (!slab.InUse(item))
                    continue;
                int sizeClass = slab.ClassOfHandle(item);
                classCounters[sizeClass].CrawlerItemsChecked++;
                if (!IsDead(item, now))
                    continue;
                if (IsUnfetchedExpiry(item, now))
                    classCounters[sizeClass].ExpiredUnfetched++;
                Unlink(item);
                Stats.CrawlerReclaimed++;
                classCounters[sizeClass].CrawlerReclaimed++;
                reclaimed++;
            }
            return reclaimed;
        }

        public bool IsDead(int item, long now)
        {
            ref byte header = ref slab.Header(item);
            return Expiry.IsExpired(ItemHeader.ExpiresAt(ref header), now)
                || (oldestLive <= now && ItemHeader.StoredAt(ref header) <= oldestLive)
                || ItemHeader.Cas(ref header) < oldestCas;
        }

        // Size classes: memcached's class id is index + 1.
        public int SizeClassCount => slab.Classes.Count;

        // memcached's "stats" hash_power_level, hash_bytes, hash_is_expanding.
        public int HashPowerLevel => table.HashPowerLevel;
        public long HashBytes => table.HashBytes;
        public bool HashIsExpanding => table.IsExpanding;

        // "stats slabs" totals: active_slabs (classes with a page), total_malloced.
        public int ActiveSlabClasses
        {
            get
            {
                int active = 0;
                for (int sizeClass = 0; sizeClass < slab.Classes.Count; sizeClass++)
                {
                    if (slab.PagesOfClass(sizeClass) > 0)
                        active++;
                }
                return active;
            }
        }

        public long TotalMallocedBytes => (long)slab.PagesAssigned * StoreLimits.PageSizeBytes;

        // One class's "stats slabs" and "stats items" figures at `now` (for age).
        public SlabClassStats GetClassStats(int sizeClass, long now)
        {
            Invariant.Assert(sizeClass >= 0 && sizeClass < slab.Classes.Count, "stats of a size class that does not exist");
            SlabClassStats stats = classCounters[sizeClass];
            stats.ClassId = sizeClass + 1;
            stats.ChunkSizeBytes = slab.Classes.ChunkSizeBytes(sizeClass);
            stats.ChunksPerPage = slab.Classes.ChunksPerPage(sizeClass);
            stats.TotalPages = slab.PagesOfClass(sizeClass);
            stats.TotalChunks = stats.TotalPages * stats.ChunksPerPage;
            // memcached 1.6 carves a whole page into the free list when it assigns it, so its
            // free_chunks counts our uncarved remainder too and its free_chunks_end is always 0.
            stats.FreeChunks = slab.FreeChunks(sizeClass) + slab.FreeChunksEnd(sizeClass);
            stats.FreeChunksEnd = 0;
            stats.UsedChunks = stats.TotalChunks - stats.FreeChunks;
            stats.Number = lru.Count(sizeClass);
            int tail = lru.Tail(sizeClass);
            stats.AgeSeconds = tail < 0 ? 0 : ItemHeader.SecondsSinceAccess(ref slab.Header(tail), now);
            return stats;
        }

        // O(handles carved): the invariants of the header comment, for tests after their steps
        // (Invariant.cs's caller rule). Never on the data path.
        public void CheckInvariants()
        {
            long items = 0;
            long bytes = 0;
            int handlesAssigned = slab.PagesAssigned * StoreLimits.ChunksPerPageMax;
            for (int item = 0; item < handlesAssigned; item++)
            {
                if (!slab.InUse(item))
                    continue;
                items++;
                bytes += slab.ItemBytes(item);
                Invariant.Assert(lru.IsLinked(item), "store: item in use is on no LRU");
                Invariant.Assert(table.Find(slab.Key(item), ItemTable.Hash(slab.Key(item))) == item, "store: item in use is not found by its key");
            }
            long linked = 0;
            long requested = 0;
            for (int sizeClass = 0; sizeClass < slab.Classes.Count; sizeClass++)
            {
                linked += lru.Count(sizeClass);
                requested += classCounters[sizeClass].MemRequestedBytes;
            }
            Invariant.Assert(items == Stats.CurrentItems, "store: curr_items differs from items in use");
            Invariant.Assert(items == table.ItemCount, "store: table count differs from items in use");
            Invariant.Assert(linked == items, "store: LRU lengths differ from items in use");
            Invariant.Assert(bytes == Stats.Bytes, "store: bytes differs from the items' sizes");
            Invariant.Assert(requested == bytes, "store: classes' mem_requested differs from bytes");
            Invariant.Assert(bytes <= (long)slab.PagesAssigned * StoreLimits.PageSizeBytes, "store: bytes beyond the pages assigned");
        }

        // The live item holding key, or -1; a dead one found on the way is unlinked (lazy expiry).
        private int Lookup(ReadOnlySpan<byte> key, uint hash, long now, bool countGet)
        {
            Invariant.Assert(key.Length >= 1 && key.Length <= Limits.KeyLengthMax, "store key length outside 1..250");
            int item = table.Find(key, hash);
            if (item < 0 || !IsDead(item, now))
                return item;
            if (countGet && Expiry.IsExpired(ItemHeader.ExpiresAt(ref slab.Header(item)), now))
                Stats.GetExpired++;
            else if (countGet)
                Stats.GetFlushed++;
            Unlink(item);
            return -1;
        }

        // An access (hit, touch, in-place change): most recent in its LRU, stamped, fetched.
        private ref byte Accessed(int item, long now)
        {
            lru.Bump(slab.ClassOfHandle(item), item);
            ref byte header = ref slab.Header(item);
            ItemHeader.SetAccessedAt(ref header, now);
            ItemHeader.Raise(ref header, ItemHeader.StateFetched);
            return ref header;
        }

        // Dead by its exptime (not by flush_all) and never read: memcached's *_unfetched counts.
        private bool IsUnfetchedExpiry(int item, long now)
        {
            ref byte header = ref slab.Header(item);
            return !ItemHeader.Has(ref header, ItemHeader.StateFetched) && Expiry.IsExpired(ItemHeader.ExpiresAt(ref header), now);
        }

        private void Link(int item, uint hash)
        {
            table.Insert(item, hash);
            lru.PushHead(slab.ClassOfHandle(item), item);
            int itemBytes = slab.ItemBytes(item);
            Stats.CurrentItems++;
            Stats.TotalItems++;
            Stats.Bytes += itemBytes;
            classCounters[slab.ClassOfHandle(item)].MemRequestedBytes += itemBytes;
        }

        private void Unlink(int item)
        {
            table.Remove(item);
            if (lru.IsLinked(item))
                lru.Remove(slab.ClassOfHandle(item), item);
            int itemBytes = slab.ItemBytes(item);
            Stats.CurrentItems--;
            Stats.Bytes -= itemBytes;
            classCounters[slab.ClassOfHandle(item)].MemRequestedBytes -= itemBytes;
            slab.Free(item);
        }
    }
}
