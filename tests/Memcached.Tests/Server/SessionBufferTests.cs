using Memcached.Server;
using Xunit;

namespace Memcached.Tests.Server
{
    // A connection's buffers grow for a large value and keep that size while the connection
    // lasts (no allocation per request); when it ends they go back to the initial sizes, so a
    // pooled session (an image's connection slot) holds no large buffer between connections.
    public class SessionBufferTests
    {
        private const int LargeBytes = 300_000;

        private static void SetAndGetLarge(SessionHarness harness, string key)
        {
            string value = new string('v', LargeBytes);
            Assert.Equal("STORED\r\n", harness.Send("set " + key + " 0 0 " + LargeBytes + "\r\n" + value + "\r\n"));
            Assert.Equal("VALUE " + key + " 0 " + LargeBytes + "\r\n" + value + "\r\nEND\r\n", harness.Send("get " + key + "\r\n"));
        }

        [Fact]
        public void LargeValue_GrowsBothBuffers()
        {
            var harness = new SessionHarness();
            SetAndGetLarge(harness, "k");
            Assert.True(harness.Session.InputCapacity > LargeBytes, "input " + harness.Session.InputCapacity);
            Assert.True(harness.Session.OutputCapacity > LargeBytes, "output " + harness.Session.OutputCapacity);
        }

        [Fact]
        public void EndConnection_AfterLargeValue_BuffersBackToInitialSizes()
        {
            var harness = new SessionHarness();
            SetAndGetLarge(harness, "k");
            harness.Session.EndConnection();
            Assert.Equal(ServerLimits.InputBufferInitialBytes, harness.Session.InputCapacity);
            Assert.Equal(ServerLimits.OutputBufferInitialBytes, harness.Session.OutputCapacity);
            Assert.Equal(0, harness.Session.PendingOutput.Length);
        }

        [Fact]
        public void Reset_KeepsGrownBuffers()
        {
            // UDP resets its session per datagram: a client fetching a large value again and
            // again must not make every datagram allocate a new reply buffer.
            var harness = new SessionHarness();
            SetAndGetLarge(harness, "k");
            int outputGrown = harness.Session.OutputCapacity;
            harness.Session.Reset();
            Assert.Equal(outputGrown, harness.Session.OutputCapacity);
        }

        [Fact]
        public void ManyConnectionsWithLargeValues_PooledSessionEndsEachAtInitialSizes()
        {
            var harness = new SessionHarness();
            for (int connection = 0; connection < 20; connection++)
            {
                harness.Session.Reset();
                SetAndGetLarge(harness, "k" + connection % 3);
                harness.Session.EndConnection();
                Assert.Equal(ServerLimits.InputBufferInitialBytes, harness.Session.InputCapacity);
                Assert.Equal(ServerLimits.OutputBufferInitialBytes, harness.Session.OutputCapacity);
            }
        }

        [Fact]
        public void AfterEndConnection_NextConnectionServesNormally()
        {
            var harness = new SessionHarness();
            SetAndGetLarge(harness, "k");
            harness.Session.EndConnection();
            harness.Session.Reset();
            Assert.Equal("STORED\r\n", harness.Send("set a 0 0 1\r\nx\r\n"));
            Assert.Equal("VALUE a 0 1\r\nx\r\nEND\r\n", harness.Send("get a\r\n"));
        }
    }
}
