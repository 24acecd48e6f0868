using System;
using Memcached.Store;
using OSv.Testing;
using Xunit;
using static Memcached.Tests.Store.StoreFixture;

namespace Memcached.Tests.Store
{
    // The key index doubles past 1.5 items per bucket and migrates a few old buckets per insert;
    // lookups, overwrites and deletes stay right while both tables are live.
    public class ItemTableGrowthTests
    {
        private const int Initial = StoreLimits.HashBucketCountInitial;
        private const int GrowthItems = Initial * 3 / 2 + 1; // the insert that starts the growth
        private const int MigrationInserts = Initial / StoreLimits.HashMigrationBucketsPerStep;

        private static string Key(int index) => "key:" + index;

        private static ItemStore StoreWith(int items)
        {
            ItemStore store = NewStore();
            for (int index = 0; index < items; index++)
                Assert.Equal(StoreResult.Stored, Set(store, Key(index), "v" + index));
            return store;
        }

        [Fact]
        public void AtOnePointFivePerBucket_NotYetGrowing()
        {
            ItemStore store = StoreWith(GrowthItems - 1);
            Assert.Equal(Initial, store.Table.BucketCount);
            Assert.False(store.HashIsExpanding);
            Assert.Equal(10, store.HashPowerLevel);
            Assert.Equal(4L * Initial, store.HashBytes);
        }

        [Fact]
        public void PastOnePointFivePerBucket_DoublesAndMigrates()
        {
            ItemStore store = StoreWith(GrowthItems);
            Assert.Equal(2 * Initial, store.Table.BucketCount);
            Assert.True(store.HashIsExpanding);
            Assert.Equal(11, store.HashPowerLevel);
            Assert.Equal(4L * Initial * 3, store.HashBytes);
        }

        [Fact]
        public void MidMigration_EveryKeyFound()
        {
            ItemStore store = StoreWith(GrowthItems + MigrationInserts / 2);
            Assert.True(store.HashIsExpanding);
            for (int index = 0; index < GrowthItems + MigrationInserts / 2; index++)
                Assert.Equal("v" + index, ValueOf(store, Key(index)));
            Assert.Null(ValueOf(store, "key:absent"));
            store.CheckInvariants();
        }

        [Fact]
        public void MidMigration_DeleteAndOverwrite_KeepOneItemPerKey()
        {
            int items = GrowthItems + 10;
            ItemStore store = StoreWith(items);
            for (int index = 0; index < items; index += 3)
                Assert.Equal(StoreResult.Deleted, store.Delete(B(Key(index)), Now));
            // Overwrites insert too: few enough that the migration is still going on.
            const int overwritten = 300;
            for (int index = 1; index < overwritten; index += 3)
                Assert.Equal(StoreResult.Stored, Set(store, Key(index), "new" + index));
            Assert.True(store.HashIsExpanding);
            for (int index = 0; index < items; index++)
            {
                string? expected = index % 3 == 0 ? null : index % 3 == 1 && index < overwritten ? "new" + index : "v" + index;
                Assert.Equal(expected, ValueOf(store, Key(index)));
            }
            Assert.Equal(items - (items + 2) / 3, store.Stats.CurrentItems);
            store.CheckInvariants();
        }

        [Fact]
        public void MigrationEnds_AfterOldBucketsOverStepInserts()
        {
            ItemStore store = StoreWith(GrowthItems + MigrationInserts - 1);
            Assert.True(store.HashIsExpanding);
            Set(store, "one-more", "v");
            Assert.False(store.HashIsExpanding);
            Assert.Equal(4L * 2 * Initial, store.HashBytes);
            for (int index = 0; index < GrowthItems + MigrationInserts - 1; index++)
                Assert.Equal("v" + index, ValueOf(store, Key(index)));
            store.CheckInvariants();
        }

        [Fact]
        public void CrawlerSteps_FinishMigrationWithoutInserts()
        {
            ItemStore store = StoreWith(GrowthItems);
            for (int step = 0; step < MigrationInserts - 1; step++)
                store.Crawl(Now, 1);
            Assert.True(store.HashIsExpanding);
            store.Crawl(Now, 1);
            Assert.False(store.HashIsExpanding);
            store.CheckInvariants();
        }

        [Fact]
        public void MidMigration_SetsAndGets_AllocateNothing()
        {
            const int rounds = 100;
            var keys = new byte[rounds][];
            for (int index = 0; index < rounds; index++)
                keys[index] = B("fresh:" + index);
            byte[] value = B("value");
            // One store per measured window (and the warm-up), each mid-migration when its window starts.
            var stores = new ItemStore[1 + AllocationMeter.Windows];
            for (int i = 0; i < stores.Length; i++)
            {
                stores[i] = StoreWith(GrowthItems);
                stores[i].Set(keys[0], 0, 0, value, Now, out _);
            }
            int window = 0;
            long found = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                ItemStore store = stores[window++];
                found = 0;
                for (int index = 1; index < rounds; index++)
                {
                    store.Set(keys[index], 0, 0, value, Now, out _);
                    found += store.Get(keys[index - 1], Now).Value.Length;
                }
            });
            foreach (ItemStore store in stores)
                Assert.True(store.HashIsExpanding);
            Assert.Equal((rounds - 1) * value.Length, found);
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void RepeatedGrowth_MigrationEnded_OnlyFinalArrayLive()
        {
            ItemStore store = StoreWith(16 * Initial);
            while (store.Table.MigrateStep(StoreLimits.HashMigrationBucketsPerStep)) { }
            int final = store.Table.BucketCount;
            Assert.Equal(16 * Initial, final);
            Assert.Equal(SlabAllocator.ArrayBytes(final, 4), store.Table.BucketBytesLive);
            store.CheckInvariants();
        }

        [Fact]
        public void DuringMigration_OldAndPrimaryArraysLive()
        {
            ItemStore store = StoreWith(GrowthItems);
            Assert.True(store.HashIsExpanding);
            Assert.Equal(SlabAllocator.ArrayBytes(2 * Initial, 4) + SlabAllocator.ArrayBytes(Initial, 4), store.Table.BucketBytesLive);
        }
    }
}
