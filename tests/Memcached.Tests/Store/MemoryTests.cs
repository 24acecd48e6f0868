using System;
using Memcached.Store;
using Xunit;
using static Memcached.Tests.Store.StoreFixture;

namespace Memcached.Tests.Store
{
    // Slab classes, the memory budget, the item-size limit, LRU eviction order and counting.
    public class MemoryTests
    {
        private const long OnePageBytes = StoreLimits.PageSizeBytes;

        // Header (56) + key "k00000" (6 bytes) + 34 value bytes: the 96-byte class, 10922 to a page.
        private static string SmallKey(int index) => "k" + index.ToString("D5");
        private static readonly string SmallValue = new string('v', 96 - ItemHeader.SizeBytes - 6);

        [Fact]
        public void SlabClasses_StartAt96EndAtItemLimitAndGrowBy125()
        {
            var classes = new SlabClasses(StoreLimits.ItemSizeMaxDefaultBytes);
            Assert.Equal(96, classes.ChunkSizeBytes(0));
            Assert.Equal(120, classes.ChunkSizeBytes(1));
            Assert.Equal(StoreLimits.PageSizeBytes, classes.ChunkSizeBytes(classes.Count - 1));
            Assert.True(classes.Count <= StoreLimits.SizeClassCountMax);
            for (int sizeClass = 1; sizeClass < classes.Count - 1; sizeClass++)
            {
                int previous = classes.ChunkSizeBytes(sizeClass - 1);
                Assert.True(classes.ChunkSizeBytes(sizeClass) > previous);
                Assert.True(classes.ChunkSizeBytes(sizeClass) <= previous * 5 / 4 + StoreLimits.ChunkAlignBytes);
                Assert.Equal(0, classes.ChunkSizeBytes(sizeClass) % StoreLimits.ChunkAlignBytes);
            }
        }

        [Fact]
        public void SlabClasses_ClassOfIsSmallestFittingChunk()
        {
            var classes = new SlabClasses(StoreLimits.ItemSizeMaxDefaultBytes);
            Assert.Equal(0, classes.ClassOf(1));
            Assert.Equal(0, classes.ClassOf(96));
            Assert.Equal(1, classes.ClassOf(97));
            Assert.Equal(classes.Count - 1, classes.ClassOf(StoreLimits.PageSizeBytes));
            Assert.Equal(-1, classes.ClassOf(StoreLimits.PageSizeBytes + 1));
        }

        [Fact]
        public void FullClass_EvictsLeastRecentlyUsedAndCounts()
        {
            var store = new ItemStore(OnePageBytes);
            int perPage = StoreLimits.PageSizeBytes / 96;
            for (int index = 0; index < perPage; index++)
                Assert.Equal(StoreResult.Stored, Set(store, SmallKey(index), SmallValue));
            Assert.Equal(0, store.Stats.Evictions);
            Assert.Equal(SmallValue, ValueOf(store, SmallKey(0))); // k0 becomes most recent
            Set(store, SmallKey(perPage), SmallValue);
            Assert.Equal(1, store.Stats.Evictions);
            Assert.Null(ValueOf(store, SmallKey(1)));
            Assert.Equal(SmallValue, ValueOf(store, SmallKey(0)));
            Set(store, SmallKey(perPage + 1), SmallValue);
            Assert.Null(ValueOf(store, SmallKey(2)));
            Assert.Equal(2, store.Stats.Evictions);
            Assert.Equal(perPage, store.Stats.CurrentItems);
            store.CheckInvariants();
        }

        [Fact]
        public void FullClass_ExpiredItemNearTailReclaimedBeforeEvicting()
        {
            var store = new ItemStore(OnePageBytes);
            int perPage = StoreLimits.PageSizeBytes / 96;
            for (int index = 0; index < perPage; index++)
                Set(store, SmallKey(index), SmallValue, exptime: index == 2 ? 5 : 0);
            Set(store, SmallKey(perPage), SmallValue, now: Now + 5);
            Assert.Equal(0, store.Stats.Evictions);
            Assert.Equal(1, store.Stats.Reclaimed);
            Assert.Equal(SmallValue, ValueOf(store, SmallKey(0), Now + 5));
        }

        [Fact]
        public void ClassWithoutPage_BudgetSpent_OutOfMemory()
        {
            var store = new ItemStore(OnePageBytes);
            Set(store, "small", "v");
            Assert.Equal(StoreResult.OutOfMemory, Set(store, "big", new string('x', 5000)));
            Assert.Equal(1, store.Stats.OutOfMemory);
            Assert.Equal("v", ValueOf(store, "small"));
        }

