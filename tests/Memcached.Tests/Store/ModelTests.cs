using System;
using System.Collections.Generic;
using System.Text;
using Memcached.Store;
using Xunit;
using Xunit.Abstractions;

namespace Memcached.Tests.Store
{
    // A seeded random walk over every command, checked step by step against a Dictionary-based
    // reference model of memcached's semantics, with a budget large enough that nothing is
    // evicted. The seed is printed first so that a failure replays exactly.
    public class ModelTests
    {
        private const int Operations = 300_000;
        private const int KeyCount = 400;
        private const int ValueBytesMax = 3000;

        private sealed class Entry
        {
            public byte[] Value = Array.Empty<byte>();
            public uint Flags;
            public long ExpiresAt; // 0 = never
            public ulong Cas;      // 0 = not known to the model (after incr/decr)
        }

        private readonly ITestOutputHelper output;

        public ModelTests(ITestOutputHelper output) => this.output = output;

        [Theory]
        [InlineData(1)]
        [InlineData(20261127)]
        public void RandomOperations_MatchReferenceModel(int seed)
        {
            output.WriteLine("seed " + seed);
            var random = new Random(seed);
            var store = new ItemStore(64L * 1024 * 1024);
            var model = new Dictionary<string, Entry>();
            long now = 1_700_000_000;
            for (int step = 0; step < Operations; step++)
            {
                if (random.Next(50) == 0)
                    now += random.Next(3);
                string keyText = "key:" + random.Next(KeyCount);
                byte[] key = Encoding.ASCII.GetBytes(keyText);
                Entry? entry = Live(model, keyText, now);
                StepOnce(random, store, model, keyText, key, entry, now, step);
                if (step % 20_000 == 0)
                    store.CheckInvariants();
            }
            store.CheckInvariants();
            Assert.True(store.Stats.GetHits > 1000);
            Assert.True(store.Stats.GetExpired > 0);
            Assert.True(store.Stats.CasHits > 0);
            Assert.True(store.Stats.CasBadValue > 0);
            Assert.True(store.Stats.IncrHits + store.Stats.DecrHits > 1000);
            Assert.True(store.Stats.CmdFlush > 0);
            Assert.Equal(0, store.Stats.Evictions);
            Assert.Equal(0, store.Stats.OutOfMemory);
        }

        private static Entry? Live(Dictionary<string, Entry> model, string key, long now)
        {
            if (!model.TryGetValue(key, out Entry? entry) || entry == null)
                return null;
            if (entry.ExpiresAt != 0 && entry.ExpiresAt <= now)
            {
                model.Remove(key);
                return null;
            }
            return entry;
        }

        private static long ModelExpiry(long exptime, long now) =>
            exptime == 0 ? 0 : exptime < 0 ? long.MinValue + 1 : exptime <= 2592000 ? now + exptime : (exptime <= now ? long.MinValue + 1 : exptime);

        private static void StepOnce(Random random, ItemStore store, Dictionary<string, Entry> model,
            string keyText, byte[] key, Entry? entry, long now, int step)
        {
            uint flags = (uint)random.Next(4);
            long exptime = RandomExptime(random, now);
            byte[] value = RandomValue(random);
            int operation = random.Next(100);
            string where = "step " + step + " op " + operation + " key " + keyText;
            ulong cas;
            if (operation < 30)
            {
                ItemView view = store.Get(key, now);
                Assert.True(view.Found == (entry != null), where);
                if (entry == null)
                    return;
                Assert.True(view.Value.SequenceEqual(entry.Value), where);
                Assert.True(view.Flags == entry.Flags, where);
                if (entry.Cas != 0)
                    Assert.True(view.Cas == entry.Cas, where);
                entry.Cas = view.Cas;
            }
            else if (operation < 45)
            {
                Assert.True(store.Set(key, flags, exptime, value, now, out cas) == StoreResult.Stored, where);
                model[keyText] = new Entry { Value = value, Flags = flags, ExpiresAt = ModelExpiry(exptime, now), Cas = cas };
            }
            else if (operation < 50)
            {
                StoreResult result = store.Add(key, flags, exptime, value, now, out cas);
                Assert.True(result == (entry == null ? StoreResult.Stored : StoreResult.NotStored), where);
                if (entry == null)
                    model[keyText] = new Entry { Value = value, Flags = flags, ExpiresAt = ModelExpiry(exptime, now), Cas = cas };
            }
            else if (operation < 55)
            {
                StoreResult result = store.Replace(key, flags, exptime, value, now, out cas);
                Assert.True(result == (entry != null ? StoreResult.Stored : StoreResult.NotStored), where);
                if (entry != null)
                    model[keyText] = new Entry { Value = value, Flags = flags, ExpiresAt = ModelExpiry(exptime, now), Cas = cas };
            }
            else if (operation < 62)
            {
                AppendOrPrepend(random, store, model, keyText, key, entry, value, now, where);
            }
            else if (operation < 70)
            {
                CasStep(random, store, model, keyText, key, entry, flags, exptime, value, now, where);
            }
            else if (operation < 78)
            {
                StoreResult result = store.Delete(key, now);
                Assert.True(result == (entry != null ? StoreResult.Deleted : StoreResult.NotFound), where);
                model.Remove(keyText);
            }
            else if (operation < 83)
            {
                StoreResult result = store.Touch(key, exptime, now);
                Assert.True(result == (entry != null ? StoreResult.Touched : StoreResult.NotFound), where);
                if (entry != null)
                    entry.ExpiresAt = ModelExpiry(exptime, now);
            }
            else if (operation < 99)
            {
                IncrDecrStep(random, store, model, keyText, key, entry, now, where);
            }
            else if (random.Next(200) == 0)
            {
                store.FlushAll(0, now);
                model.Clear();
            }
        }

