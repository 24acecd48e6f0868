using Memcached.Store;
using Xunit;
using static Memcached.Tests.Store.StoreFixture;

namespace Memcached.Tests.Store
{
    // protocol.txt "Storage commands", "Retrieval command", "Deletion", "Touch": one behaviour each.
    public class StorageCommandTests
    {
        [Fact]
        public void Set_NewKey_StoresAndGetReturnsValueFlagsCas()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.Stored, store.Set(B("k"), 42, 0, B("hello"), Now, out ulong cas));
            ItemView view = store.Get(B("k"), Now);
            Assert.True(view.Found);
            Assert.Equal(42u, view.Flags);
            Assert.Equal(cas, view.Cas);
            Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(view.Value));
        }

        [Fact]
        public void Get_MissingKey_MissesAndCounts()
        {
            ItemStore store = NewStore();
            Assert.False(store.Get(B("nope"), Now).Found);
            Assert.Equal(1, store.Stats.GetMisses);
            Assert.Equal(1, store.Stats.CmdGet);
            Assert.Equal(0, store.Stats.GetHits);
        }

        [Fact]
        public void Set_ExistingKey_ReplacesValueAndCountsOneItem()
        {
            ItemStore store = NewStore();
            Set(store, "k", "one");
            Set(store, "k", "two-longer-value");
            Assert.Equal("two-longer-value", ValueOf(store, "k"));
            Assert.Equal(1, store.Stats.CurrentItems);
            Assert.Equal(2, store.Stats.TotalItems);
            Assert.Equal(ItemHeader.SizeBytes + 1 + 16, store.Stats.Bytes);
        }

        [Fact]
        public void Set_EmptyValue_Stores()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.Stored, Set(store, "k", ""));
            Assert.Equal("", ValueOf(store, "k"));
        }

        [Fact]
        public void Add_MissingKey_Stores()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.Stored, store.Add(B("k"), 0, 0, B("v"), Now, out _));
            Assert.Equal("v", ValueOf(store, "k"));
        }

        [Fact]
        public void Add_ExistingKey_NotStoredAndKeepsValue()
        {
            ItemStore store = NewStore();
            Set(store, "k", "old");
            Assert.Equal(StoreResult.NotStored, store.Add(B("k"), 0, 0, B("new"), Now, out _));
            Assert.Equal("old", ValueOf(store, "k"));
        }

        [Fact]
        public void Add_ExpiredKey_Stores()
        {
            ItemStore store = NewStore();
            Set(store, "k", "old", exptime: 10);
            Assert.Equal(StoreResult.Stored, store.Add(B("k"), 0, 0, B("new"), Now + 10, out _));
            Assert.Equal("new", ValueOf(store, "k", Now + 10));
        }

        [Fact]
        public void Replace_MissingKey_NotStored()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.NotStored, store.Replace(B("k"), 0, 0, B("v"), Now, out _));
            Assert.Null(ValueOf(store, "k"));
        }

        [Fact]
        public void Replace_ExistingKey_StoresNewFlags()
        {
            ItemStore store = NewStore();
            Set(store, "k", "old", flags: 1);
            Assert.Equal(StoreResult.Stored, store.Replace(B("k"), 9, 0, B("new"), Now, out _));
            Assert.Equal(9u, store.Get(B("k"), Now).Flags);
            Assert.Equal("new", ValueOf(store, "k"));
        }

        [Fact]
        public void Append_ExistingKey_ConcatenatesAndKeepsFlagsAndExptime()
        {
            ItemStore store = NewStore();
            Set(store, "k", "abc", exptime: 100, flags: 5);
            Assert.Equal(StoreResult.Stored, store.Append(B("k"), 77, 0, B("def"), Now, out _));
            Assert.Equal("abcdef", ValueOf(store, "k"));
            Assert.Equal(5u, store.Get(B("k"), Now).Flags);
            Assert.Null(ValueOf(store, "k", Now + 100));
        }

        [Fact]
        public void Prepend_ExistingKey_Concatenates()
        {
            ItemStore store = NewStore();
            Set(store, "k", "abc");
            Assert.Equal(StoreResult.Stored, store.Prepend(B("k"), 0, 0, B("xyz"), Now, out _));
            Assert.Equal("xyzabc", ValueOf(store, "k"));
        }

        [Fact]
        public void AppendPrepend_MissingKey_NotStored()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.NotStored, store.Append(B("k"), 0, 0, B("v"), Now, out _));
            Assert.Equal(StoreResult.NotStored, store.Prepend(B("k"), 0, 0, B("v"), Now, out _));
            Assert.Equal(0, store.Stats.CurrentItems);
        }

        [Fact]
        public void Append_GrowsAcrossSizeClasses()
        {
            ItemStore store = NewStore();
            Set(store, "k", new string('a', 50));
            store.Append(B("k"), 0, 0, B(new string('b', 5000)), Now, out _);
            Assert.Equal(new string('a', 50) + new string('b', 5000), ValueOf(store, "k"));
            Assert.Equal(ItemHeader.SizeBytes + 1 + 5050, store.Stats.Bytes);
        }

        [Fact]
        public void Cas_MatchingUnique_StoresWithNewUnique()
        {
            ItemStore store = NewStore();
            store.Set(B("k"), 0, 0, B("v1"), Now, out ulong first);
            Assert.Equal(StoreResult.Stored, store.Cas(B("k"), 0, 0, B("v2"), first, Now, out ulong second));
            Assert.NotEqual(first, second);
            Assert.Equal("v2", ValueOf(store, "k"));
            Assert.Equal(1, store.Stats.CasHits);
        }

        [Fact]
        public void Cas_StaleUnique_ExistsAndKeepsValue()
        {
            ItemStore store = NewStore();
            store.Set(B("k"), 0, 0, B("v1"), Now, out ulong first);
            Set(store, "k", "v2");
            Assert.Equal(StoreResult.Exists, store.Cas(B("k"), 0, 0, B("v3"), first, Now, out _));
            Assert.Equal("v2", ValueOf(store, "k"));
            Assert.Equal(1, store.Stats.CasBadValue);
        }

        [Fact]
        public void Cas_MissingKey_NotFound()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.NotFound, store.Cas(B("k"), 0, 0, B("v"), 1, Now, out _));
            Assert.Equal(1, store.Stats.CasMisses);
        }

        [Fact]
        public void CasUnique_EveryModificationTakesANewValue()
        {
            ItemStore store = NewStore();
            store.Set(B("k"), 0, 0, B("1"), Now, out ulong a);
            store.Append(B("k"), 0, 0, B("2"), Now, out ulong b);
            store.Increment(B("k"), 1, Now, out _);
            ulong c = store.Get(B("k"), Now).Cas;
            Assert.True(a < b);
            Assert.True(b < c);
        }

        [Fact]
        public void Delete_ExistingKey_DeletedThenMiss()
        {
            ItemStore store = NewStore();
            Set(store, "k", "v");
            Assert.Equal(StoreResult.Deleted, store.Delete(B("k"), Now));
            Assert.Null(ValueOf(store, "k"));
            Assert.Equal(0, store.Stats.CurrentItems);
            Assert.Equal(0, store.Stats.Bytes);
        }

        [Fact]
        public void Delete_MissingKey_NotFound()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.NotFound, store.Delete(B("k"), Now));
            Assert.Equal(1, store.Stats.DeleteMisses);
        }

        [Fact]
        public void Touch_ExistingKey_TouchedAndNewExptimeApplies()
        {
            ItemStore store = NewStore();
            Set(store, "k", "v", exptime: 10);
            ulong cas = store.Get(B("k"), Now).Cas;
            Assert.Equal(StoreResult.Touched, store.Touch(B("k"), 100, Now));
            Assert.Equal(cas, store.Get(B("k"), Now).Cas);
            Assert.Equal("v", ValueOf(store, "k", Now + 50));
            Assert.Null(ValueOf(store, "k", Now + 100));
        }

        [Fact]
        public void Touch_MissingKey_NotFound()
        {
            ItemStore store = NewStore();
            Assert.Equal(StoreResult.NotFound, store.Touch(B("k"), 10, Now));
            Assert.Equal(1, store.Stats.TouchMisses);
        }

        [Fact]
        public void Keys_AreBinaryExactAndLengthSensitive()
        {
            ItemStore store = NewStore();
            Set(store, "ab", "1");
            Set(store, "abc", "2");
            Set(store, new string('k', 250), "3");
            Assert.Equal("1", ValueOf(store, "ab"));
            Assert.Equal("2", ValueOf(store, "abc"));
            Assert.Equal("3", ValueOf(store, new string('k', 250)));
            Assert.Null(ValueOf(store, "a"));
        }
    }
}