        [Fact]
        public void FillFiveTimesBudget_BytesAndPagesNeverExceedBudget()
        {
            var store = new ItemStore(MemoryLimitBytes);
            var random = new Random(7);
            long written = 0;
            int stored = 0;
            for (int index = 0; written < 5 * MemoryLimitBytes; index++)
            {
                int size = random.Next(4) == 0 ? random.Next(1, 200_000) : random.Next(1, 2000);
                if (Set(store, "key" + index, new string('z', size)) == StoreResult.Stored)
                    stored++;
                written += size;
                Assert.True(store.Stats.Bytes <= MemoryLimitBytes);
                Assert.True(store.Slab.PagesAssigned * (long)StoreLimits.PageSizeBytes <= MemoryLimitBytes);
                if (index % 500 == 0)
                    store.CheckInvariants();
            }
            store.CheckInvariants();
            Assert.True(stored > 0);
            Assert.True(store.Stats.Evictions > 0);
            Assert.Equal(store.Stats.CurrentItems, store.Stats.TotalItems - store.Stats.Evictions);
        }

        [Fact]
        public void SmallAndLargeValues_EachRoundTrips()
        {
            var store = new ItemStore(16 * OnePageBytes);
            int[] sizes = { 0, 1, 89, 90, 1000, 10_000, 100_000, 500_000, StoreLimits.PageSizeBytes - ItemHeader.SizeBytes - 2 };
            for (int index = 0; index < sizes.Length; index++)
                Assert.Equal(StoreResult.Stored, Set(store, "s" + index, new string((char)('a' + index), sizes[index])));
            for (int index = 0; index < sizes.Length; index++)
                Assert.Equal(new string((char)('a' + index), sizes[index]), ValueOf(store, "s" + index));
        }

        [Fact]
        public void ItemAtLimit_Stored_OneMore_TooLarge()
        {
            var store = new ItemStore(2 * OnePageBytes);
            // The limit (-I) bounds the whole item: header, key and value.
            int valueBytesMax = StoreLimits.ItemSizeMaxDefaultBytes - ItemHeader.SizeBytes - 1;
            Assert.Equal(StoreResult.Stored, Set(store, "k", new string('x', valueBytesMax)));
            Assert.Equal(StoreResult.TooLarge, Set(store, "j", new string('x', valueBytesMax + 1)));
        }

        [Fact]
        public void SmallerItemLimit_TooLargeSetRemovesOldValue()
        {
            var store = new ItemStore(OnePageBytes, itemSizeMaxBytes: 1024);
            Set(store, "k", "old");
            Assert.Equal(StoreResult.TooLarge, Set(store, "k", new string('x', 1024)));
            Assert.Null(ValueOf(store, "k"));
        }

        [Fact]
        public void TooLargeAppend_NotStoredAndKeepsValue()
        {
            var store = new ItemStore(OnePageBytes, itemSizeMaxBytes: 1024);
            Set(store, "k", new string('x', 900));
            Assert.Equal(StoreResult.TooLarge, store.Append(B("k"), 0, 0, B(new string('y', 100)), Now, out _));
            Assert.Equal(new string('x', 900), ValueOf(store, "k"));
        }

        [Fact]
        public void ReplacingTheOnlyItemOfAFullClass_DoesNotEvictItself()
        {
            var store = new ItemStore(OnePageBytes, itemSizeMaxBytes: StoreLimits.PageSizeBytes);
            Set(store, "k", new string('a', StoreLimits.PageSizeBytes - ItemHeader.SizeBytes - 10));
            Set(store, "k", new string('b', StoreLimits.PageSizeBytes - ItemHeader.SizeBytes - 10));
            // One chunk of that class exists and the old item holds it: memcached would also fail.
            Assert.Null(ValueOf(store, "k"));
            Assert.Equal(0, store.Stats.Evictions);
            Assert.Equal(1, store.Stats.OutOfMemory);
        }

        [Fact]
        public void FailedAdd_BumpsExistingItemAwayFromEviction()
        {
            var store = new ItemStore(OnePageBytes);
            int perPage = StoreLimits.PageSizeBytes / 96;
            for (int index = 0; index < perPage; index++)
                Set(store, SmallKey(index), SmallValue);
            Assert.Equal(StoreResult.NotStored, store.Add(B(SmallKey(0)), 0, 0, B(SmallValue), Now, out _));
            Set(store, SmallKey(perPage), SmallValue);
            Assert.Equal(SmallValue, ValueOf(store, SmallKey(0)));
            Assert.Null(ValueOf(store, SmallKey(1)));
        }
    }
}
