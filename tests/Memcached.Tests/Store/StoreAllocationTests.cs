using System;
using Memcached.Store;
using OSv.Testing;
using Xunit;

namespace Memcached.Tests.Store
{
    // Style rule 4: once warmed (pages assigned, JIT done), get, set, and the other commands
    // allocate nothing, measured with the thread's allocation counter.
    public class StoreAllocationTests
    {
        private static readonly byte[] Key = "some:key"u8.ToArray();
        private static readonly byte[] Other = "other:key"u8.ToArray();
        private static readonly byte[] Counter = "counter"u8.ToArray();
        private static readonly byte[] Value = "hello world"u8.ToArray();
        private static readonly byte[] Large = new byte[5000];
        private const long Now = 1_700_000_000;

        private static long Round(ItemStore store)
        {
            long total = 0;
            store.Set(Key, 1, 0, Value, Now, out ulong cas);
            total += store.Get(Key, Now).Value.Length;
            store.Cas(Key, 1, 0, Value, cas, Now, out _);
            store.Set(Other, 0, 100, Large, Now, out _);
            total += store.Get(Other, Now).Value.Length;
            store.Append(Key, 0, 0, Value, Now, out _);
            store.Set(Counter, 0, 0, "99"u8, Now, out _);
            store.Increment(Counter, 1, Now, out ulong value);
            store.Decrement(Counter, 1, Now, out _);
            store.Touch(Key, 10, Now);
            store.Delete(Other, Now);
            total += store.Get(Other, Now).Found ? 1 : 0;
            store.Crawl(Now, 1000);
            return total + (long)value;
        }

        [Fact]
        public void GetSetAndFriends_AfterWarmUp_AllocateNothing()
        {
            var store = new ItemStore(8L * 1024 * 1024);
            long total = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int index = 0; index < 1000; index++)
                    total += Round(store);
            });
            Assert.True(total > 0);
            Assert.Equal(0, allocated);
        }
    }
}
