// The network stack in a booted image (samples/NetServices over virtio-net) against real Linux
// peers: QEMU's user-mode network with port forwarding (the host connects to the guest's echo
// and moves 10 MB byte-exact, a UDP echo round trip, DHCP from QEMU's gateway), the guest
// connecting out to a host server, and a tap device in a network namespace (Linux pings the
// guest and moves 10 MB through its echo), with net channels on and off.
using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using OSv.Image.Tests.Net;
using OSv.NetPeer;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class NetStackTests
    {
        private const long TenMegabytes = 10L * 1024 * 1024;
        private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(90);
        private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(180);
        private const string ListeningLine = "netservices: tcp echo 7, discard 9, source 19 listening";

        [Theory]
        [InlineData("on")]
        [InlineData("off")]
        public void UserNetwork_HostEchoesTenMegabytesAndUdp_ThenGuestExitsOnCommand(string netChannels)
        {
            int tcpPort = Net.FreePorts.Tcp(), udpPort = Net.FreePorts.Udp();
            using RunningGuest guest = RunningGuest.Start("run", Images.NetServices, "--net", "user",
                "--forward", tcpPort + ":7", "--forward", "udp:" + udpPort + ":7",
                "--kernel-args", "net.channels=" + netChannels, "--timeout", "300");
            Assert.True(guest.WaitForLine(ListeningLine, BootTimeout) != null, "services never listened:\n" + guest.Describe());
            Assert.Contains("netservices: address 10.0.2.15, net channels " + netChannels, guest.Lines);

            EchoResult echo = HostTcpPeer.Echo(new IPEndPoint(IPAddress.Loopback, tcpPort), TenMegabytes, seed: 6, TransferTimeout);
            Assert.True(echo.Succeeded, echo.Describe() + "\n" + guest.Describe());

            var udpEndPoint = new IPEndPoint(IPAddress.Loopback, udpPort);
            UdpEchoResult udp = HostUdpPeer.Echo(udpEndPoint, count: 50, sizeBytes: 1024, seed: 7, TimeSpan.FromSeconds(5));
            Assert.True(udp.Succeeded, udp.Describe() + "\n" + guest.Describe());

            using (var client = new UdpClient())
                client.Send("osv:exit"u8.ToArray(), 8, udpEndPoint);
            Assert.True(guest.WaitForExit(TimeSpan.FromSeconds(30)) == 0, "no clean exit:\n" + guest.Describe());
        }

        [Fact]
        public void UserNetwork_GuestConnectsOutToHostEchoServer_OneMegabyteExact()
        {
            using TcpServer server = TcpServer.Start(TcpService.Echo, new IPEndPoint(IPAddress.Loopback, 0));
            using RunningGuest guest = RunningGuest.Start("run", Images.NetServices, "--net", "user", "--timeout", "240",
                "--", "--connect", "10.0.2.2:" + server.EndPoint.Port, "--bytes", "1000000");
            int? exit = guest.WaitForExit(TransferTimeout);
            Assert.True(exit == 0, "exit " + exit + ":\n" + guest.Describe());
            Assert.Contains("connect-out: PASS 1000000 of 1000000 bytes echoed by 10.0.2.2:" + server.EndPoint.Port, guest.Lines);
        }

        [Theory]
        [InlineData("on")]
        [InlineData("off")]
        public void TapInNamespace_LinuxPingsAndEchoesTenMegabytes(string netChannels)
        {
            using var network = new NetworkNamespace();
            string guestAddress = NetworkNamespace.GuestAddress.ToString();
            using var guest = new RunningGuest(network.Start(Repository.OsvScript, "run", Images.NetServices,
                "--net", "tap:" + network.TapName, "--timeout", "300",
                "--kernel-args", "ip=" + guestAddress + "/24 gw=" + NetworkNamespace.HostAddress + " net.channels=" + netChannels));
            Assert.True(guest.WaitForLine(ListeningLine, BootTimeout) != null, "services never listened:\n" + guest.Describe());

            CommandResult ping = network.RunWrapped("ping", "-c", "3", "-i", "0.2", "-W", "3", guestAddress);
            Assert.True(ping.ExitCode == 0, ping.Describe() + "\n" + guest.Describe());
            Assert.Contains(ping.Lines, line => line.Contains("3 received"));

            CommandResult echo = NetPeerProgram.RunInside(network, "tcp-echo", "--host", guestAddress, "--port", "7",
                "--bytes", TenMegabytes.ToString(), "--timeout", "170");
            Assert.True(echo.ExitCode == 0, echo.Describe() + "\n" + guest.Describe());

            network.RunWrapped("bash", "-c", "printf osv:exit > /dev/udp/" + guestAddress + "/7");
            Assert.True(guest.WaitForExit(TimeSpan.FromSeconds(30)) == 0, "no clean exit:\n" + guest.Describe());
        }


    }
}
