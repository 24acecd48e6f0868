// The data-integrity load (issue 7, "Tests"): many connections at once, each a seeded mix of sets
// and gets over keys that all connections share, plus keys only it writes. Every value carries
// its key, its writer, its sequence number, its length and a checksum over all of it, so a read
// proves it got a whole value that some writer stored under that key (not a torn, stale-slot or
// another key's value). On a connection's own keys a read must return exactly the last value it
// stored there, unless the store evicted since (memcached's LRU may drop any item when a size
// class runs out of pages, and earlier tests on the same guest decide which classes have them):
// a miss of an own key fails the run only while the server's evictions counter is 0.
// The connections are opened one after another, each answered before the next (ConnectServed:
// QEMU's forwarded port takes one connect at a time, MemcachedGuest says why), then loaded at once.
using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace OSv.Image.Tests.Memcached
{
    public sealed record IntegrityResult(int Sets, int Gets, int Hits, string? Failure)
    {
        public bool Succeeded => Failure == null;

        public string Describe() => "sets " + Sets + ", gets " + Gets + " (" + Hits + " hits)" + (Failure == null ? "" : ": " + Failure);
    }

    public static class IntegrityLoad
    {
        private const int SharedKeys = 24;
        private const int OwnKeysPerConnection = 2;
        private static readonly int[] ValueSizes = { 50, 50, 50, 900, 900, 4000, 15000, 90000 };

        public static IntegrityResult Run(MemcachedGuest guest, int connections, int operationsPerConnection, int seed)
        {
            var clients = new TextClient[connections];
            try
            {
                for (int writer = 0; writer < connections; writer++)
                    clients[writer] = guest.ConnectServed();
                Task<IntegrityResult>[] workers = Enumerable.Range(0, connections)
                    .Select(writer => Task.Run(() => RunOne(clients[writer], writer, operationsPerConnection, seed * 1000 + writer)))
                    .ToArray();
                Task.WaitAll(workers);
                IntegrityResult[] results = workers.Select(task => task.Result).ToArray();
                string? failure = results.Select(result => result.Failure).FirstOrDefault(text => text != null);
                return new IntegrityResult(results.Sum(r => r.Sets), results.Sum(r => r.Gets), results.Sum(r => r.Hits), failure);
            }
            finally
            {
                foreach (TextClient? client in clients)
                    client?.Dispose();
            }
        }

        private static IntegrityResult RunOne(TextClient client, int writer, int operations, int seed)
        {
            var random = new Random(seed);
            var lastOwn = new byte[]?[OwnKeysPerConnection];
            int sets = 0, gets = 0, hits = 0;
            try
            {
                for (int sequence = 0; sequence < operations; sequence++)
                {
                    bool own = random.Next(4) == 0;
                    int ownIndex = random.Next(OwnKeysPerConnection);
                    string key = own ? "own-" + writer + "-" + ownIndex : "shared-" + random.Next(SharedKeys);
                    if (random.Next(10) < 4)
                    {
                        byte[] value = MakeValue(key, writer, sequence, ValueSizes[random.Next(ValueSizes.Length)]);
                        string reply = client.Set(key, value);
                        if (reply != "STORED")
                            return new IntegrityResult(sets, gets, hits, "set " + key + " (" + value.Length + " bytes) answered " + reply);
                        sets++;
                        if (own)
                            lastOwn[ownIndex] = value;
                        continue;
                    }
                    byte[]? read = client.Get(key);
                    gets++;
                    if (read == null)
                    {
                        if (own && lastOwn[ownIndex] != null && client.Stat("evictions") == 0)
                            return new IntegrityResult(sets, gets, hits, "get " + key + " missed after this connection stored it, with no eviction");
                        lastOwn[ownIndex] = null;
                        continue;
                    }
                    hits++;
                    string? problem = Check(key, read);
                    if (problem == null && own && lastOwn[ownIndex] != null && !read.AsSpan().SequenceEqual(lastOwn[ownIndex]))
                        problem = "not the value this connection stored last";
                    if (problem != null)
                        return new IntegrityResult(sets, gets, hits, "get " + key + " (" + read.Length + " bytes): " + problem);
                }
                return new IntegrityResult(sets, gets, hits, null);
            }
            catch (Exception error)
            {
                return new IntegrityResult(sets, gets, hits, "connection " + writer + ": " + error.GetType().Name + ": " + error.Message);
            }
        }

        // "key|writer|sequence|length|" + seeded filler + 16 hex digits of FNV-1a over the rest.
        public static byte[] MakeValue(string key, int writer, int sequence, int length)
        {
            byte[] header = Encoding.ASCII.GetBytes(key + "|" + writer + "|" + sequence + "|" + length + "|");
            byte[] value = new byte[Math.Max(length, header.Length + 16)];
            header.CopyTo(value, 0);
            var filler = new Random(writer * 7919 + sequence);
            for (int i = header.Length; i < value.Length - 16; i++)
                value[i] = (byte)('a' + filler.Next(26));
            Encoding.ASCII.GetBytes(Fnv1a(value.AsSpan(0, value.Length - 16)).ToString("x16")).CopyTo(value, value.Length - 16);
            return value;
        }

        // Null when value is one MakeValue made for key.
        public static string? Check(string key, byte[] value)
        {
            if (value.Length < 16)
                return "shorter than a checksum";
            string checksum = Encoding.ASCII.GetString(value, value.Length - 16, 16);
            if (checksum != Fnv1a(value.AsSpan(0, value.Length - 16)).ToString("x16"))
                return "checksum mismatch";
            string[] fields = Encoding.ASCII.GetString(value, 0, Math.Min(value.Length, 80)).Split('|');
            if (fields.Length < 5 || fields[0] != key)
                return "value written for another key: " + fields[0];
            if (fields[3] != value.Length.ToString())
                return "length field " + fields[3] + " differs from the block's " + value.Length;
            return null;
        }

        private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
        {
            ulong hash = 14695981039346656037UL;
            foreach (byte b in bytes)
                hash = (hash ^ b) * 1099511628211UL;
            return hash;
        }
    }
}
