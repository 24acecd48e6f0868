// The key index: a chained hash table (memcached's assoc.c) whose chains run through the item
// headers (HashNext, Hash), so linking an item allocates nothing and costs nothing outside the
// budget but the bucket array. Hash: 32-bit FNV-1a over the key bytes.
//
// Growth without a stall (assoc.c's expansion, done inline instead of by a helper thread):
// buckets start at HashBucketCountInitial; when an insert makes items exceed
// HashGrowthLoadNumerator/Denominator (1.5) per bucket, a table twice as large becomes primary
// and the old one is kept. Each later insert moves HashMigrationBucketsPerStep old buckets'
// chains into the primary table (the stored hash picks the new bucket: no rehash), and so does
// each crawler step (ItemStore.Crawl), so a migration also ends without inserts. During the
// migration an old bucket index below migrateBucket has been moved, so a key whose old bucket
// (hash & oldMask) is >= migrateBucket is still in the old table and every lookup, insert and
// remove goes there; any other key is in the primary table. Each step is O(buckets per step ×
// chain length): no request ever waits for a whole rehash.
// Migration always ends before the next growth: it takes oldCount / 4 inserts, which add at
// most oldCount / 4 items, leaving ~0.875 per new bucket, below the 1.5 trigger.
//
// Memory (outside -m, like memcached's hash table): 4 bytes per bucket, at most ~1.33 buckets
// per item (the table doubles at 1.5), plus the old array while migrating; when the migration
// ends the old array is dropped and the collector frees it, so live bucket bytes peak at 1.5 ×
// the final array. At -m 64 the worst case (all items in the 96-byte class, ~699k items) ends at
// 2^19 buckets = 2 MB, 3 MB during the last migration. BucketBytesLive counts it.
// Growth allocates on the data path only at these log2(final / initial) inserts.
//
// Invariant: every item in use is in exactly one chain, in the table and bucket chosen above by
// its hash, and no two live chain members have equal keys (the store unlinks the old item
// before linking a new one). Caller rule: the item's key must be written before Insert.
using System;
using OSv.Core.Diagnostics;

namespace Memcached.Store
{
    public sealed class ItemTable
    {
        private readonly SlabAllocator slab;
        private int[] primary;
        private uint primaryMask;
        private int[] old = Array.Empty<int>();
        private uint oldMask;
        private int migrateBucket;
        private bool expanding;
        private long itemCount;

        public ItemTable(SlabAllocator slab, int bucketCountInitial = StoreLimits.HashBucketCountInitial)
        {
            Invariant.Assert(bucketCountInitial > 0 && (bucketCountInitial & (bucketCountInitial - 1)) == 0, "hash bucket count not a power of two");
            this.slab = slab;
            primary = NewBuckets(bucketCountInitial);
            primaryMask = (uint)bucketCountInitial - 1;
        }

        public int BucketCount => primary.Length;
        public bool IsExpanding => expanding;
        public long ItemCount => itemCount;

        // memcached's hash_power_level: log2 of the bucket count.
        public int HashPowerLevel
        {
            get
            {
                int power = 0;
                while ((1 << power) < primary.Length)
                    power++;
                return power;
            }
        }

        // The bucket arrays live now: their elements (memcached's hash_bytes), and with the
        // arrays' object headers (what the heap holds).
        public long HashBytes => 4L * primary.Length + (expanding ? 4L * old.Length : 0);
        public long BucketBytesLive =>
            SlabAllocator.ArrayBytes(primary.Length, 4) + (expanding ? SlabAllocator.ArrayBytes(old.Length, 4) : 0);

        public static uint Hash(ReadOnlySpan<byte> key)
        {
            uint hash = 2166136261;
            for (int index = 0; index < key.Length; index++)
                hash = (hash ^ key[index]) * 16777619;
            return hash;
        }

        // The item holding key, or -1.
        public int Find(ReadOnlySpan<byte> key, uint hash)
        {
            int item = BucketOf(hash);
            while (item >= 0)
            {
                ref byte header = ref slab.Header(item);
                if (ItemHeader.Hash(ref header) == hash && slab.Key(item).SequenceEqual(key))
                    return item;
                item = ItemHeader.HashNext(ref header);
            }
            return -1;
        }

        public void Insert(int item, uint hash)
        {
            ref byte header = ref slab.Header(item);
            ref int bucket = ref BucketOf(hash);
            ItemHeader.SetHash(ref header, hash);
            ItemHeader.SetHashNext(ref header, bucket);
            bucket = item;
            itemCount++;
            if (expanding)
                MigrateStep(StoreLimits.HashMigrationBucketsPerStep);
            else if (itemCount * StoreLimits.HashGrowthLoadDenominator > (long)primary.Length * StoreLimits.HashGrowthLoadNumerator)
                StartExpansion();
        }

        public void Remove(int item)
        {
            ref int head = ref BucketOf(ItemHeader.Hash(ref slab.Header(item)));
            int previous = -1;
            int current = head;
            while (current >= 0)
            {
                int next = ItemHeader.HashNext(ref slab.Header(current));
                if (current == item)
                {
                    if (previous < 0)
                        head = next;
                    else
                        ItemHeader.SetHashNext(ref slab.Header(previous), next);
                    itemCount--;
                    return;
                }
                previous = current;
                current = next;
            }
            Invariant.Fail("item table: removed item is in no chain");
        }

        // Moves up to bucketBudget old buckets' chains into the primary table; ends the
        // migration when the last is moved. Returns whether a migration is still going on.
        public bool MigrateStep(int bucketBudget)
        {
            for (int step = 0; step < bucketBudget && expanding; step++)
            {
                int item = old[migrateBucket];
                while (item >= 0)
                {
                    ref byte header = ref slab.Header(item);
                    int next = ItemHeader.HashNext(ref header);
                    ref int bucket = ref primary[ItemHeader.Hash(ref header) & primaryMask];
                    ItemHeader.SetHashNext(ref header, bucket);
                    bucket = item;
                    item = next;
                }
                old[migrateBucket] = -1;
                migrateBucket++;
                if (migrateBucket == old.Length)
                {
                    expanding = false;
                    old = Array.Empty<int>(); // the outgrown array is garbage now: the collector frees it
                }
            }
            return expanding;
        }

        // The chain head for hash: the old table's bucket while it is not yet migrated.
        private ref int BucketOf(uint hash)
        {
            if (expanding)
            {
                uint oldBucket = hash & oldMask;
                if (oldBucket >= (uint)migrateBucket)
                    return ref old[oldBucket];
            }
            return ref primary[hash & primaryMask];
        }

        private void StartExpansion()
        {
            Invariant.Assert(primary.Length <= int.MaxValue / 2, "hash table at its largest");
            old = primary;
            oldMask = primaryMask;
            primary = NewBuckets(old.Length * 2);
            primaryMask = (uint)primary.Length - 1;
            migrateBucket = 0;
            expanding = true;
        }

        private int[] NewBuckets(int count)
        {
            var buckets = new int[count];
            for (int bucket = 0; bucket < count; bucket++)
                buckets[bucket] = -1;
            return buckets;
        }
    }
}
