// The memcached image on one vCPU with one worker (the benchmark's shape): the net thread itself
// serves every connection in turn, and the UDP socket too (NetThreadServer), and a wake-up's
// receive bound is reached most often.
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace OSv.Image.Tests.Memcached
{
    [Collection(ImageCollection.Name)]
    public class MemcachedOneCpuTests : IClassFixture<OneCpuMemcachedGuest>
    {
        private readonly MemcachedGuest guest;

        public MemcachedOneCpuTests(OneCpuMemcachedGuest guest) => this.guest = guest;

        // libmemcached pipelines its initial load and reads replies only when its writes block:
        // the server must never end a wake-up with replies unsent while waiting for input (that
        // stalled this load for libmemcached's 5 s timeout and lost most keys). The stall needed a
        // wake-up's receive bound to fall just after replies backed up, which depends on timing:
        // this test caught it in about half of the runs; a stall fails it every time.
        [Fact]
        public void Memcslap_PipelinedLoadThenGetsOverEightConnections_FindsEveryKey()
        {
            CommandResult result = MemcachedImageTests.RunTool("memcslap", "-s", "127.0.0.1:" + guest.TcpPort, "-N", "-v", "--concurrency=8", "--execute-number=2000", "--test=get");
            string context = result.Describe() + "\n" + guest.Guest.Describe();
            Assert.True(result.ExitCode == 0, context);
            Assert.Matches(new Regex(@"Time to set +2000 keys:"), result.Output);
            Assert.Matches(new Regex(@"Time to get +16000 keys by +8 threads:"), result.Output);
            Assert.DoesNotContain("Fatal error", result.Output + result.Errors);
            Assert.DoesNotContain("Could not find", result.Output + result.Errors);
        }

        // With -t 1 no UDP thread exists: the net thread answers datagrams after its passes.
        [Fact]
        public void Udp_OnTheNetThread_SetThenMultiDatagramGet()
        {
            using var client = new UdpClient();
            client.Client.ReceiveTimeout = 3000;
            byte[][] stored = MemcachedImageTests.UdpRequest(guest, client, 0x2001, "set one-cpu 3 0 3000\r\n" + new string('u', 3000) + "\r\n");
            Assert.Equal("STORED\r\n", Encoding.ASCII.GetString(stored.Single()));
            byte[][] got = MemcachedImageTests.UdpRequest(guest, client, 0x2101, "get one-cpu\r\n");
            Assert.Equal(3, got.Length);
            Assert.Equal("VALUE one-cpu 3 3000\r\n" + new string('u', 3000) + "\r\nEND\r\n", Encoding.ASCII.GetString(got.SelectMany(part => part).ToArray()));
        }
    }
}
