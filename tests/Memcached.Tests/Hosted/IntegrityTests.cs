// Data integrity under concurrency, over the real sockets: many connections set, get (single and
// multi-key) and delete a small shared key space for a few seconds, with values from 1 B to
// 100 KB that prove their origin (IntegrityValues); every value read must be exactly one written
// for its key (IntegrityLedger.Verify). Workers are seeded, so the operation mix is repeatable;
// the interleaving is not (it is the point).
using System;
using System.Text;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace Memcached.Tests.Hosted
{
    public sealed class IntegrityTests
    {
        private const int Seed = 0x1cac4e;
        private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

        private readonly ITestOutputHelper output;

        public IntegrityTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public void Tcp_32ConnectionsMixedSizes_EveryValueReadIsOneWrittenForItsKey()
        {
            const int Connections = 32;
            using InProcessServer server = new InProcessServer();
            IntegrityLedger ledger = new IntegrityLedger(Connections);
            ledger.Run(Connections, Duration, (worker, deadline) => TcpWorker(server.TcpPort, ledger, worker, deadline));
            output.WriteLine(ledger.Summary);
            Assert.True(ledger.Failures.IsEmpty, ledger.Summary);
            Assert.True(ledger.Hits > 100 && ledger.Sets > 100 && ledger.Deletes > 10, ledger.Summary);
        }

        [Fact]
        public void Udp_WithTcpWriters_EveryValueReadIsOneWrittenForItsKey()
        {
            const int TcpWriters = 8;
            const int UdpClients = 8;
            using InProcessServer server = new InProcessServer();
            IntegrityLedger ledger = new IntegrityLedger(TcpWriters + UdpClients);
            ledger.Run(TcpWriters + UdpClients, Duration, (worker, deadline) =>
            {
                if (worker < TcpWriters)
                    TcpWorker(server.TcpPort, ledger, worker, deadline);
                else
                    UdpWorker(server.UdpPort, ledger, worker, deadline);
            });
            output.WriteLine(ledger.Summary);
            Assert.True(ledger.Failures.IsEmpty, ledger.Summary);
            Assert.True(ledger.Hits > 100 && ledger.Lost * 20 < ledger.Requests, ledger.Summary);
        }

        private static void TcpWorker(int port, IntegrityLedger ledger, int worker, DateTime deadline)
        {
            Random random = new Random(Seed + worker);
            using TextClient client = new TextClient(port);
            while (DateTime.UtcNow < deadline)
            {
                string key = ledger.Keys[random.Next(ledger.Keys.Length)];
                int choice = random.Next(100);
                if (choice < 40)
                {
                    uint version = ledger.Issue(worker, udp: false);
                    Expect(ledger, "set", "STORED", client.Set(key, version, IntegrityValues.Make(key, version)));
                    Interlocked.Increment(ref ledger.Sets);
                }
                else if (choice < 75)
                    VerifyGet(ledger, key, client.Get(key));
                else if (choice < 85)
                    VerifyGetMany(ledger, client, random);
                else
                    DeleteOver(ledger, client.Delete(key));
            }
        }

        private static void UdpWorker(int port, IntegrityLedger ledger, int worker, DateTime deadline)
        {
            Random random = new Random(Seed + worker);
            using UdpTextClient client = new UdpTextClient(port);
            while (DateTime.UtcNow < deadline)
            {
                string key = ledger.Keys[random.Next(ledger.Keys.Length)];
                int choice = random.Next(100);
                Interlocked.Increment(ref ledger.Requests);
                byte[]? reply;
                if (choice < 30)
                {
                    uint version = ledger.Issue(worker, udp: true);
                    reply = client.Request(SetRequest(key, version));
                    if (reply != null)
                        Expect(ledger, "udp set", "STORED\r\n", Encoding.Latin1.GetString(reply));
                    Interlocked.Increment(ref ledger.Sets);
                }
                else if (choice < 90)
                {
                    reply = client.Request("get " + key + "\r\n");
                    if (reply != null)
                        VerifyGet(ledger, key, ParseGetReply(ledger, key, reply));
                }
                else
                {
                    reply = client.Request("delete " + key + "\r\n");
                    if (reply != null)
                        DeleteOver(ledger, Encoding.Latin1.GetString(reply).TrimEnd('\r', '\n'));
                }
                if (reply == null)
                    Interlocked.Increment(ref ledger.Lost);
            }
        }

        private static void VerifyGet(IntegrityLedger ledger, string key, (uint Flags, byte[] Value)? found)
        {
            if (found is (uint flags, byte[] value))
                ledger.Verify(key, flags, value);
            else
                Interlocked.Increment(ref ledger.Misses);
        }

        private static void VerifyGetMany(IntegrityLedger ledger, TextClient client, Random random)
        {
            string[] keys = new string[1 + random.Next(4)];
            for (int i = 0; i < keys.Length; i++)
                keys[i] = ledger.Keys[random.Next(ledger.Keys.Length)];
            int next = 0;
            foreach ((string key, uint flags, byte[] value) in client.GetMany(keys))
            {
                // Hits come back in request order, misses are left out.
                while (next < keys.Length && keys[next] != key)
                    next++;
                if (next == keys.Length)
                    ledger.Fail("multi-get returned " + key + " out of order or unasked");
                ledger.Verify(key, flags, value);
                next++;
            }
        }

        private static void DeleteOver(IntegrityLedger ledger, string reply)
        {
            if (reply != "DELETED" && reply != "NOT_FOUND")
                ledger.Fail("delete answered " + reply);
            Interlocked.Increment(ref ledger.Deletes);
        }

        private static void Expect(IntegrityLedger ledger, string what, string expected, string reply)
        {
            if (reply != expected)
                ledger.Fail(what + " answered " + reply.TrimEnd());
        }

        private static byte[] SetRequest(string key, uint version)
        {
            byte[] value = IntegrityValues.Make(key, version);
            byte[] line = Encoding.Latin1.GetBytes("set " + key + " " + version + " 0 " + value.Length + "\r\n");
            byte[] request = new byte[line.Length + value.Length + 2];
            line.CopyTo(request, 0);
            value.CopyTo(request, line.Length);
            request[^2] = (byte)'\r';
            request[^1] = (byte)'\n';
            return request;
        }

        // "END\r\n" or "VALUE <key> <flags> <bytes>\r\n<block>\r\nEND\r\n".
        private static (uint, byte[])? ParseGetReply(IntegrityLedger ledger, string key, byte[] reply)
        {
            string text = Encoding.Latin1.GetString(reply);
            if (text == "END\r\n")
                return null;
            int lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
            string[] words = lineEnd > 0 ? text.Substring(0, lineEnd).Split(' ') : Array.Empty<string>();
            if (words.Length != 4 || words[0] != "VALUE" || words[1] != key || !int.TryParse(words[3], out int length)
                || reply.Length != lineEnd + 2 + length + 7 || !text.EndsWith("\r\nEND\r\n", StringComparison.Ordinal))
            {
                ledger.Fail("udp get " + key + " answered " + text.Substring(0, Math.Min(text.Length, 60)));
                return null;
            }
            return (uint.Parse(words[2]), reply.AsSpan(lineEnd + 2, length).ToArray());
        }
    }
}
