// The interop test fixture itself, before any guest stack exists: the namespace and its tap come
// up with the host address, Linux answers inside it, the OSv.NetPeer program serves and checks
// TCP and UDP echo inside it, QEMU started inside it opens the tap (guest frames arrive), and
// nothing is left behind. Needs root and /dev/net/tun: fails, never skips, without them.
using System;
using System.IO;
using System.Net;
using OSv.NetPeer;
using Xunit;

namespace OSv.Image.Tests.Net
{
    [Collection(ImageCollection.Name)]
    public class NetworkNamespaceTests
    {
        [Fact]
        public void Construct_TapHasHostAddressInsideNamespace()
        {
            using var network = new NetworkNamespace();
            CommandResult address = network.Run("ip -o -4 address show dev " + network.TapName);
            Assert.True(address.ExitCode == 0, address.Describe());
            Assert.Contains("inet 192.168.100.1/24", address.Output);
        }

        [Fact]
        public void Construct_TapIsATapDevice()
        {
            using var network = new NetworkNamespace();
            CommandResult flags = network.Run("cat /sys/class/net/" + network.TapName + "/tun_flags");
            Assert.True(flags.ExitCode == 0, flags.Describe());
            Assert.Equal(2, Convert.ToInt32(flags.Output.Trim(), 16) & 3); // IFF_TAP
        }

        [Fact]
        public void HostAddress_AnswersPingInsideNamespace()
        {
            using var network = new NetworkNamespace();
            CommandResult ping = network.Run("ping -c 1 -W 5 " + NetworkNamespace.HostAddress);
            Assert.True(ping.ExitCode == 0, "ping (iputils-ping) inside the namespace failed:\n" + ping.Describe());
        }

        [Fact]
        public void Dispose_RemovesNamespace()
        {
            var network = new NetworkNamespace();
            Assert.Contains(network.Name, NetworkNamespace.List());
            network.Dispose();
            Assert.DoesNotContain(network.Name, NetworkNamespace.List());
        }

        [Fact]
        public void Dispose_EndsProcessesStartedInside()
        {
            var network = new NetworkNamespace();
            int sleeper = network.Start("sleep", "600").Id;
            Assert.True(Directory.Exists("/proc/" + sleeper));
            network.Dispose();
            Assert.False(Directory.Exists("/proc/" + sleeper), "process " + sleeper + " outlived its namespace");
        }

        [Fact]
        public void RemoveStale_DeletesNamespaceOfDeadCreator()
        {
            const string stale = NetworkNamespace.NamePrefix + "999999999-1-1"; // above any pid_max
            Assert.Equal(0, Repository.Run("ip", new[] { "netns", "add", stale }, "/").ExitCode);
            NetworkNamespace.RemoveStale();
            Assert.DoesNotContain(stale, NetworkNamespace.List());
        }

        [Fact]
        public void IsStale_NamespaceOfThisProcess_IsFalse()
        {
            using var network = new NetworkNamespace();
            Assert.False(NetworkNamespace.IsStale(network.Name));
            NetworkNamespace.RemoveStale();
            Assert.Contains(network.Name, NetworkNamespace.List());
        }

        [Fact]
        public void NetPeer_TcpEchoInsideNamespace_EveryByteComesBack()
        {
            using var network = new NetworkNamespace();
            NetPeerProgram.ServeInside(network, "--bind", NetworkNamespace.HostAddress.ToString());
            CommandResult echo = NetPeerProgram.RunInside(network, "tcp-echo", "--host", NetworkNamespace.HostAddress.ToString(),
                "--port", TcpServer.EchoPort.ToString(), "--bytes", "4000000", "--seed", "5");
            Assert.True(echo.ExitCode == 0, echo.Describe());
            Assert.StartsWith("OK echoed 4000000 bytes", echo.Output);
        }

        [Fact]
        public void NetPeer_UdpEchoInsideNamespace_EveryDatagramComesBack()
        {
            using var network = new NetworkNamespace();
            NetPeerProgram.ServeInside(network, "--bind", NetworkNamespace.HostAddress.ToString());
            CommandResult echo = NetPeerProgram.RunInside(network, "udp-echo", "--host", NetworkNamespace.HostAddress.ToString(),
                "--port", TcpServer.EchoPort.ToString(), "--count", "50", "--size", "1472");
            Assert.True(echo.ExitCode == 0, echo.Describe());
            Assert.StartsWith("OK udp echo: sent 50, verified 50, lost 0, wrong 0", echo.Output);
        }

        [Fact]
        public void NetPeer_ServerInsideNamespace_IsNotReachableFromOutside()
        {
            using var network = new NetworkNamespace();
            NetPeerProgram.ServeInside(network, "--bind", NetworkNamespace.HostAddress.ToString());
            EchoResult echo = HostTcpPeer.Echo(new IPEndPoint(NetworkNamespace.HostAddress, TcpServer.EchoPort), 1000, 1, TimeSpan.FromSeconds(2));
            Assert.False(echo.Succeeded, echo.Describe());
        }

        // QEMU started through `ip netns exec` opens the namespace's tap: the VirtioNet image's
        // ARP request and DHCP discover (broadcasts) arrive on the Linux side.
        [Fact]
        public void Qemu_StartedInsideNamespace_GuestFramesReachTheTap()
        {
            using var network = new NetworkNamespace();
            CommandResult boot = network.Osv("run", Images.VirtioNet, "--net", "tap:" + network.TapName, "--timeout", "60");
            Assert.Contains("PASS virtio.net.arp.sent", boot.Lines);
            CommandResult received = network.Run("cat /sys/class/net/" + network.TapName + "/statistics/rx_packets");
            Assert.True(long.Parse(received.Output.Trim()) >= 2, "frames from the guest on the tap: " + received.Output + "\n" + boot.Describe());
        }
    }
}
