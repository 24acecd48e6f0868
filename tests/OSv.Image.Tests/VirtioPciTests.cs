// Boots the VirtioPci image under microvm with a PCIe host bridge: the bus is enumerated through
// the ECAM window the DSDT names, BARs are placed in the bridge's 32-bit window, the virtio
// capabilities are parsed, and both queues carry an ARP exchange with the gateway, signalled once
// by MSI-X and once by the INTx line routed from the bridge's _PRT.
using System;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class VirtioPciTests
    {
        private const int AllChecksPassedExitCode = 42;

        private static readonly Lazy<CommandResult> BootMsix = new(() => Repository.Osv("run", Images.VirtioPci, "--net", "user", "--virtio", "pci", "--timeout", "60"));
        private static readonly Lazy<CommandResult> BootIntx = new(() => Repository.Osv("run", Images.VirtioPci, "--net", "user", "--virtio", "pci", "--timeout", "60", "--", "intx"));

        private static CommandResult Boot(string interrupt) => interrupt == "msix" ? BootMsix.Value : BootIntx.Value;

        public static TheoryData<string, string> Checks()
        {
            var data = new TheoryData<string, string>();
            string[] common =
            {
                "pci.virtio.found", "pci.virtio.net.found", "pci.virtio.reset", "pci.virtio.features.version1", "pci.virtio.features.mac",
                "pci.virtio.config.generation.stable", "pci.virtio.net.mac", "pci.virtio.features.ok", "pci.virtio.queues.enabled",
                "pci.virtio.driver.ok", "pci.virtio.tx.added", "pci.virtio.tx.completed", "pci.virtio.rx.arp.reply",
            };
            foreach (string check in common)
            {
                data.Add("msix", check);
                data.Add("intx", check);
            }
            foreach (string check in new[] { "pci.msix.handler.installed", "pci.msix.enabled", "pci.msix.config.vector", "pci.msix.interrupts.delivered" })
                data.Add("msix", check);
            foreach (string check in new[] { "pci.intx.route.known", "pci.intx.routed", "pci.intx.interrupts.delivered" })
                data.Add("intx", check);
            return data;
        }

        [Theory]
        [MemberData(nameof(Checks))]
        public void Check_Passes(string interrupt, string check)
        {
            Assert.True(Boot(interrupt).Lines.Contains("PASS " + check), "no 'PASS " + check + "' (" + interrupt + "):\n" + Boot(interrupt).Describe());
        }

        [Theory]
        [InlineData("msix")]
        [InlineData("intx")]
        public void Guest_ReportsNoFailuresAndExits42(string interrupt)
        {
            Assert.DoesNotContain(Boot(interrupt).Lines, line => line.StartsWith("FAIL", StringComparison.Ordinal));
            Assert.True(Boot(interrupt).ExitCode == AllChecksPassedExitCode, Boot(interrupt).Describe());
        }
    }
}
