using System;
using Memcached.Store;
using Xunit;
using static Memcached.Tests.Store.StoreFixture;

namespace Memcached.Tests.Store
{
    // Item bookkeeping lives in the chunk (ItemHeader) and counts against -m; outside the budget
    // only O(pages) and O(classes) tables remain, plus the hash buckets.
    public class StoreMemoryAccountingTests
    {
        private const long MegabyteBytes = 1024 * 1024;

        // Everything outside the budget but the buckets: page tables plus class tables.
        private static long OverheadWithoutBuckets(ItemStore store) => store.OverheadBytes - store.Table.BucketBytesLive;

        [Fact]
        public void OneItem_TakesHeaderKeyAndValueOfItsChunk()
        {
            ItemStore store = NewStore();
            Set(store, "a", "hello");
            SlabClassStats stats = store.GetClassStats(0, Now);
            Assert.Equal(ItemHeader.SizeBytes + 1 + 5, store.Stats.Bytes);
            Assert.Equal(ItemHeader.SizeBytes + 1 + 5, stats.MemRequestedBytes);
            Assert.Equal(1, stats.UsedChunks);
        }

        [Fact]
        public void ItemOneByteOverSmallestChunk_TakesNextClass()
        {
            ItemStore store = NewStore();
            Set(store, "a", new string('v', 96 - ItemHeader.SizeBytes - 1 + 1));
            Assert.Equal(0, store.GetClassStats(0, Now).UsedChunks);
            Assert.Equal(1, store.GetClassStats(1, Now).UsedChunks);
            Assert.Equal(120, store.GetClassStats(1, Now).ChunkSizeBytes);
        }

        [Fact]
        public void OverheadOutsideBuckets_GrowsByAtMost16BytesPerPageOfBudget()
        {
            var small = new ItemStore(64 * MegabyteBytes);
            var large = new ItemStore(1024 * MegabyteBytes);
            long perPage = (OverheadWithoutBuckets(large) - OverheadWithoutBuckets(small)) / (1024 - 64);
            Assert.True(perPage <= 16, "per-page overhead " + perPage);
        }

        [Fact]
        public void OverheadBeforeAnyItem_AtMinus64_Under32Kilobytes()
        {
            var store = new ItemStore(64 * MegabyteBytes);
            Assert.True(store.OverheadBytes < 32 * 1024, "overhead " + store.OverheadBytes);
        }

        [Fact]
        public void FillFiveTimesBudget_MixedSizes_PagesWithinBudgetOverheadPerPage()
        {
            // 32 pages: more than the ~17 classes these sizes reach, so every class gets a page
            // and a full class evicts (a class left without a page would only fail to store).
            const long budgetBytes = 32 * MegabyteBytes;
            var store = new ItemStore(budgetBytes);
            var random = new Random(11);
            long overheadEmpty = OverheadWithoutBuckets(store);
            long written = 0;
            for (int index = 0; written < 5 * budgetBytes; index++)
            {
                int size = random.Next(8) == 0 ? random.Next(2000, 8000) : random.Next(0, 600);
                Set(store, "key" + index, new string('z', size));
                written += size;
                Assert.True(store.TotalMallocedBytes <= budgetBytes, "malloced");
                Assert.True(store.Stats.Bytes <= store.TotalMallocedBytes, "bytes");
            }
            store.CheckInvariants();
            Assert.True(store.Stats.Evictions > 0, "no evictions");
            Assert.Equal(store.Slab.PageCountMax, store.Slab.PagesAssigned);
            // No table outside the budget grew with the items; the live buckets stay below two
            // (primary + old while migrating) arrays of at most 4/3 bucket per item.
            Assert.Equal(overheadEmpty, OverheadWithoutBuckets(store));
            long bucketsBound = 2 * SlabAllocator.ArrayBytes(Math.Max(StoreLimits.HashBucketCountInitial, store.Stats.TotalItems * 4 / 3), 4);
            Assert.True(store.Table.BucketBytesLive <= bucketsBound, "buckets " + store.Table.BucketBytesLive + " bound " + bucketsBound);
        }

        [Fact]
        public void FillWithSmallestItems_BudgetHoldsChunksPerPageTimesPages()
        {
            var store = new ItemStore(2 * MegabyteBytes);
            string value = new string('v', 96 - ItemHeader.SizeBytes - 7);
            int stored = 0;
            while (store.Stats.Evictions == 0)
            {
                Set(store, "k" + stored.ToString("D6"), value);
                stored++;
            }
            Assert.Equal(2 * (StoreLimits.PageSizeBytes / 96), store.Stats.CurrentItems);
            Assert.Equal(2 * (StoreLimits.PageSizeBytes / 96) * 96L, store.Stats.Bytes);
            store.CheckInvariants();
        }
    }
}
