// me and mn through a Session; expected lines are memcached 1.6.18's (its me prints exp as
// now - expiry, so a live item with a TTL shows a negative exp).
using Xunit;

namespace Memcached.Tests.Server
{
    public class MetaDebugTests
    {
        [Fact]
        public void MetaNoOp_AnswersMN()
        {
            Assert.Equal("MN\r\n", new SessionHarness().Send("mn\r\n"));
        }

        [Fact]
        public void MetaDebug_Miss_AnswersEN()
        {
            Assert.Equal("EN\r\n", new SessionHarness().Send("me zz\r\n"));
        }

        [Fact]
        public void MetaDebug_FreshItem_NotFetchedNoExpiry()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 3\r\nabc\r\n");
            Assert.Equal("ME a exp=-1 la=0 cas=1 fetch=no cls=1 size=63\r\n", harness.Send("me a\r\n"));
        }

        [Fact]
        public void MetaDebug_AfterMetaGet_Fetched()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 3\r\nabc\r\nmg a v\r\n");
            Assert.Equal("ME a exp=-1 la=0 cas=1 fetch=yes cls=1 size=63\r\n", harness.Send("me a\r\n"));
        }

        [Fact]
        public void MetaDebug_WithTtl_ExpIsNowMinusExpiry()
        {
            var harness = new SessionHarness();
            harness.Send("ms b 2 T100\r\nhi\r\n");
            Assert.Equal("ME b exp=-100 la=0 cas=1 fetch=no cls=1 size=62\r\n", harness.Send("me b\r\n"));
        }

        [Fact]
        public void MetaDebug_LastAccess_SecondsSinceStore()
        {
            var harness = new SessionHarness();
            harness.Send("ms st 1\r\nx\r\n");
            harness.Clock.UnixSeconds += 4;
            Assert.Equal("ME st exp=-1 la=4 cas=1 fetch=no cls=1 size=62\r\n", harness.Send("me st\r\n"));
        }

        [Fact]
        public void MetaDebug_Base64KeyOfBinaryItem_ShowsBase64()
        {
            var harness = new SessionHarness();
            harness.Send("ms YmluYXJ5 1 b\r\nx\r\n");
            Assert.Equal("ME YmluYXJ5 exp=-1 la=0 cas=1 fetch=no cls=1 size=66\r\n", harness.Send("me YmluYXJ5 b\r\n"));
        }

        [Fact]
        public void MetaDebug_Base64KeyOfTextItem_ShowsPlainKey()
        {
            var harness = new SessionHarness();
            harness.Send("ms a 1\r\nx\r\n");
            Assert.Equal("ME a exp=-1 la=0 cas=1 fetch=no cls=1 size=61\r\n", harness.Send("me YQ== b\r\n"));
        }

        [Fact]
        public void MetaDebug_NonZeroClientFlags_AddFourBytesToSize()
        {
            var harness = new SessionHarness();
            harness.Send("ms z 1 F7\r\nx\r\n");
            Assert.Equal("ME z exp=-1 la=0 cas=1 fetch=no cls=1 size=65\r\n", harness.Send("me z\r\n"));
        }
    }
}
