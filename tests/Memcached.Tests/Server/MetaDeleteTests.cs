// md through a Session, one behaviour each; expected replies are memcached 1.6.18's.
using Xunit;

namespace Memcached.Tests.Server
{
    public class MetaDeleteTests
    {
        [Fact]
        public void MetaDelete_Miss_AnswersNF()
        {
            Assert.Equal("NF\r\n", new SessionHarness().Send("md none\r\n"));
        }

        [Fact]
        public void MetaDelete_MissQuiet_StillAnswersNF()
        {
            Assert.Equal("NF\r\nNF O5\r\nMN\r\n", new SessionHarness().Send("md none q\r\nmd none q O5\r\nmn\r\n"));
        }

        [Fact]
        public void MetaDelete_MissWithKeyAndOpaque_EchoesInOrder()
        {
            Assert.Equal("NF knone O1\r\n", new SessionHarness().Send("md none q k O1\r\n"));
        }

        [Fact]
        public void MetaDelete_Hit_AnswersHDThenNF()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("HD\r\nNF\r\n", harness.Send("md k\r\nmd k\r\n"));
            Assert.Equal("END\r\n", harness.Send("get k\r\n"));
        }

        [Fact]
        public void MetaDelete_HitQuiet_HidesHD()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("MN\r\n", harness.Send("md k q k O4\r\nmn\r\n"));
            Assert.Equal("EN\r\n", harness.Send("mg k\r\n"));
        }

        [Fact]
        public void MetaDelete_CasMismatch_AnswersEXAndKeeps()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("EX kk O3\r\n", harness.Send("md k C7 k O3\r\n"));
            Assert.Equal("HD\r\n", harness.Send("mg k\r\n"));
        }

        [Fact]
        public void MetaDelete_CasMatch_Deletes()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("HD\r\n", harness.Send("md k C1\r\n"));
            Assert.Equal("EN\r\n", harness.Send("mg k\r\n"));
        }

        [Fact]
        public void MetaDelete_Invalidate_MarksStaleWithNewCasAndTtl()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("HD kk O5\r\n", harness.Send("md k I T30 k O5\r\n"));
            Assert.Equal("VA 1 c2 t30 kk X W\r\nx\r\n", harness.Send("mg k v c t k\r\n"));
            Assert.Equal("VA 1 c2 t30 Z X\r\nx\r\n", harness.Send("mg k v c t\r\n"));
        }

        [Fact]
        public void MetaDelete_InvalidateThenSet_ClearsStale()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\nmd k I\r\n");
            Assert.Equal("HD c3\r\n", harness.Send("ms k 1 c\r\ny\r\n"));
            Assert.Equal("VA 1 c3 t-1\r\ny\r\n", harness.Send("mg k v c t\r\n"));
        }

        [Fact]
        public void MetaDelete_InvalidateWithCasMismatch_AnswersEX()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("EX\r\n", harness.Send("md k C9 I\r\n"));
        }

        [Fact]
        public void MetaDelete_TtlWithoutInvalidate_Deletes()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("HD\r\n", harness.Send("md k T30\r\n"));
            Assert.Equal("EN\r\n", harness.Send("mg k\r\n"));
        }

        [Fact]
        public void MetaDelete_Base64MissWithKey_EchoesTokenAndB()
        {
            Assert.Equal("NF kaw== b\r\n", new SessionHarness().Send("md aw== b k\r\n"));
        }

        [Fact]
        public void MetaDelete_Base64Key_DeletesDecodedKey()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("HD\r\n", harness.Send("md aw== b\r\n"));
            Assert.Equal("EN\r\n", harness.Send("mg k\r\n"));
        }

        [Fact]
        public void MetaDelete_Invalidate_ClearsWinTokenSoNextGetWins()
        {
            var harness = new SessionHarness();
            harness.Send("ms m 1 T10\r\nx\r\n");
            Assert.Equal("HD W\r\nHD Z\r\n", harness.Send("mg m R30\r\nmg m R30\r\n"));
            Assert.Equal("HD\r\n", harness.Send("md m I T20\r\n"));
            Assert.Equal("HD t20 X W\r\n", harness.Send("mg m t\r\n"));
            Assert.Equal("HD Z X\r\n", harness.Send("mg m\r\n"));
        }
    }
}
