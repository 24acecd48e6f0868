// Boots the VirtioNet image with a virtio-net NIC on QEMU's user-mode network (slirp, a peer
// nobody here wrote), on virtio-mmio, on PCI under microvm,pcie=on (BARs placed by us) and on q35
// (SeaBIOS places them, MCFG names the ECAM window, legacy PICs masked): the device is found
// through ACPI (and the PCI host bridge), negotiated and started; the gateway
// answers our ARP request and the DHCP server our discover. A virtio-rng device gives entropy.
using System;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class VirtioNetTests
    {
        private const int AllChecksPassedExitCode = 42;

        private static readonly Lazy<CommandResult> BootMmio = new(() => Repository.Osv("run", Images.VirtioNet, "--net", "user", "--rng", "--virtio", "mmio", "--timeout", "60"));
        private static readonly Lazy<CommandResult> BootPci = new(() => Repository.Osv("run", Images.VirtioNet, "--net", "user", "--rng", "--virtio", "pci", "--timeout", "60"));

        private static readonly Lazy<CommandResult> BootQ35 = new(() => Repository.Osv("run", Images.VirtioNet, "--net", "user", "--rng", "--machine", "q35", "--timeout", "60"));

        private static CommandResult Boot(string transport) => transport switch
        {
            "mmio" => BootMmio.Value,
            "pci" => BootPci.Value,
            _ => BootQ35.Value,
        };

        private static readonly (string Feature, string[] Checks)[] FeatureChecks =
        {
            ("devices found through ACPI", new[] { "virtio.devices.probed" }),
            ("device started (features, queues, DRIVER_OK)", new[] { "virtio.net.started", "virtio.net.link.up" }),
            ("MAC address read from the device configuration", new[] { "virtio.net.mac" }),
            ("ARP request answered by the gateway", new[] { "virtio.net.arp.sent", "virtio.net.arp.reply.from.gateway" }),
            ("DHCP discover answered with an offer", new[] { "virtio.net.dhcp.discover.sent", "virtio.net.dhcp.offer", "virtio.net.dhcp.offer.address" }),
            ("receive interrupts through the I/O APIC", new[] { "virtio.net.interrupts.delivered" }),
            ("a classifier claims frames before the default path", new[] { "virtio.net.classifier.claims.frames" }),
            ("virtio-rng gives entropy", new[] { "virtio.rng.started", "virtio.rng.read.full", "virtio.rng.reads.differ" }),
        };

        public static TheoryData<string, string, string[]> Features()
        {
            var data = new TheoryData<string, string, string[]>();
            foreach (string transport in new[] { "mmio", "pci", "q35" })
            {
                foreach (var (feature, checks) in FeatureChecks)
                    data.Add(transport, feature, checks);
            }
            return data;
        }

        [Theory]
        [MemberData(nameof(Features))]
        public void Feature_AllChecksPass(string transport, string feature, string[] checks)
        {
            foreach (string check in checks)
                Assert.True(Boot(transport).Lines.Contains("PASS " + check), feature + " (" + transport + "): no 'PASS " + check + "':\n" + Boot(transport).Describe());
        }

        [Theory]
        [InlineData("mmio")]
        [InlineData("pci")]
        [InlineData("q35")]
        public void Guest_ReportsNoFailuresAndExits42(string transport)
        {
            Assert.DoesNotContain(Boot(transport).Lines, line => line.StartsWith("FAIL", StringComparison.Ordinal));
            Assert.True(Boot(transport).ExitCode == AllChecksPassedExitCode, Boot(transport).Describe());
        }

        [Fact]
        public void Pci_BootLog_ListsDevicesAndBindings()
        {
            Assert.Contains(BootPci.Value.Lines, line => line.StartsWith("virtio: network device at pci ", StringComparison.Ordinal));
            Assert.Contains(BootPci.Value.Lines, line => line.StartsWith("virtio: entropy source at pci ", StringComparison.Ordinal));
            Assert.Contains(BootPci.Value.Lines, line => line.StartsWith("virtio-net: pci ", StringComparison.Ordinal) && line.EndsWith(", msi-x", StringComparison.Ordinal));
        }

        [Fact]
        public void Mmio_BootLog_ListsDevicesAndBindings()
        {
            Assert.Contains(BootMmio.Value.Lines, line => line.StartsWith("virtio: network device at mmio 0x", StringComparison.Ordinal));
            Assert.Contains(BootMmio.Value.Lines, line => line.StartsWith("virtio: entropy source at mmio 0x", StringComparison.Ordinal));
            Assert.Contains(BootMmio.Value.Lines, line => line.StartsWith("virtio-net: mmio 0x", StringComparison.Ordinal) && line.Contains("bound, mac 52:54:00:12:34:56", StringComparison.Ordinal) && line.EndsWith(", line interrupt", StringComparison.Ordinal));
        }
    }
}
