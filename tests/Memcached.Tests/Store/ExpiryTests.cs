using Memcached.Store;
using Xunit;
using static Memcached.Tests.Store.StoreFixture;

namespace Memcached.Tests.Store
{
    // protocol.txt "Storage commands" (exptime) and "flush_all"; lazy expiry and the crawler.
    public class ExpiryTests
    {
        [Fact]
        public void ExptimeZero_NeverExpires()
        {
            ItemStore store = NewStore();
            Set(store, "k", "v", exptime: 0);
            Assert.Equal("v", ValueOf(store, "k", Now + 100L * 365 * 86400));
        }

        [Fact]
        public void ExptimeRelative_LiveBeforeDeadAt()
        {
            ItemStore store = NewStore();
            Set(store, "k", "v", exptime: 10);
            Assert.Equal("v", ValueOf(store, "k", Now + 9));
            Assert.Null(ValueOf(store, "k", Now + 10));
            Assert.Equal(1, store.Stats.GetExpired);
            Assert.Equal(0, store.Stats.CurrentItems);
        }

        [Fact]
        public void ExptimeThirtyDays_IsStillRelative()
        {
            ItemStore store = NewStore();
            Set(store, "k", "v", exptime: 2592000);
            Assert.Equal("v", ValueOf(store, "k", Now + 2591999));
            Assert.Null(ValueOf(store, "k", Now + 2592000));
        }

        [Fact]
        public void ExptimeAboveThirtyDays_IsAbsoluteUnixTime()
        {
            ItemStore store = NewStore();
            Set(store, "k", "v", exptime: Now + 60);
            Assert.Equal("v", ValueOf(store, "k", Now + 59));
            Assert.Null(ValueOf(store, "k", Now + 60));
        }

        [Fact]
        public void ExptimeAbsoluteInThePast_ImmediatelyExpired()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.Stored, Set(store, "k", "v", exptime: 2592001));
            Assert.Null(ValueOf(store, "k"));
        }

        [Fact]
        public void ExptimeNegative_ImmediatelyExpired()
        {
            ItemStore store = NewStore();
            Set(store, "k", "old");
            Assert.Equal(StoreResult.Stored, Set(store, "k", "v", exptime: -1));
            Assert.Null(ValueOf(store, "k"));
        }

        [Fact]
        public void TouchNegative_ExpiresItem()
        {
            ItemStore store = NewStore();
            Set(store, "k", "v");
            Assert.Equal(StoreResult.Touched, store.Touch(B("k"), -1, Now));
            Assert.Null(ValueOf(store, "k"));
        }

        [Fact]
        public void FlushAll_NoDelay_InvalidatesEverythingStoredBefore()
        {
            ItemStore store = NewStore();
            Set(store, "a", "1");
            Set(store, "b", "2");
            store.FlushAll(0, Now);
            Assert.Null(ValueOf(store, "a"));
            Assert.Null(ValueOf(store, "b"));
            Assert.Equal(2, store.Stats.GetFlushed);
        }

        [Fact]
        public void FlushAll_NoDelay_ItemsStoredAfterInTheSameSecondLive()
        {
            ItemStore store = NewStore();
            Set(store, "a", "1");
            store.FlushAll(0, Now);
            Set(store, "a", "2");
            Assert.Equal("2", ValueOf(store, "a"));
            Assert.Equal("2", ValueOf(store, "a", Now + 5));
        }

        [Fact]
        public void FlushAll_Delay_LiveUntilTheMomentThenFlushed()
        {
            // memcached sets oldest_live = realtime(delay) - 1: items go at now + delay - 1.
            ItemStore store = NewStore();
            Set(store, "a", "1");
            store.FlushAll(10, Now);
            Assert.Equal("1", ValueOf(store, "a", Now + 8));
            Assert.Null(ValueOf(store, "a", Now + 9));
        }

        [Fact]
        public void FlushAll_Delay_ItemStoredAfterTheMomentLives()
        {
            ItemStore store = NewStore();
            store.FlushAll(10, Now);
            Set(store, "a", "1", now: Now + 20);
            Assert.Equal("1", ValueOf(store, "a", Now + 21));
        }

        [Fact]
        public void Crawl_ReclaimsExpiredItemsWithinBudget()
        {
            ItemStore store = NewStore();
            for (int index = 0; index < 100; index++)
                Set(store, "k" + index, "v", exptime: index < 60 ? 5 : 0);
            int reclaimed = 0;
            for (int step = 0; step < 10000 && reclaimed < 60; step++)
                reclaimed += store.Crawl(Now + 5, 64);
            Assert.Equal(60, reclaimed);
            Assert.Equal(40, store.Stats.CurrentItems);
            Assert.Equal(60, store.Stats.CrawlerReclaimed);
            Assert.Equal("v", ValueOf(store, "k99", Now + 5));
        }

        [Fact]
        public void Crawl_StepExaminesAtMostBudgetHandles()
        {
            ItemStore store = NewStore();
            for (int index = 0; index < 10; index++)
                Set(store, "k" + index, "v", exptime: 5);
            Assert.Equal(3, store.Crawl(Now + 5, 3));
            Assert.Equal(7, store.Stats.CurrentItems);
        }

        [Fact]
        public void Crawl_LeavesLiveItems()
        {
            ItemStore store = NewStore();
            Set(store, "k", "v");
            Assert.Equal(0, store.Crawl(Now, 100000));
            Assert.Equal("v", ValueOf(store, "k"));
        }

        [Fact]
        public void DeleteAndTouch_ExpiredItem_NotFound()
        {
            ItemStore store = NewStore();
            Set(store, "a", "1", exptime: 5);
            Set(store, "b", "2", exptime: 5);
            Assert.Equal(StoreResult.NotFound, store.Delete(B("a"), Now + 5));
            Assert.Equal(StoreResult.NotFound, store.Touch(B("b"), 100, Now + 5));
            Assert.Equal(0, store.Stats.CurrentItems);
        }

        [Fact]
        public void Crawl_EmptyStore_ReclaimsNothing()
        {
            ItemStore store = NewStore();
            Assert.Equal(0, store.Crawl(Now, 1000));
        }
    }
}
