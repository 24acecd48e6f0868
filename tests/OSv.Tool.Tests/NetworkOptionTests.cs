// --net user|tap|udp / --virtio / --forward / --mac: the QEMU words for one virtio-net NIC on each
// backend and transport, and the [udp:]HOST:GUEST, tap:IFNAME and MAC syntaxes.
using System.Collections.Generic;
using OSv.Tool;
using Xunit;

namespace OSv.Tool.Tests
{
    public class NetworkOptionTests
    {
        private static readonly AcceleratorChoice Tcg = Accelerator.Choose(AcceleratorRequest.Tcg, "", kvmUsable: false);

        private static List<string> Build(NetworkSettings? network, VirtioTransportKind transport = VirtioTransportKind.Mmio, bool rng = false) =>
            QemuCommand.BuildArguments(new QemuOptions("/images/App.elf", Tcg, "128M", 1, null, "--", network, transport, rng));

        [Fact]
        public void NoNetwork_DisablesQemuDefaultNic()
        {
            List<string> arguments = Build(null);
            Assert.Contains("none", arguments);
            Assert.DoesNotContain("-netdev", arguments);
        }

        [Fact]
        public void UserNetworkOnMmio_AddsModernVirtioMmioNic()
        {
            List<string> arguments = Build(new NetworkSettings(new PortForward[0]));
            Assert.Equal("microvm", arguments[arguments.IndexOf("-M") + 1]);
            Assert.Equal("user,id=net0", arguments[arguments.IndexOf("-netdev") + 1]);
            Assert.Contains("virtio-mmio.force-legacy=false", arguments);
            Assert.Contains("virtio-net-device,netdev=net0", arguments);
            Assert.DoesNotContain("-net", arguments);
        }

        [Fact]
        public void UserNetworkOnPci_AddsPcieBridgeAndModernPciNic()
        {
            List<string> arguments = Build(new NetworkSettings(new PortForward[0]), VirtioTransportKind.Pci);
            Assert.Equal("microvm,pcie=on", arguments[arguments.IndexOf("-M") + 1]);
            Assert.Contains("virtio-net-pci,netdev=net0,disable-legacy=on,romfile=", arguments);
        }

        [Fact]
        public void Forwards_BecomeHostfwdOnLoopback()
        {
            var network = new NetworkSettings(new[] { new PortForward(11211, 11211), new PortForward(8080, 80) });
            Assert.Equal("user,id=net0,hostfwd=tcp:127.0.0.1:11211-:11211,hostfwd=tcp:127.0.0.1:8080-:80",
                Build(network)[Build(network).IndexOf("-netdev") + 1]);
        }

        [Fact]
        public void EntropyDeviceOnMmio_SharesTheModernMmioSwitch()
        {
            List<string> arguments = Build(new NetworkSettings(new PortForward[0]), rng: true);
            Assert.Contains("virtio-rng-device,rng=rng0", arguments);
            Assert.Contains("rng-random,id=rng0,filename=/dev/urandom", arguments);
            Assert.Single(arguments, word => word == "virtio-mmio.force-legacy=false");
        }

        [Fact]
        public void EntropyDeviceOnPci_IsModernPciFunction()
        {
            Assert.Contains("virtio-rng-pci,rng=rng0,disable-legacy=on", Build(null, VirtioTransportKind.Pci, rng: true));
        }

        [Fact]
        public void Q35_UsesPciDevicesWhateverTransportWasAsked()
        {
            List<string> arguments = QemuCommand.BuildArguments(new QemuOptions("/images/App.elf", Tcg, "128M", 1, null, "--",
                new NetworkSettings(new PortForward[0]), VirtioTransportKind.Mmio, EntropyDevice: true, Machine: MachineKind.Q35));
            Assert.Equal("q35", arguments[arguments.IndexOf("-M") + 1]);
            Assert.Contains("virtio-net-pci,netdev=net0,disable-legacy=on,romfile=", arguments);
            Assert.Contains("virtio-rng-pci,rng=rng0,disable-legacy=on", arguments);
            Assert.DoesNotContain("virtio-mmio.force-legacy=false", arguments);
        }

        [Fact]
        public void UdpLink_CarriesFramesBetweenLoopbackPorts()
        {
            List<string> arguments = Build(new NetworkSettings(new PortForward[0], new UdpLink(5555, 5556)));
            Assert.Equal("socket,id=net0,udp=127.0.0.1:5556,localaddr=127.0.0.1:5555", arguments[arguments.IndexOf("-netdev") + 1]);
            Assert.Contains("virtio-net-device,netdev=net0", arguments);
        }

        [Fact]
        public void Tap_OpensExistingDeviceWithoutScriptsOrVhost()
        {
            List<string> arguments = Build(new NetworkSettings(new PortForward[0], TapName: "osvtap0"));
            Assert.Equal("tap,id=net0,ifname=osvtap0,script=no,downscript=no,vhost=off", arguments[arguments.IndexOf("-netdev") + 1]);
            Assert.Contains("virtio-net-device,netdev=net0", arguments);
        }

        [Fact]
        public void TapOnPci_UsesModernPciNic()
        {
            List<string> arguments = Build(new NetworkSettings(new PortForward[0], TapName: "osvtap0"), VirtioTransportKind.Pci);
            Assert.Equal("tap,id=net0,ifname=osvtap0,script=no,downscript=no,vhost=off", arguments[arguments.IndexOf("-netdev") + 1]);
            Assert.Contains("virtio-net-pci,netdev=net0,disable-legacy=on,romfile=", arguments);
        }