        private static void AppendOrPrepend(Random random, ItemStore store, Dictionary<string, Entry> model,
            string keyText, byte[] key, Entry? entry, byte[] value, long now, string where)
        {
            bool append = random.Next(2) == 0;
            if (entry != null && entry.Value.Length + value.Length > ValueBytesMax)
                value = Array.Empty<byte>();
            StoreResult result = append
                ? store.Append(key, 9, 0, value, now, out ulong cas)
                : store.Prepend(key, 9, 0, value, now, out cas);
            Assert.True(result == (entry != null ? StoreResult.Stored : StoreResult.NotStored), where);
            if (entry == null)
                return;
            byte[] joined = new byte[entry.Value.Length + value.Length];
            (append ? entry.Value : value).CopyTo(joined, 0);
            (append ? value : entry.Value).CopyTo(joined, append ? entry.Value.Length : value.Length);
            entry.Value = joined;
            entry.Cas = cas;
        }

        private static void CasStep(Random random, ItemStore store, Dictionary<string, Entry> model, string keyText,
            byte[] key, Entry? entry, uint flags, long exptime, byte[] value, long now, string where)
        {
            ulong known = entry == null ? 12345 : entry.Cas != 0 ? entry.Cas : store.Get(key, now).Cas;
            bool matching = random.Next(2) == 0;
            StoreResult result = store.Cas(key, flags, exptime, value, matching ? known : known + 1_000_000_000, now, out ulong cas);
            StoreResult expected = entry == null ? StoreResult.NotFound : matching ? StoreResult.Stored : StoreResult.Exists;
            Assert.True(result == expected, where);
            if (expected == StoreResult.Stored)
                model[keyText] = new Entry { Value = value, Flags = flags, ExpiresAt = ModelExpiry(exptime, now), Cas = cas };
        }

        private static void IncrDecrStep(Random random, ItemStore store, Dictionary<string, Entry> model,
            string keyText, byte[] key, Entry? entry, long now, string where)
        {
            if (random.Next(3) == 0)
            {
                ulong start = random.Next(2) == 0 ? (ulong)random.Next(1000) : ulong.MaxValue - (ulong)random.Next(1000);
                byte[] digits = Encoding.ASCII.GetBytes(start.ToString());
                store.Set(key, 3, 0, digits, now, out ulong cas);
                entry = new Entry { Value = digits, Flags = 3, ExpiresAt = 0, Cas = cas };
                model[keyText] = entry;
            }
            bool increment = random.Next(2) == 0;
            ulong delta = (ulong)random.Next(2000);
            StoreResult result = increment ? store.Increment(key, delta, now, out ulong value) : store.Decrement(key, delta, now, out value);
            if (entry == null)
            {
                Assert.True(result == StoreResult.NotFound, where);
                return;
            }
            bool numeric = ulong.TryParse(Encoding.ASCII.GetString(entry.Value), out ulong current) && entry.Value.Length > 0 && entry.Value[0] != (byte)'+';
            if (!numeric)
            {
                Assert.True(result == StoreResult.NonNumeric, where);
                return;
            }
            ulong expected = increment ? unchecked(current + delta) : (delta > current ? 0 : current - delta);
            Assert.True(result == StoreResult.Incremented, where);
            Assert.True(value == expected, where);
            entry.Value = Encoding.ASCII.GetBytes(expected.ToString());
            entry.Cas = 0;
        }

        private static long RandomExptime(Random random, long now)
        {
            switch (random.Next(10))
            {
                case 0: return random.Next(1, 20);
                case 1: return -1;
                case 2: return now + random.Next(1, 20);
                default: return 0;
            }
        }

        private static byte[] RandomValue(Random random)
        {
            int kind = random.Next(10);
            int length = kind < 7 ? random.Next(0, 120) : random.Next(0, 2000);
            var value = new byte[length];
            for (int index = 0; index < length; index++)
                value[index] = (byte)('a' + random.Next(26));
            return value;
        }
    }
}
