// mg through a Session, one behaviour each. The expected replies are memcached 1.6.18's, taken
// from the installed server for the same requests (CAS values renumbered from a fresh store).
using Memcached.Server;
using Xunit;

namespace Memcached.Tests.Server
{
    public class MetaGetTests
    {
        [Fact]
        public void MetaGet_Miss_AnswersEN()
        {
            Assert.Equal("EN\r\n", new SessionHarness().Send("mg zz v\r\n"));
        }

        [Fact]
        public void MetaGet_MissQuiet_AnswersNothingBeforeMN()
        {
            Assert.Equal("MN\r\n", new SessionHarness().Send("mg zz v q k\r\nmn\r\n"));
        }

        [Fact]
        public void MetaGet_MissWithFlags_EchoesOnlyOpaqueAndKeyInOrder()
        {
            Assert.Equal("EN O5 kzz\r\n", new SessionHarness().Send("mg zz s v f c t h l O5 k\r\n"));
        }

        [Fact]
        public void MetaGet_HitWithoutFlags_AnswersHD()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 3\r\nabc\r\n");
            Assert.Equal("HD\r\n", harness.Send("mg a\r\n"));
        }

        [Fact]
        public void MetaGet_HitWithValue_AnswersVAAndBlock()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 3\r\nabc\r\n");
            Assert.Equal("VA 3\r\nabc\r\n", harness.Send("mg a v\r\n"));
        }

        [Fact]
        public void MetaGet_ReturnFlags_InRequestOrder()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 3 F5\r\nabc\r\n");
            Assert.Equal("VA 3 s3 f5 c1 t-1 h0 l0 O5 ka\r\nabc\r\n", harness.Send("mg a s v f c t h l O5 k\r\n"));
        }

        [Fact]
        public void MetaGet_HitQuiet_StillAnswersHD()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1\r\nx\r\n");
            Assert.Equal("HD ka\r\n", harness.Send("mg a q k\r\n"));
        }

        [Fact]
        public void MetaGet_Ttl_ShowsSecondsLeft()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1 T100\r\nx\r\n");
            harness.Clock.UnixSeconds += 10;
            Assert.Equal("HD t90\r\n", harness.Send("mg a t\r\n"));
        }

        [Fact]
        public void MetaGet_TouchAfterTtlFlag_ShowsOldTtlThenNew()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1 T100\r\nx\r\n");
            Assert.Equal("HD t100\r\n", harness.Send("mg a t T30\r\n"));
            Assert.Equal("HD t30\r\n", harness.Send("mg a t\r\n"));
        }

        [Fact]
        public void MetaGet_TouchBeforeTtlFlag_ShowsNewTtl()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1 T100\r\nx\r\n");
            Assert.Equal("HD t30\r\n", harness.Send("mg a T30 t\r\n"));
        }

        [Fact]
        public void MetaGet_HitBefore_ZeroThenOne()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1\r\nx\r\n");
            Assert.Equal("HD h0\r\n", harness.Send("mg a h\r\n"));
            Assert.Equal("HD h1\r\n", harness.Send("mg a h\r\n"));
        }

        [Fact]
        public void MetaGet_LastAccess_SecondsSinceStoreThenSinceFetch()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1\r\nx\r\n");
            harness.Clock.UnixSeconds += 7;
            Assert.Equal("HD l7\r\n", harness.Send("mg a l\r\n"));
            harness.Clock.UnixSeconds += 2;
            Assert.Equal("HD l2\r\n", harness.Send("mg a l\r\n"));
        }

        [Fact]
        public void MetaGet_NoBump_LeavesItemUnfetched()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1\r\nx\r\n");
            harness.Send("mg a u\r\n");
            Assert.Equal("HD h0\r\n", harness.Send("mg a h\r\n"));
        }

        [Fact]
        public void MetaGet_VivifyOnMiss_CreatesEmptyItemAndWins()
        {
            var harness = new SessionHarness();
            Assert.Equal("VA 0 c1 t30 s0 f0 W\r\n\r\n", harness.Send("mg n1 N30 v c t s f\r\n"));
        }

        [Fact]
        public void MetaGet_VivifyAgain_AnswersZNotW()
        {
            var harness = new SessionHarness();
            harness.Send("mg n1 N30\r\n");
            harness.Clock.UnixSeconds += 1;
            Assert.Equal("VA 0 c1 t29 s0 f0 Z\r\n\r\n", harness.Send("mg n1 N30 v c t s f\r\n"));
            Assert.Equal("HD Z\r\n", harness.Send("mg n1\r\n"));
        }

        [Fact]
        public void MetaGet_TtlBeforeVivify_ShowsNoExpiryYet()
        {
            Assert.Equal("HD t-1 W\r\n", new SessionHarness().Send("mg v1 t N30\r\n"));
        }

        [Fact]
        public void MetaGet_VivifiedThenStored_LosesWinState()
        {
            var harness = new SessionHarness();
            harness.Send("mg n1 N30\r\n");
            harness.Send("ms n1 2\r\nok\r\n");
            Assert.Equal("VA 2 c2 t-1\r\nok\r\n", harness.Send("mg n1 v c t\r\n"));
        }

        [Fact]
        public void MetaGet_RecacheWithLessTtlLeft_WinsOnceThenZ()
        {
            var harness = new SessionHarness();
            harness.Send("ms b 2 T100\r\nhi\r\n");
            harness.Clock.UnixSeconds += 1;
            Assert.Equal("VA 2 t99 c1 W\r\nhi\r\n", harness.Send("mg b R200 v t c\r\n"));
            Assert.Equal("VA 2 t99 c1 Z\r\nhi\r\n", harness.Send("mg b R200 v t c\r\n"));
        }

        [Fact]
        public void MetaGet_RecacheWithMoreTtlLeft_DoesNotWin()
        {
            var harness = new SessionHarness();
            harness.Send("ms b 2 T100\r\nhi\r\n");
            Assert.Equal("HD t100\r\n", harness.Send("mg b R20 t\r\n"));
        }

        [Fact]
        public void MetaGet_RecacheWithoutExpiry_DoesNotWin()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1\r\nx\r\n");
            Assert.Equal("HD t-1\r\n", harness.Send("mg a R30 t\r\n"));
        }

        [Fact]
        public void MetaGet_Base64Key_FindsDecodedKeyAndEchoesToken()
        {
            var harness = new SessionHarness();
            Assert.Equal("HD kYmluYXJ5 b O1 c1\r\n", harness.Send("ms YmluYXJ5 1 b k O1 c\r\nx\r\n"));
            Assert.Equal("VA 1 kYmluYXJ5 b O9\r\nx\r\n", harness.Send("mg YmluYXJ5 b v k O9\r\n"));
            Assert.Equal("VA 1\r\nx\r\n", harness.Send("mg binary v\r\n"));
        }

        [Fact]
        public void MetaGet_Base64KeyOfTextStoredItem_EchoesPlainKey()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1\r\nx\r\n");
            Assert.Equal("VA 1 ka\r\nx\r\n", harness.Send("mg YQ== b k v\r\n"));
        }

        [Fact]
        public void MetaGet_Base64Miss_EchoesTokenAndB()
        {
            Assert.Equal("EN kYmluYXJ5 b\r\n", new SessionHarness().Send("mg YmluYXJ5 b v k\r\n"));
        }

        [Fact]
        public void MetaGet_Expired_Misses()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1 T10\r\nx\r\n");
            harness.Clock.UnixSeconds += 10;
            Assert.Equal("EN\r\n", harness.Send("mg a v\r\n"));
        }

        [Fact]
        public void MetaGet_NegativeTtlStore_Misses()
        {
            var harness = new SessionHarness();
            harness.Send("ms c 2 T-1\r\nhi\r\n");
            Assert.Equal("EN\r\n", harness.Send("mg c v\r\n"));
        }

        [Fact]
        public void MetaGet_LaterVersionsFlagE_IsInvalid()
        {
            Assert.Equal("CLIENT_ERROR invalid flag\r\n", new SessionHarness().Send("mg b E5 v\r\n"));
        }

        [Fact]
        public void MetaGet_CountsGetHitsAndMisses()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1\r\nx\r\nmg a\r\nmg b\r\n");
            Assert.Equal(2, harness.Cache.Store.Stats.CmdGet);
            Assert.Equal(1, harness.Cache.Store.Stats.GetHits);
            Assert.Equal(1, harness.Cache.Store.Stats.GetMisses);
        }

        [Fact]
        public void MetaGet_VivifyThroughBase64Key_EchoesDecodedKeyAndIsFetched()
        {
            var harness = new SessionHarness();
            Assert.Equal("HD kb W\r\n", harness.Send("mg Yg== b N0 k\r\n"));
            Assert.Equal("ME b exp=-1 la=0 cas=1 fetch=yes cls=1 size=60\r\n", harness.Send("me b\r\n"));
        }
    }
}
