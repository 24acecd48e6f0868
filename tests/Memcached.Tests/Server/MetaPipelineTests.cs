// Meta commands pipelined with text commands through one Session, split anywhere, and the
// ms/mg path measured for allocation (style rule 4).
using System;
using Memcached.Server;
using OSv.Testing;
using Xunit;

namespace Memcached.Tests.Server
{
    public class MetaPipelineTests
    {
        private const string MixedScript =
            "set a 1 0 5\r\nhello\r\nmg a v f c k O1\r\nms b 3 T100 c\r\nxyz\r\nget a b\r\n" +
            "mg zz q v\r\nma n N0 J41 v\r\nincr n 1\r\nmd a q\r\nmg a k\r\nmn\r\nme b\r\ndelete b\r\nmg b\r\n";

        private const string MixedReplies =
            "STORED\r\nVA 5 f1 c1 ka O1\r\nhello\r\nHD c2\r\nVALUE a 1 5\r\nhello\r\nVALUE b 0 3\r\nxyz\r\nEND\r\n" +
            "VA 2\r\n41\r\n42\r\nEN ka\r\nMN\r\nME b exp=-100 la=0 cas=2 fetch=yes cls=1 size=63\r\nDELETED\r\nEN\r\n";

        [Fact]
        public void MetaAndText_Pipelined_RepliesInOrder()
        {
            Assert.Equal(MixedReplies, new SessionHarness().Send(MixedScript));
        }

        [Fact]
        public void MetaAndText_SplitAtEveryByte_SameReplies()
        {
            for (int chunk = 1; chunk <= 5; chunk++)
                Assert.Equal(MixedReplies, new SessionHarness().Send(MixedScript, chunk));
        }

        [Fact]
        public void MetaErrors_BetweenCommands_DoNotDesynchronise()
        {
            var harness = new SessionHarness();
            Assert.Equal("CLIENT_ERROR invalid flag\r\nHD\r\nCLIENT_ERROR bad data chunk\r\nERROR\r\nVA 1\r\nx\r\n",
                harness.Send("mg a E1\r\nms a 1\r\nx\r\nms a 1\r\nxy\r\nmg a v\r\n"));
        }

        [Fact]
        public void MetaSetThenGet_Measured_AllocatesNothing()
        {
            var harness = new SessionHarness();
            Session session = harness.Session;
            byte[] request = "ms some:key 5 T30 F7 k O9\r\nhello\r\nmg some:key v f t s k O9 h l\r\nma ctr N0 v\r\nmd ctr q\r\nmd gone\r\nmn\r\n"u8.ToArray();
            int expected = Round(session, request, out _);
            int blocked = 0;
            int total = 0;
            // Every round leaves the store as it found it (md removes the counter ma created).
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int round = 0; round < 100; round++)
                {
                    total += Round(session, request, out SessionStatus status);
                    blocked += status == SessionStatus.NeedInput ? 0 : 1;
                }
            });
            Assert.Equal(0, allocated);
            Assert.Equal(expected * 100 * (1 + AllocationMeter.Windows), total);
            Assert.Equal(0, blocked);
            Assert.Equal("HD ksome:key O9\r\nVA 5 f7 t30 s5 ksome:key O9 h0 l0\r\nhello\r\nVA 1\r\n0\r\nNF\r\nMN\r\n".Length, expected);
        }

        // Feeds the request, runs it, and drains the replies; returns their length (no assert
        // inside: xunit's Assert.Equal boxes).
        private static int Round(Session session, byte[] request, out SessionStatus status)
        {
            Span<byte> space = session.ReceiveSpace;
            request.AsSpan().CopyTo(space);
            session.Received(request.Length);
            status = session.Process();
            int replied = session.PendingOutput.Length;
            session.Sent(replied);
            return replied;
        }
    }
}