        [Fact]
        public void MacOnMmio_IsAPropertyOfTheNic()
        {
            List<string> arguments = Build(new NetworkSettings(new PortForward[0], TapName: "osvtap0", Mac: "52:54:00:ab:cd:ef"));
            Assert.Contains("virtio-net-device,netdev=net0,mac=52:54:00:ab:cd:ef", arguments);
        }

        [Fact]
        public void MacOnPci_FollowsTheRomfileSwitch()
        {
            List<string> arguments = Build(new NetworkSettings(new PortForward[0], Mac: "02:00:00:00:00:01"), VirtioTransportKind.Pci);
            Assert.Contains("virtio-net-pci,netdev=net0,disable-legacy=on,romfile=,mac=02:00:00:00:00:01", arguments);
        }

        [Fact]
        public void UdpForward_BecomesUdpHostfwd()
        {
            var network = new NetworkSettings(new[] { new PortForward(5353, 53, ForwardProtocol.Udp), new PortForward(8080, 80) });
            List<string> arguments = Build(network);
            Assert.Equal("user,id=net0,hostfwd=udp:127.0.0.1:5353-:53,hostfwd=tcp:127.0.0.1:8080-:80", arguments[arguments.IndexOf("-netdev") + 1]);
        }

        [Theory]
        [InlineData("tap:osvtap0", "osvtap0")]
        [InlineData("tap:a", "a")]
        [InlineData("tap:osv-tap_1.x", "osv-tap_1.x")]
        [InlineData("tap:abcdefghijklmno", "abcdefghijklmno")]
        public void ParseTapName_Valid(string word, string name)
        {
            Assert.Equal(name, RunOptions.ParseTapName(word));
        }

        [Theory]
        [InlineData("tap:")]
        [InlineData("tap:abcdefghijklmnop")]
        [InlineData("tap:a,b")]
        [InlineData("tap:a b")]
        [InlineData("tap:a/b")]
        [InlineData("tap:.")]
        [InlineData("tap:..")]
        [InlineData("tap:t\u00e4p")]
        [InlineData("osvtap0")]
        [InlineData("user")]
        public void ParseTapName_Malformed_IsNull(string word)
        {
            Assert.Null(RunOptions.ParseTapName(word));
        }

        [Fact]
        public void ParseMac_Valid_GivesOctets()
        {
            Assert.Equal(new byte[] { 0x52, 0x54, 0x00, 0xAB, 0xcd, 0xEF }, RunOptions.ParseMac("52:54:00:AB:cd:EF"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("52:54:00:12:34")]
        [InlineData("52:54:00:12:34:56:78")]
        [InlineData("52-54-00-12-34-56")]
        [InlineData("5:54:00:12:34:56")]
        [InlineData("525:54:00:12:34:56")]
        [InlineData("g2:54:00:12:34:56")]
        [InlineData("+2:54:00:12:34:56")]
        [InlineData("52:54:00:12:34:")]
        public void ParseMac_Malformed_IsNull(string word)
        {
            Assert.Null(RunOptions.ParseMac(word));
        }

        [Theory]
        [InlineData("udp:5353:53", 5353, 53, true)]
        [InlineData("tcp:8080:80", 8080, 80, false)]
        [InlineData("8080:80", 8080, 80, false)]
        public void ParsePortForward_Protocol(string word, int host, int guest, bool udp)
        {
            Assert.Equal(new PortForward(host, guest, udp ? ForwardProtocol.Udp : ForwardProtocol.Tcp), RunOptions.ParsePortForward(word));
        }

        [Theory]
        [InlineData("udp:5555:5556", 5555, 5556)]
        public void ParseUdpLink_Valid(string word, int local, int remote)
        {
            Assert.Equal(new UdpLink(local, remote), RunOptions.ParseUdpLink(word));
        }

        [Theory]
        [InlineData("udp:")]
        [InlineData("udp:5555")]
        [InlineData("tcp:1:2")]
        [InlineData("udp:0:1")]
        [InlineData("user")]
        [InlineData("udp:udp:1:2")]
        public void ParseUdpLink_Malformed_IsNull(string word)
        {
            Assert.Null(RunOptions.ParseUdpLink(word));
        }

        [Theory]
        [InlineData("8080:80", 8080, 80)]
        [InlineData("1:65535", 1, 65535)]
        public void ParsePortForward_Valid(string word, int host, int guest)
        {
            Assert.Equal(new PortForward(host, guest), RunOptions.ParsePortForward(word));
        }

        [Theory]
        [InlineData("")]
        [InlineData("80")]
        [InlineData(":80")]
        [InlineData("80:")]
        [InlineData("0:80")]
        [InlineData("80:65536")]
        [InlineData("a:b")]
        [InlineData("-1:80")]
        [InlineData("udp:")]
        [InlineData("udp:53")]
        [InlineData("udp:0:53")]
        [InlineData("sctp:1:2")]
        [InlineData("udp:tcp:1:2")]
        [InlineData("UDP:1:2")]
        public void ParsePortForward_Malformed_IsNull(string word)
        {
            Assert.Null(RunOptions.ParsePortForward(word));
        }
    }
}
