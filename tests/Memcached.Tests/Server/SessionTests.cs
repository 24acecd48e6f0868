using System.Text;
using Memcached.Server;
using Xunit;

namespace Memcached.Tests.Server
{
    public class SessionTests
    {
        [Fact]
        public void Set_ThenGet_ReturnsValue()
        {
            var harness = new SessionHarness();
            Assert.Equal("STORED\r\n", harness.Send("set k 5 0 3\r\nabc\r\n"));
            Assert.Equal("VALUE k 5 3\r\nabc\r\nEND\r\n", harness.Send("get k\r\n"));
        }

        [Fact]
        public void Pipeline_RepliesInOrder()
        {
            var harness = new SessionHarness();
            string replies = harness.Send("set a 0 0 1\r\n1\r\nget a b\r\nincr a 41\r\ndelete b\r\nversion\r\n");
            Assert.Equal("STORED\r\nVALUE a 0 1\r\n1\r\nEND\r\n42\r\nNOT_FOUND\r\nVERSION 1.6.18-osv\r\n", replies);
        }

        [Fact]
        public void SplitAtEveryByte_SameRepliesAsWhole()
        {
            const string script = "set a 1 0 5\r\nhello\r\ngets a\r\nappend a 0 0 1 noreply\r\n!\r\nget a zz a\r\n" +
                "bogus\r\nset x 0 0 2\r\nabc\r\ntouch a 10\r\ndecr a 1\r\nflush_all\r\nget a\r\n";
            string whole = new SessionHarness().Send(script);
            for (int chunk = 1; chunk <= 7; chunk++)
                Assert.Equal(whole, new SessionHarness().Send(script, chunk));
            Assert.Contains("ERROR\r\n", whole);
            Assert.Contains("CLIENT_ERROR bad data chunk\r\n", whole);
        }

        [Fact]
        public void OversizedSet_RefusedSwallowedAndOldValueRemoved()
        {
            var harness = new SessionHarness(new ServerSettings { MemoryMegabytes = 8, ItemSizeMax = 1024 });
            harness.Send("set k 0 0 1\r\nx\r\n");
            string block = new string('z', 5000);
            Assert.Equal("SERVER_ERROR object too large for cache\r\n", harness.Send("set k 0 0 5000\r\n" + block + "\r\n", 700));
            Assert.Equal("END\r\n", harness.Send("get k\r\n"));
        }

        [Fact]
        public void LargeMultiGet_PausesAndResumesWithEveryValue()
        {
            var harness = new SessionHarness();
            string value = new string('v', 100_000);
            var request = new StringBuilder();
            for (int i = 0; i < 5; i++)
                request.Append("set k").Append(i).Append(" 0 0 100000\r\n").Append(value).Append("\r\n");
            harness.Send(request.ToString());
            string replies = harness.Send("get k0 k1 k2 k3 k4\r\n");
            var expected = new StringBuilder();
            for (int i = 0; i < 5; i++)
                expected.Append("VALUE k").Append(i).Append(" 0 100000\r\n").Append(value).Append("\r\n");
            expected.Append("END\r\n");
            Assert.Equal(expected.ToString(), replies);
            Assert.True(harness.Cache.Counters.ConnectionYields > 0);
        }

        [Fact]
        public void Quit_Closes()
        {
            var harness = new SessionHarness();
            Assert.Equal("", harness.Send("quit\r\nversion\r\n"));
            Assert.Equal(SessionStatus.Close, harness.LastStatus);
        }

        [Fact]
        public void StatsSlabsAndItems_AsMemcachedPrintsThem()
        {
            var harness = new SessionHarness();
            harness.Send("set a 0 0 3\r\nabc\r\nget a\r\n");
            string slabs = harness.Send("stats slabs\r\n");
            Assert.StartsWith("STAT 1:chunk_size 96\r\nSTAT 1:chunks_per_page 10922\r\nSTAT 1:total_pages 1\r\n", slabs);
            Assert.Contains("STAT 1:used_chunks 1\r\nSTAT 1:free_chunks 10921\r\n", slabs);
            Assert.Contains("STAT 1:get_hits 1\r\nSTAT 1:cmd_set 1\r\n", slabs);
            Assert.EndsWith("STAT active_slabs 1\r\nSTAT total_malloced 1048576\r\nEND\r\n", slabs);
            string items = harness.Send("stats items\r\n");
            Assert.StartsWith("STAT items:1:number 1\r\n", items);
            Assert.Contains("STAT items:1:age 0\r\n", items);
            Assert.EndsWith("STAT items:1:crawler_items_checked 0\r\nEND\r\n", items);
        }
    }
}
