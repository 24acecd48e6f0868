// --net user / --virtio / --forward: the QEMU words for one virtio-net NIC on the user-mode
// network, on either transport, and the HOST:GUEST port syntax.
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
        public void ParsePortForward_Malformed_IsNull(string word)
        {
            Assert.Null(RunOptions.ParsePortForward(word));
        }
    }
}
