using Memcached.Store;
using Xunit;
using static Memcached.Tests.Store.StoreFixture;

namespace Memcached.Tests.Store
{
    // protocol.txt "Increment/Decrement".
    public class IncrDecrTests
    {
        [Fact]
        public void Incr_Number_AddsAndStoresDecimal()
        {
            ItemStore store = NewStore();
            Set(store, "n", "41");
            Assert.Equal(StoreResult.Incremented, store.Increment(B("n"), 1, Now, out ulong value));
            Assert.Equal(42UL, value);
            Assert.Equal("42", ValueOf(store, "n"));
            Assert.Equal(1, store.Stats.IncrHits);
        }

        [Fact]
        public void Incr_GainsADigit_LengthGrows()
        {
            ItemStore store = NewStore();
            Set(store, "n", "99");
            store.Increment(B("n"), 1, Now, out _);
            Assert.Equal("100", ValueOf(store, "n"));
            Assert.Equal(ItemHeader.SizeBytes + 1 + 3, store.Stats.Bytes);
        }

        [Fact]
        public void Incr_WrapsAt2To64()
        {
            ItemStore store = NewStore();
            Set(store, "n", "18446744073709551615");
            Assert.Equal(StoreResult.Incremented, store.Increment(B("n"), 2, Now, out ulong value));
            Assert.Equal(1UL, value);
            Assert.Equal("1", ValueOf(store, "n"));
        }

        [Fact]
        public void Decr_BelowZero_StopsAtZero()
        {
            ItemStore store = NewStore();
            Set(store, "n", "5");
            Assert.Equal(StoreResult.Incremented, store.Decrement(B("n"), 10, Now, out ulong value));
            Assert.Equal(0UL, value);
            Assert.Equal("0", ValueOf(store, "n"));
            Assert.Equal(1, store.Stats.DecrHits);
        }

        [Fact]
        public void Decr_LosesADigit_LengthShrinks()
        {
            ItemStore store = NewStore();
            Set(store, "n", "100");
            store.Decrement(B("n"), 1, Now, out _);
            Assert.Equal("99", ValueOf(store, "n"));
        }

        [Fact]
        public void IncrDecr_NonNumeric_RefusedAndValueKept()
        {
            ItemStore store = NewStore();
            Set(store, "n", "abc");
            Assert.Equal(StoreResult.NonNumeric, store.Increment(B("n"), 1, Now, out _));
            Assert.Equal(StoreResult.NonNumeric, store.Decrement(B("n"), 1, Now, out _));
            Assert.Equal("abc", ValueOf(store, "n"));
        }

        [Fact]
        public void Incr_ValueAbove2To64_NonNumeric()
        {
            ItemStore store = NewStore();
            Set(store, "n", "18446744073709551616");
            Assert.Equal(StoreResult.NonNumeric, store.Increment(B("n"), 1, Now, out _));
        }

        [Fact]
        public void Incr_NegativeValue_NonNumeric()
        {
            ItemStore store = NewStore();
            Set(store, "n", "-5");
            Assert.Equal(StoreResult.NonNumeric, store.Increment(B("n"), 1, Now, out _));
        }

        [Fact]
        public void Incr_EmptyValue_NonNumeric()
        {
            ItemStore store = NewStore();
            Set(store, "n", "");
            Assert.Equal(StoreResult.NonNumeric, store.Increment(B("n"), 1, Now, out _));
        }

        [Fact]
        public void IncrDecr_MissingKey_NotFound()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.NotFound, store.Increment(B("n"), 1, Now, out _));
            Assert.Equal(StoreResult.NotFound, store.Decrement(B("n"), 1, Now, out _));
            Assert.Equal(1, store.Stats.IncrMisses);
            Assert.Equal(1, store.Stats.DecrMisses);
        }

        [Fact]
        public void Incr_KeepsFlagsAndExptimeAndChangesCas()
        {
            ItemStore store = NewStore();
            store.Set(B("n"), 7, 10, B("9"), Now, out ulong cas);
            store.Increment(B("n"), 1, Now, out _);
            ItemView view = store.Get(B("n"), Now);
            Assert.Equal(7u, view.Flags);
            Assert.NotEqual(cas, view.Cas);
            Assert.Null(ValueOf(store, "n", Now + 10));
        }

        [Fact]
        public void Incr_ExpiredItem_NotFound()
        {
            ItemStore store = NewStore();
            Set(store, "n", "1", exptime: 5);
            Assert.Equal(StoreResult.NotFound, store.Increment(B("n"), 1, Now + 5, out _));
        }
    }
}
