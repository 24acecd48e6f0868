// ms through a Session, one behaviour each; expected replies are memcached 1.6.18's for the same
// requests (CAS values renumbered from a fresh store).
using Memcached.Server;
using Xunit;

namespace Memcached.Tests.Server
{
    public class MetaSetTests
    {
        [Fact]
        public void MetaSet_Stores_AnswersHD()
        {
            var harness = new SessionHarness();
            Assert.Equal("HD\r\n", harness.Send("ms k 2\r\nzz\r\n"));
            Assert.Equal("VALUE k 0 2\r\nzz\r\nEND\r\n", harness.Send("get k\r\n"));
        }

        [Fact]
        public void MetaSet_ReturnFlags_OnlyCasKeyOpaqueInRequestOrder()
        {
            var harness = new SessionHarness();
            Assert.Equal("HD c1 kk O7\r\n", harness.Send("ms k 2 c F9 T60 k s f t O7\r\nzz\r\n"));
        }

        [Fact]
        public void MetaSet_ClientFlagsAndTtl_Stored()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1 F3 T100\r\nx\r\n");
            Assert.Equal("VA 1 f3 t100\r\nx\r\n", harness.Send("mg k v f t\r\n"));
        }

        [Fact]
        public void MetaSet_Quiet_HidesHD()
        {
            Assert.Equal("MN\r\n", new SessionHarness().Send("ms k 2 q\r\nqq\r\nmn\r\n"));
        }

