// Boots the VirtioNet image with a virtio-net NIC on QEMU's user-mode network (slirp, a peer
// nobody here wrote): the device is found through ACPI, negotiated and started; the gateway
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

        public static TheoryData<string, string[]> Features() => new()
        {
            { "devices found through ACPI", new[] { "virtio.devices.probed" } },
            { "device started (features, queues, DRIVER_OK)", new[] { "virtio.net.started", "virtio.net.link.up" } },
            { "MAC address read from the device configuration", new[] { "virtio.net.mac" } },
            { "ARP request answered by the gateway", new[] { "virtio.net.arp.sent", "virtio.net.arp.reply.from.gateway" } },
            { "DHCP discover answered with an offer", new[] { "virtio.net.dhcp.discover.sent", "virtio.net.dhcp.offer", "virtio.net.dhcp.offer.address" } },
            { "receive interrupts through the I/O APIC", new[] { "virtio.net.interrupts.delivered" } },
            { "a classifier claims frames before the default path", new[] { "virtio.net.classifier.claims.frames" } },
            { "virtio-rng gives entropy", new[] { "virtio.rng.started", "virtio.rng.read.full", "virtio.rng.reads.differ" } },
        };

        [Theory]
        [MemberData(nameof(Features))]
        public void Mmio_Feature_AllChecksPass(string feature, string[] checks)
        {
            foreach (string check in checks)
                Assert.True(BootMmio.Value.Lines.Contains("PASS " + check), feature + ": no 'PASS " + check + "':\n" + BootMmio.Value.Describe());
        }

        [Fact]
        public void Mmio_Guest_ReportsNoFailuresAndExits42()
        {
            Assert.DoesNotContain(BootMmio.Value.Lines, line => line.StartsWith("FAIL", StringComparison.Ordinal));
            Assert.True(BootMmio.Value.ExitCode == AllChecksPassedExitCode, BootMmio.Value.Describe());
        }

        [Fact]
        public void Mmio_BootLog_ListsDevicesAndBindings()
        {
            Assert.Contains(BootMmio.Value.Lines, line => line.StartsWith("virtio: network device at mmio 0x", StringComparison.Ordinal));
            Assert.Contains(BootMmio.Value.Lines, line => line.StartsWith("virtio: entropy source at mmio 0x", StringComparison.Ordinal));
            Assert.Contains(BootMmio.Value.Lines, line => line.StartsWith("virtio-net: mmio 0x", StringComparison.Ordinal) && line.Contains("bound, mac 52:54:00:12:34:56", StringComparison.Ordinal));
        }
    }
}
