using System;
using Memcached.Store;
using Xunit;
using static Memcached.Tests.Store.StoreFixture;

namespace Memcached.Tests.Store
{
    // Per-class figures for "stats slabs" and "stats items". The scripted sequence's expected
    // values are memcached 1.6.18's own output for the same commands (run against
    // /usr/bin/memcached -m 64), except mem_requested, whose item size differs by design.
    public class ClassStatsTests
    {
        private const int SmallestClass = 0;
        private static readonly int PerPage = StoreLimits.PageSizeBytes / 96;
        private static readonly string SmallValue = new string('v', 96 - ItemHeader.SizeBytes - 6);

        private static string SmallKey(int index) => "k" + index.ToString("D5");

        // memcached: set a, set b (exptime 100), set n, get a ×2, get b, get zz, touch b, incr n,
        // decr n, cas a (bad unique), gets n, delete b, add a (exists), append a, set big
        // (2000 bytes), delete big.
        private static ItemStore Scripted()
        {
            ItemStore store = NewStore();
            Set(store, "a", "hello");
            Set(store, "b", "world", exptime: 100);
            Set(store, "n", "10");
            ValueOf(store, "a");
            ValueOf(store, "a");
            ValueOf(store, "b");
            ValueOf(store, "zz");
            store.Touch(B("b"), 200, Now);
            store.Increment(B("n"), 5, Now, out _);
            store.Decrement(B("n"), 1, Now, out _);
            store.Cas(B("a"), 0, 0, B("HELLO"), 999999, Now, out _);
            ValueOf(store, "n");
            store.Delete(B("b"), Now);
            store.Add(B("a"), 0, 0, B("x"), Now, out _);
            store.Append(B("a"), 0, 0, B("abc"), Now, out _);
            Set(store, "big", new string('x', 2000));
            store.Delete(B("big"), Now);
            return store;
        }

        [Fact]
        public void Scripted_SmallestClass_SlabsFiguresAsMemcached()
        {
            SlabClassStats stats = Scripted().GetClassStats(SmallestClass, Now);
            Assert.Equal(1, stats.ClassId);
            Assert.Equal(96, stats.ChunkSizeBytes);
            Assert.Equal(10922, stats.ChunksPerPage);
            Assert.Equal(1, stats.TotalPages);
            Assert.Equal(10922, stats.TotalChunks);
            Assert.Equal(2, stats.UsedChunks);
            Assert.Equal(10920, stats.FreeChunks);
            Assert.Equal(0, stats.FreeChunksEnd);
            Assert.Equal(4, stats.GetHits);
            Assert.Equal(6, stats.CmdSet);
            Assert.Equal(1, stats.DeleteHits);
            Assert.Equal(1, stats.IncrHits);
            Assert.Equal(1, stats.DecrHits);
            Assert.Equal(0, stats.CasHits);
            Assert.Equal(1, stats.CasBadValue);
            Assert.Equal(1, stats.TouchHits);
        }

        [Fact]
        public void Scripted_SmallestClass_ItemsFigures()
        {
            SlabClassStats stats = Scripted().GetClassStats(SmallestClass, Now);
            Assert.Equal(2, stats.Number);
            Assert.Equal(0, stats.AgeSeconds);
            // "a" = "helloabc" and "n" = "14": header + key + value each.
            Assert.Equal((ItemHeader.SizeBytes + 1 + 8) + (ItemHeader.SizeBytes + 1 + 2), stats.MemRequestedBytes);
            Assert.Equal(0, stats.Evicted);
            Assert.Equal(0, stats.OutOfMemory);
            Assert.Equal(0, stats.Reclaimed);
        }

        [Fact]
        public void Scripted_DeletedLargeItem_ClassKeepsItsPageAsMemcached()
        {
            ItemStore store = Scripted();
            SlabClassStats stats = store.GetClassStats(14, Now);
            Assert.Equal(15, stats.ClassId);
            Assert.Equal(2320, stats.ChunkSizeBytes);
            Assert.Equal(451, stats.ChunksPerPage);
            Assert.Equal(1, stats.TotalPages);
            Assert.Equal(451, stats.TotalChunks);
            Assert.Equal(0, stats.UsedChunks);
            Assert.Equal(451, stats.FreeChunks);
            Assert.Equal(1, stats.CmdSet);
            Assert.Equal(1, stats.DeleteHits);
            Assert.Equal(0, stats.Number);
            Assert.Equal(2, store.ActiveSlabClasses);
            Assert.Equal(2L * StoreLimits.PageSizeBytes, store.TotalMallocedBytes);
        }

        [Fact]
        public void CasHit_CountedInItsClass()
        {
            ItemStore store = NewStore();
            store.Set(B("a"), 0, 0, B("one"), Now, out ulong cas);
            Assert.Equal(StoreResult.Stored, store.Cas(B("a"), 0, 0, B("two"), cas, Now, out _));
            SlabClassStats stats = store.GetClassStats(SmallestClass, Now);
            Assert.Equal(1, stats.CasHits);
            Assert.Equal(2, stats.CmdSet);
        }

