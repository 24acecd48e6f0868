// Many connections and the connection limit (-c), over the real sockets.
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Memcached.Tests.Hosted
{
    public sealed class ConnectionTests
    {
        private const int ConnectionsOpen = 1000;

        [Fact]
        public void ThousandConnectionsOpenAtOnce_EachSetThenGetsItsOwnValue()
        {
            using InProcessServer server = new InProcessServer("-c", "1100");
            TextClient[] clients = new TextClient[ConnectionsOpen];
            try
            {
                for (int i = 0; i < clients.Length; i++)
                    clients[i] = server.Connect();
                string[] failures = new string[clients.Length];
                Parallel.For(0, clients.Length, new ParallelOptions { MaxDegreeOfParallelism = 32 }, i =>
                    failures[i] = SetThenGet(clients[i], "conn:" + i));
                Assert.Equal(new string[clients.Length], failures);
                using TextClient observer = server.Connect();
                Assert.Equal(ConnectionsOpen + 1, observer.Stat("curr_connections"));
            }
            finally
            {
                foreach (TextClient? client in clients)
                    client?.Dispose();
            }
        }

        [Fact]
        public void ConnectionBeyondLimit_GetsTooManyConnectionsAndIsCountedRejected()
        {
            using InProcessServer server = new InProcessServer("-c", "4");
            List<TextClient> clients = new List<TextClient>();
            try
            {
                for (int i = 0; i < 4; i++)
                {
                    clients.Add(server.Connect());
                    clients[i].Send("version\r\n");
                    Assert.Equal("VERSION 1.6.18-osv", clients[i].ReadLine());
                }
                using TextClient refused = server.Connect();
                Assert.Equal("ERROR Too many open connections", refused.ReadLine());
                Assert.Null(refused.ReadLine());
                Assert.Equal(1, Interlocked.Read(ref server.Server.Cache.Counters.RejectedConnections));
            }
            finally
            {
                foreach (TextClient client in clients)
                    client.Dispose();
            }
        }

        [Fact]
        public void ConnectionClosedAtLimit_FreesItsPlaceForANewOne()
        {
            using InProcessServer server = new InProcessServer("-c", "1");
            TextClient first = server.Connect();
            first.Send("version\r\n");
            Assert.Equal("VERSION 1.6.18-osv", first.ReadLine());
            first.Dispose();
            Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref server.Server.Cache.Counters.CurrentConnections) == 0, 5000));
            using TextClient second = server.Connect();
            second.Send("version\r\n");
            Assert.Equal("VERSION 1.6.18-osv", second.ReadLine());
        }

        [Fact]
        public void PipelinedRequestsInOneSend_AllAnsweredInOrder()
        {
            using InProcessServer server = new InProcessServer();
            using TextClient client = server.Connect();
            StringBuilder request = new StringBuilder();
            for (int i = 0; i < 500; i++)
                request.Append("set p").Append(i).Append(" 0 0 1\r\nx\r\nget p").Append(i).Append("\r\n");
            client.Send(request.ToString());
            for (int i = 0; i < 500; i++)
            {
                Assert.Equal("STORED", client.ReadLine());
                Assert.Equal("VALUE p" + i + " 0 1", client.ReadLine());
                Assert.Equal("x", client.ReadLine());
                Assert.Equal("END", client.ReadLine());
            }
        }

        private static string SetThenGet(TextClient client, string key)
        {
            byte[] value = Encoding.ASCII.GetBytes("value of " + key);
            string stored = client.Set(key, 7, value);
            if (stored != "STORED")
                return key + ": set answered " + stored;
            (uint Flags, byte[] Value)? found = client.Get(key);
            if (found is not (7, byte[] read) || !read.AsSpan().SequenceEqual(value))
                return key + ": get did not return the value set";
            return null!;
        }
    }
}
