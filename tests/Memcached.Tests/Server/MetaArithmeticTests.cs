// ma through a Session, one behaviour each; expected replies are memcached 1.6.18's for the same
// requests (CAS values renumbered from a fresh store).
using Xunit;

namespace Memcached.Tests.Server
{
    public class MetaArithmeticTests
    {
        [Fact]
        public void MetaArithmetic_Miss_AnswersNF()
        {
            Assert.Equal("NF\r\n", new SessionHarness().Send("ma none\r\n"));
        }

        [Fact]
        public void MetaArithmetic_MissQuiet_StillAnswersNF()
        {
            Assert.Equal("NF\r\nMN\r\n", new SessionHarness().Send("ma none q\r\nmn\r\n"));
        }

        [Fact]
        public void MetaArithmetic_MissWithOpaqueAndKey_EchoesInOrder()
        {
            Assert.Equal("NF O1 kv3\r\n", new SessionHarness().Send("ma v3 O1 k\r\n"));
        }

        [Fact]
        public void MetaArithmetic_Default_IncrementsByOneAnswersHD()
        {
            var harness = new SessionHarness();
            harness.Send("ms n 1\r\n5\r\n");
            Assert.Equal("HD\r\n", harness.Send("ma n\r\n"));
            Assert.Equal("VA 1\r\n7\r\n", harness.Send("ma n v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_Quiet_HidesHDAndVA()
        {
            var harness = new SessionHarness();
            harness.Send("ms n 1\r\n5\r\n");
            Assert.Equal("MN\r\n", harness.Send("ma n q\r\nma n q v\r\nmn\r\n"));
            Assert.Equal("VA 1\r\n7\r\n", harness.Send("mg n v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_ReturnFlags_InRequestOrder()
        {
            var harness = new SessionHarness();
            harness.Send("ms n 1\r\n8\r\n");
            Assert.Equal("VA 1 t-1 c2 kn O1\r\n0\r\n", harness.Send("ma n v t c k O1 N0 J0 D10 MD\r\n"));
        }

        [Fact]
        public void MetaArithmetic_DecrementBelowZero_StopsAtZero()
        {
            var harness = new SessionHarness();
            harness.Send("ms n 1\r\n3\r\n");
            Assert.Equal("VA 1\r\n0\r\n", harness.Send("ma n MD D100 v\r\n"));
            Assert.Equal("VA 1\r\n0\r\n", harness.Send("ma n M- v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_IncrementPastMax_Wraps()
        {
            var harness = new SessionHarness();
            harness.Send("ms n 1\r\n0\r\n");
            Assert.Equal("VA 20\r\n18446744073709551615\r\n", harness.Send("ma n M+ D18446744073709551615 v\r\n"));
            Assert.Equal("VA 1\r\n0\r\n", harness.Send("ma n MI v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_VivifyOnMiss_StoresInitialUnchanged()
        {
            var harness = new SessionHarness();
            Assert.Equal("VA 2 t-1 c1\r\n13\r\n", harness.Send("ma x N0 J13 v t c\r\n"));
            Assert.Equal("VA 2 t-1 c2\r\n14\r\n", harness.Send("ma x N0 J13 v t c\r\n"));
        }

        [Fact]
        public void MetaArithmetic_VivifyTtl_AppliedAtItsPlace()
        {
            var harness = new SessionHarness();
            Assert.Equal("VA 2 t30 c1\r\n13\r\n", harness.Send("ma y N30 J13 v t c\r\n"));
            Assert.Equal("VA 1 t-1\r\n0\r\n", harness.Send("ma v2 t N30 v\r\n"));
            Assert.Equal("VA 1 t30\r\n1\r\n", harness.Send("ma v2 t v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_VivifyDefaultInitial_IsZero()
        {
            Assert.Equal("VA 1\r\n0\r\n", new SessionHarness().Send("ma z N0 v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_InitialWithoutVivify_AnswersNF()
        {
            Assert.Equal("NF\r\n", new SessionHarness().Send("ma z J13 v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_NonNumeric_ClientError()
        {
            var harness = new SessionHarness();
            harness.Send("ms s 1\r\na\r\n");
            Assert.Equal("CLIENT_ERROR cannot increment or decrement non-numeric value\r\n", harness.Send("ma s v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_CasMismatch_AnswersEXEvenQuiet()
        {
            var harness = new SessionHarness();
            harness.Send("ms n 1\r\n5\r\n");
            Assert.Equal("EX kn O3\r\nEX\r\n", harness.Send("ma n C9 k O3 v\r\nma n C9 v q\r\n"));
            Assert.Equal("VA 1\r\n5\r\n", harness.Send("mg n v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_CasMatch_Applies()
        {
            var harness = new SessionHarness();
            harness.Send("ms n 1\r\n5\r\n");
            Assert.Equal("VA 1 c2\r\n6\r\n", harness.Send("ma n C1 v c\r\n"));
        }

        [Fact]
        public void MetaArithmetic_Touch_SetsTtl()
        {
            var harness = new SessionHarness();
            harness.Send("ms n 1\r\n5\r\n");
            Assert.Equal("VA 1 t60\r\n6\r\n", harness.Send("ma n T60 t v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_Base64Key_EchoesTokenAndB()
        {
            var harness = new SessionHarness();
            harness.Send("ms k 1\r\n1\r\n");
            Assert.Equal("VA 1 kaw== b\r\n2\r\n", harness.Send("ma aw== b v k\r\n"));
        }

        [Fact]
        public void MetaArithmetic_InvalidMode_Refused()
        {
            Assert.Equal("CLIENT_ERROR invalid mode for ma M token\r\n", new SessionHarness().Send("ma n MX\r\n"));
        }

        [Fact]
        public void MetaArithmetic_CasZero_ComparesNothing()
        {
            var harness = new SessionHarness();
            harness.Send("ms j 1\r\n1\r\n");
            Assert.Equal("VA 1\r\n2\r\n", harness.Send("ma j C0 v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_EmptyValueWithCasMismatch_NonNumericFirst()
        {
            var harness = new SessionHarness();
            harness.Send("ms e 0\r\n\r\n");
            Assert.Equal("CLIENT_ERROR cannot increment or decrement non-numeric value\r\n", harness.Send("ma e C99 v\r\n"));
        }

        [Fact]
        public void MetaArithmetic_InPlace_KeepsStaleAndWinMarks()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1\r\n5\r\nmd a I\r\n");
            Assert.Equal("HD X W\r\n", harness.Send("mg a\r\n"));
            Assert.Equal("VA 1\r\n5\r\n", harness.Send("ma a D0 v\r\n"));
            Assert.Equal("HD h1 Z X\r\n", harness.Send("mg a h\r\n"));
        }
    }
}