        [Fact]
        public void Age_IsSecondsSinceTailItemWasAccessed()
        {
            ItemStore store = NewStore();
            Set(store, "a", "1");
            ValueOf(store, "a", Now + 3);
            Set(store, "b", "2", now: Now + 4);
            Assert.Equal(2, store.GetClassStats(SmallestClass, Now + 10).Number);
            Assert.Equal(7, store.GetClassStats(SmallestClass, Now + 10).AgeSeconds);
        }

        [Fact]
        public void Eviction_UnfetchedWithExptime_CountsNonzeroUnfetchedAndIdleTime()
        {
            var store = new ItemStore(StoreLimits.PageSizeBytes);
            for (int index = 0; index < PerPage; index++)
                Set(store, SmallKey(index), SmallValue, exptime: index == 0 ? 1000 : 0);
            Set(store, SmallKey(PerPage), SmallValue, now: Now + 7);
            SlabClassStats stats = store.GetClassStats(SmallestClass, Now + 7);
            Assert.Equal(1, stats.Evicted);
            Assert.Equal(1, stats.EvictedNonzero);
            Assert.Equal(1, stats.EvictedUnfetched);
            Assert.Equal(7, stats.EvictedTimeSeconds);
            Assert.Equal(0, stats.Reclaimed);
        }

        [Fact]
        public void Eviction_FetchedWithoutExptime_CountsNeitherNonzeroNorUnfetched()
        {
            var store = new ItemStore(StoreLimits.PageSizeBytes);
            for (int index = 0; index < PerPage; index++)
                Set(store, SmallKey(index), SmallValue);
            store.Touch(B(SmallKey(0)), 0, Now + 1);
            for (int index = 1; index < PerPage; index++)
                ValueOf(store, SmallKey(index), Now + 2);
            Set(store, SmallKey(PerPage), SmallValue, now: Now + 5);
            SlabClassStats stats = store.GetClassStats(SmallestClass, Now + 5);
            Assert.Equal(1, stats.Evicted);
            Assert.Equal(0, stats.EvictedNonzero);
            Assert.Equal(0, stats.EvictedUnfetched);
            Assert.Equal(4, stats.EvictedTimeSeconds);
        }

        [Fact]
        public void ExpiredNearTail_ReclaimedAndCountedExpiredUnfetched()
        {
            var store = new ItemStore(StoreLimits.PageSizeBytes);
            for (int index = 0; index < PerPage; index++)
                Set(store, SmallKey(index), SmallValue, exptime: index == 2 ? 5 : 0);
            Set(store, SmallKey(PerPage), SmallValue, now: Now + 5);
            SlabClassStats stats = store.GetClassStats(SmallestClass, Now + 5);
            Assert.Equal(1, stats.Reclaimed);
            Assert.Equal(1, stats.ExpiredUnfetched);
            Assert.Equal(0, stats.Evicted);
        }

        [Fact]
        public void Crawler_CountsCheckedReclaimedAndUnfetchedPerClass()
        {
            ItemStore store = NewStore();
            Set(store, "live", "1");
            Set(store, "fetched", "2", exptime: 5);
            Set(store, "unfetched", "3", exptime: 5);
            ValueOf(store, "fetched", Now + 1);
            // One pass: the 3 carved chunks, then one step skips the page's uncarved rest.
            Assert.Equal(2, store.Crawl(Now + 5, 4));
            SlabClassStats stats = store.GetClassStats(SmallestClass, Now + 5);
            Assert.Equal(3, stats.CrawlerItemsChecked);
            Assert.Equal(2, stats.CrawlerReclaimed);
            Assert.Equal(1, stats.ExpiredUnfetched);
            Assert.Equal(1, stats.Number);
        }

        [Fact]
        public void Crawler_FlushedItems_NotCountedExpiredUnfetched()
        {
            ItemStore store = NewStore();
            Set(store, "a", "1");
            store.FlushAll(0, Now);
            Assert.Equal(1, store.Crawl(Now, 2));
            SlabClassStats stats = store.GetClassStats(SmallestClass, Now);
            Assert.Equal(1, stats.CrawlerReclaimed);
            Assert.Equal(0, stats.ExpiredUnfetched);
        }

        [Fact]
        public void ClassWithoutPage_OutOfMemoryCountedInItsClass()
        {
            var store = new ItemStore(StoreLimits.PageSizeBytes);
            Set(store, "small", "v");
            Set(store, "big", new string('x', 5000));
            int bigClass = store.Slab.Classes.ClassOf(ItemHeader.SizeBytes + 3 + 5000);
            Assert.Equal(1, store.GetClassStats(bigClass, Now).OutOfMemory);
            Assert.Equal(0, store.GetClassStats(bigClass, Now).TotalPages);
            Assert.Equal(0, store.GetClassStats(SmallestClass, Now).OutOfMemory);
        }

        [Fact]
        public void SizeClassCount_DefaultItemLimit_MatchesSlabClasses()
        {
            ItemStore store = NewStore();
            Assert.Equal(new SlabClasses(StoreLimits.ItemSizeMaxDefaultBytes).Count, store.SizeClassCount);
            Assert.Equal(StoreLimits.PageSizeBytes, store.GetClassStats(store.SizeClassCount - 1, Now).ChunkSizeBytes);
        }
    }
}
