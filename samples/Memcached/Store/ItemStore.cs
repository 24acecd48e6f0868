// The item store behind the memcached commands (protocol.txt, "Commands": storage, retrieval,
// deletion, increment/decrement, touch, flush_all). Pure and single-threaded: the server holds
// its lock around every call, passes the time in (`now`, Unix seconds) and maps each
// StoreResult to memcached's reply line. Memory is SlabAllocator's fixed budget; the key index
// is ItemTable, recency is LruList, and per-item metadata is arrays indexed by item handle.
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
// Invariants: curr_items == items in the table == items on the LRUs (outside a call);
// bytes == sum of key + value bytes of those items <= PagesAssigned * PageSizeBytes <= budget.
// Caller rules: keys are 1..KeyLengthMax bytes (the parser checked); the ItemView a Get
// returns is valid until the next call.
using System;
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
        private readonly uint[] flags;
        private readonly long[] expiresAt;
        private readonly long[] storedAt;
        private readonly ulong[] casUnique;
        private readonly byte[] digits = new byte[AsciiNumber.UInt64DigitsMax];
        private readonly int itemSizeMaxBytes;
        private ulong lastCas;
        private long oldestLive = long.MinValue;
        private ulong oldestCas;
        private int crawlCursor;

        public StoreStats Stats { get; } = new StoreStats();
        public SlabAllocator Slab => slab;

        public ItemStore(long memoryLimitBytes, int itemSizeMaxBytes = StoreLimits.ItemSizeMaxDefaultBytes)
        {
            slab = new SlabAllocator(memoryLimitBytes, itemSizeMaxBytes);
            table = new ItemTable(slab);
            lru = new LruList(slab.HandleCount);
            flags = new uint[slab.HandleCount];
            expiresAt = new long[slab.HandleCount];
            storedAt = new long[slab.HandleCount];
            casUnique = new ulong[slab.HandleCount];
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
            lru.Bump(slab.ClassOfHandle(item), item);
            return new ItemView(flags[item], casUnique[item], slab.Value(item));
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
            expiresAt[item] = Expiry.ToAbsolute(exptime, now);
            lru.Bump(slab.ClassOfHandle(item), item);
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
        // stopped, reclaiming dead items. Returns how many it reclaimed.
        public int Crawl(long now, int budgetHandles)
        {
            int reclaimed = 0;
            int handlesInUse = slab.PagesAssigned * StoreLimits.ChunksPerPageMax;
            for (int step = 0; step < budgetHandles && handlesInUse > 0; step++)
            {
                if (crawlCursor >= handlesInUse)
                    crawlCursor = 0;
                int item = crawlCursor++;
                if (!slab.InUse(item) || !IsDead(item, now))
                    continue;
                Unlink(item);
                Stats.CrawlerReclaimed++;
                reclaimed++;
            }
            return reclaimed;
        }

        public bool IsDead(int item, long now) =>
            Expiry.IsExpired(expiresAt[item], now)
            || (oldestLive <= now && storedAt[item] <= oldestLive)
            || casUnique[item] < oldestCas;

        // O(handles carved): the invariants of the header comment, for tests after their steps
        // (Invariant.cs's caller rule). Never on the data path.
        public void CheckInvariants()
        {
            long items = 0;
            long bytes = 0;
            int handlesCarved = slab.PagesAssigned * StoreLimits.ChunksPerPageMax;
            for (int item = 0; item < handlesCarved; item++)
            {
                if (!slab.InUse(item))
                    continue;
                items++;
                bytes += slab.ItemBytes(item);
                Invariant.Assert(lru.IsLinked(item), "store: item in use is on no LRU");
                Invariant.Assert(table.Find(slab.Key(item), ItemTable.Hash(slab.Key(item))) == item, "store: item in use is not found by its key");
            }
            long linked = 0;
            for (int sizeClass = 0; sizeClass < slab.Classes.Count; sizeClass++)
                linked += lru.Count(sizeClass);
            Invariant.Assert(items == Stats.CurrentItems, "store: curr_items differs from items in use");
            Invariant.Assert(linked == items, "store: LRU lengths differ from items in use");
            Invariant.Assert(bytes == Stats.Bytes, "store: bytes differs from the items' sizes");
            Invariant.Assert(bytes <= (long)slab.PagesAssigned * StoreLimits.PageSizeBytes, "store: bytes beyond the pages assigned");
        }

        // The live item holding key, or -1; a dead one found on the way is unlinked (lazy expiry).
        private int Lookup(ReadOnlySpan<byte> key, uint hash, long now, bool countGet)
        {
            Invariant.Assert(key.Length >= 1 && key.Length <= Limits.KeyLengthMax, "store key length outside 1..250");
            int item = table.Find(key, hash);
            if (item < 0 || !IsDead(item, now))
                return item;
            if (countGet && Expiry.IsExpired(expiresAt[item], now))
                Stats.GetExpired++;
            else if (countGet)
                Stats.GetFlushed++;
            Unlink(item);
            return -1;
        }

        private void Link(int item, uint hash)
        {
            table.Insert(item, hash);
            lru.PushHead(slab.ClassOfHandle(item), item);
            Stats.CurrentItems++;
            Stats.TotalItems++;
            Stats.Bytes += slab.ItemBytes(item);
        }

        private void Unlink(int item)
        {
            table.Remove(item);
            if (lru.IsLinked(item))
                lru.Remove(slab.ClassOfHandle(item), item);
            Stats.CurrentItems--;
            Stats.Bytes -= slab.ItemBytes(item);
            slab.Free(item);
        }
    }
}