        [Fact]
        public void MetaSet_CasMismatch_AnswersEXWithCasZero()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("EX c0\r\n", harness.Send("ms k 2 C9 c\r\nqq\r\n"));
        }

        [Fact]
        public void MetaSet_CasMismatchQuiet_StillAnswersEX()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("EX c0\r\n", harness.Send("ms k 2 C9 c q\r\nqq\r\n"));
        }

        [Fact]
        public void MetaSet_CasMatch_StoresWithNewCas()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("HD c2\r\n", harness.Send("ms k 2 C1 c\r\nqq\r\n"));
        }

        [Fact]
        public void MetaSet_CasOnMissingKey_AnswersNF()
        {
            Assert.Equal("NF\r\n", new SessionHarness().Send("ms nokey 1 C5\r\nx\r\n"));
        }

        [Fact]
        public void MetaSet_CasAppendOnMissingKey_AnswersNS()
        {
            Assert.Equal("NS\r\n", new SessionHarness().Send("ms nokey 1 C5 MA\r\nx\r\n"));
        }

        [Fact]
        public void MetaSet_CasAppendMismatch_AnswersEX()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("EX c0\r\n", harness.Send("ms k 1 MA c C2\r\ny\r\n"));
        }

        [Fact]
        public void MetaSet_ModeAddExisting_AnswersNS()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("NS c0\r\n", harness.Send("ms k 1 ME c\r\nx\r\n"));
        }

        [Fact]
        public void MetaSet_ModeAddNew_Stores()
        {
            Assert.Equal("HD c1\r\n", new SessionHarness().Send("ms new 1 ME c\r\nx\r\n"));
        }

        [Fact]
        public void MetaSet_ModeAddIgnoresCas()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("NS\r\n", harness.Send("ms k 1 ME C1\r\ny\r\n"));
        }

        [Fact]
        public void MetaSet_AppendAndPrepend_KeepFlagsAndTtl()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 2 F4 T100\r\nqq\r\n");
            Assert.Equal("HD c2\r\n", harness.Send("ms k 1 MA c F9 T5\r\nA\r\n"));
            Assert.Equal("HD\r\n", harness.Send("ms k 1 MP\r\nP\r\n"));
            Assert.Equal("VA 4 f4 t100 c3\r\nPqqA\r\n", harness.Send("mg k v f t c\r\n"));
        }

        [Fact]
        public void MetaSet_ReplaceOrAppendMissing_AnswersNSEvenQuiet()
        {
            var harness = new SessionHarness();
            Assert.Equal("NS\r\nNS\r\nNS\r\n", harness.Send("ms none 1 MR\r\nx\r\nms none 1 MA\r\nx\r\nms none 1 MA q\r\nx\r\n"));
        }

        [Fact]
        public void MetaSet_ModeReplaceExisting_Stores()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("HD\r\n", harness.Send("ms k 1 MR F3 T0\r\nR\r\n"));
            Assert.Equal("VA 1 f3 t-1\r\nR\r\n", harness.Send("mg k v f t\r\n"));
        }

        [Fact]
        public void MetaSet_ModeSetExplicit_Stores()
        {
            Assert.Equal("HD\r\n", new SessionHarness().Send("ms k 1 MS\r\nS\r\n"));
        }

        [Fact]
        public void MetaSet_InvalidateWithOlderCas_StoresStale()
        {
            var harness = new SessionHarness();
            harness.Send("ms st 1\r\nx\r\n");
            harness.Send("ms st 1\r\nx\r\n");
            Assert.Equal("HD c3\r\n", harness.Send("ms st 1 I C1 c\r\ny\r\n"));
            Assert.Equal("VA 1 c3 X W\r\ny\r\n", harness.Send("mg st v c\r\n"));
        }

        [Fact]
        public void MetaSet_InvalidateWithNewerCas_AnswersEX()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\ny\r\n");
            Assert.Equal("EX c0\r\n", harness.Send("ms k 1 I C999 c\r\nz\r\n"));
        }

        [Fact]
        public void MetaSet_InvalidateWithoutCas_IsPlainSet()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("HD\r\n", harness.Send("ms k 1 I\r\nI\r\n"));
            Assert.Equal("VA 1\r\nI\r\n", harness.Send("mg k v\r\n"));
        }

        [Fact]
        public void MetaSet_WrongBlockLength_AnswersBadDataChunk()
        {
            Assert.Equal("CLIENT_ERROR bad data chunk\r\nERROR\r\n", new SessionHarness().Send("ms k 3\r\nabcd\r\n"));
        }

        [Fact]
        public void MetaSet_InvalidMode_Refused()
        {
            Assert.Equal("CLIENT_ERROR invalid mode for ms M token\r\n", new SessionHarness().Send("ms k 3 MX\r\nabc\r\n"));
        }

        [Fact]
        public void MetaSet_Oversized_RefusedSwallowedAndOldValueRemoved()
        {
            var harness = new SessionHarness(new ServerSettings { MemoryMegabytes = 8, ItemSizeMax = 1024 });
            harness.Send("ms k 1\r\nx\r\n");
            string block = new string('z', 5000);
            Assert.Equal("SERVER_ERROR object too large for cache\r\nEN\r\n",
                harness.Send("ms k 5000 MA O5 k q\r\n" + block + "\r\nmg k v\r\n", 700));
        }

        [Fact]
        public void MetaSet_KeyAndValueOverLimit_RefusedAndOldValueRemoved()
        {
            var harness = new SessionHarness(new ServerSettings { MemoryMegabytes = 8, ItemSizeMax = 1024 });
            harness.Send("ms k 1\r\nx\r\n");
            string block = new string('z', 1024);
            Assert.Equal("SERVER_ERROR object too large for cache\r\nEN\r\n", harness.Send("ms k 1024 T0\r\n" + block + "\r\nmg k v\r\n"));
        }

        [Fact]
        public void MetaSet_StaleSet_KeepsOldTtlAndWinToken()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\nms k 1 T100\r\nx\r\n");
            Assert.Equal("HD W\r\n", harness.Send("mg k R200\r\n"));
            Assert.Equal("HD\r\n", harness.Send("ms k 1 I C1 T0\r\ny\r\n"));
            Assert.Equal("VA 1 t100 Z X\r\ny\r\n", harness.Send("mg k t v\r\n"));
        }

        [Fact]
        public void MetaSet_ReplaceWithOlderCasAndInvalidate_StoresStale()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\nms k 1\r\nx\r\n");
            Assert.Equal("HD c3\r\n", harness.Send("ms k 1 MR I C1 c\r\nz\r\n"));
            Assert.Equal("VA 1 c3 X W\r\nz\r\n", harness.Send("mg k v c\r\n"));
        }

        [Fact]
        public void MetaSet_AppendWithOlderCasAndInvalidate_AnswersEX()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\nms k 1\r\nx\r\n");
            Assert.Equal("EX c0\r\n", harness.Send("ms k 1 MA I C1 c\r\ny\r\n"));
        }

        [Fact]
        public void MetaSet_CasReplaceOnMissingKey_AnswersNF()
        {
            Assert.Equal("NF\r\n", new SessionHarness().Send("ms nokey 1 C5 MR\r\nx\r\n"));
        }

        [Fact]
        public void MetaSet_CasZero_IsCompared()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("EX c0\r\nNF\r\n", harness.Send("ms k 1 MR C0 c\r\nz\r\nms z 1 C0\r\nq\r\n"));
        }

        [Fact]
        public void MetaSet_PrependWithCasZero_ComparesNothing()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\nx\r\n");
            Assert.Equal("HD\r\n", harness.Send("ms k 2 MP C0 I\r\n12\r\n"));
            Assert.Equal("VA 3\r\n12x\r\n", harness.Send("mg k v\r\n"));
        }

        [Fact]
        public void MetaSet_AppendThroughBase64Key_LeavesKeyUnmarked()
        {
            var harness = new SessionHarness();
            harness.Send("ms Yg== 1 b\r\nx\r\n");
            Assert.Equal("HD kYg== b\r\n", harness.Send("mg b k\r\n"));
            harness.Send("ms Yg== 1 b MP\r\ny\r\n");
            Assert.Equal("HD kb\r\n", harness.Send("mg Yg== b k\r\n"));
        }
    }
}
