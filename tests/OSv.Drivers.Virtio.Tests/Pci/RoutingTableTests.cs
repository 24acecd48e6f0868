// Line interrupt routes from the host bridge's _PRT (PciRoutingTable) and interrupt link _CRS
// (ResourceTemplate.TryParseInterrupt): QEMU's microvm table, then crafted and broken ones.
using System;
using OSv.Drivers.Virtio.Pci;
using Xunit;
using static OSv.Drivers.Virtio.Tests.Pci.Aml;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    public sealed class RoutingTableTests
    {
        private static readonly byte[] Resources = Cat(WordBusNumber(0, 0xFF), DWordMemory(0xC000_0000, 0xDFFF_FFFF), EndTag);

        // Interrupt(ResourceConsumer, Level, ActiveHigh, Exclusive) { gsi } (6.4.3.6).
        private static byte[] ExtendedInterrupt(uint gsi, byte flags = 0x01) =>
            Cat(new byte[] { 0x89, 0x06, 0x00, flags, 0x01 }, BitConverter.GetBytes(gsi), EndTag);

        private static byte[] RouteEntry(uint slot, byte pin, byte[] source, uint index) =>
            Packaged(new byte[] { 0x12 }, Cat(new byte[] { 4 }, Integer((slot << 16) | 0xFFFF), Integer(pin), source, Integer(index)));

        private static byte[] Prt(params byte[][] entries) =>
            Name("_PRT", Packaged(new byte[] { 0x12 }, Cat(new[] { (byte)entries.Length }, Cat(entries))));

        private static PciFault Resolve(byte[] dsdt, out PciHostBridge bridge) => PciHostBridges.TryResolve(Array.Empty<byte>(), dsdt, out bridge);

        [Theory]
        [InlineData(0, 1, 16u)]
        [InlineData(1, 1, 17u)]
        [InlineData(1, 4, 16u)]
        [InlineData(3, 4, 18u)]
        [InlineData(31, 2, 16u)]
        public void MicrovmDsdt_SlotAndPinToGsi(int slot, int pin, uint gsi)
        {
            Resolve(AcpiTables.MicrovmPcieDsdt, out PciHostBridge bridge);

            Assert.True(bridge.RoutingFault.IsNone, bridge.RoutingFault.ToString());
            PciInterruptRoute route = bridge.Routing!.Find(slot, pin);
            Assert.True(route.IsPresent);
            Assert.Equal(gsi, route.Gsi);
            Assert.True(route.LevelTriggered);
            Assert.False(route.ActiveLow);
        }

        [Fact]
        public void NoInterruptPin_NoRoute()
        {
            Resolve(AcpiTables.MicrovmPcieDsdt, out PciHostBridge bridge);

            Assert.False(bridge.Routing!.Find(1, 0).IsPresent);
            Assert.False(bridge.Routing!.Find(1, 5).IsPresent);
        }

        [Fact]
        public void HardwiredSource_IndexIsGsiLevelActiveLow()
        {
            byte[] dsdt = Dsdt(HostBridge("PCI0", 0xE000_0000, Resources, Prt(RouteEntry(2, 0, Integer(0), 22))));

            Resolve(dsdt, out PciHostBridge bridge);

            PciInterruptRoute route = bridge.Routing!.Find(2, 1);
            Assert.Equal((true, 22u, true, true), (route.IsPresent, route.Gsi, route.LevelTriggered, route.ActiveLow));
        }

        [Fact]
        public void LinkWithIrqDescriptor_LowestMaskBitAndFlags()
        {
            byte[] link = Device("LNKA", Name("_HID", EisaId("PNP0C0F")), Name("_CRS", Buffer(Cat(new byte[] { 0x23, 0x00, 0x0C, 0x18 }, EndTag)))); // IRQ 10/11, level, active low, shared
            byte[] dsdt = Dsdt(link, HostBridge("PCI0", 0xE000_0000, Resources, Prt(RouteEntry(4, 0, NameSeg("LNKA"), 0))));

            Resolve(dsdt, out PciHostBridge bridge);

            PciInterruptRoute route = bridge.Routing!.Find(4, 1);
            Assert.Equal((10u, true, true), (route.Gsi, route.LevelTriggered, route.ActiveLow));
        }

        [Fact]
        public void EdgeActiveLowExtendedInterrupt_FlagsDecoded()
        {
            byte[] link = Device("GSIX", Name("_CRS", Buffer(ExtendedInterrupt(40, flags: 0x01 | 0x02 | 0x04))));
            byte[] dsdt = Dsdt(HostBridge("PCI0", 0xE000_0000, Resources, Prt(RouteEntry(5, 2, NameSeg("GSIX"), 0)), link));

            Resolve(dsdt, out PciHostBridge bridge);

            PciInterruptRoute route = bridge.Routing!.Find(5, 3);
            Assert.Equal((40u, false, true), (route.Gsi, route.LevelTriggered, route.ActiveLow));
        }

        [Fact]
        public void UnknownLink_Named()
        {
            byte[] dsdt = Dsdt(HostBridge("PCI0", 0xE000_0000, Resources, Prt(RouteEntry(4, 0, NameSeg("NONE"), 0))));

            Resolve(dsdt, out PciHostBridge bridge);

            Assert.Null(bridge.Routing);
            Assert.Equal(PciError.InterruptLinkNotFound, bridge.RoutingFault.Error);
        }

        [Fact]
        public void ElementNotAFourPackage_Refused()
        {
            byte[] bad = Packaged(new byte[] { 0x12 }, Cat(new byte[] { 3 }, Integer(0xFFFF), Integer(0), Integer(16)));
            byte[] dsdt = Dsdt(HostBridge("PCI0", 0xE000_0000, Resources, Prt(bad)));

            Resolve(dsdt, out PciHostBridge bridge);

            Assert.Equal(PciError.AmlUnsupportedOpcode, bridge.RoutingFault.Error);
        }

        [Fact]
        public void ElementLengthPastTable_Refused()
        {
            byte[] entry = RouteEntry(2, 0, Integer(0), 22);
            entry[1] = 0x3F; // claims more than the _PRT package holds
            byte[] dsdt = Dsdt(HostBridge("PCI0", 0xE000_0000, Resources, Prt(entry)));

            Resolve(dsdt, out PciHostBridge bridge);

            Assert.Equal(PciError.AmlBadPackageLength, bridge.RoutingFault.Error);
        }

        [Fact]
        public void NoPrt_RoutingFaultNamed_BridgeStillUsable()
        {
            byte[] dsdt = Dsdt(HostBridge("PCI0", 0xE000_0000, Resources));

            PciFault fault = Resolve(dsdt, out PciHostBridge bridge);

            Assert.True(fault.IsNone);
            Assert.False(bridge.Mmio32.IsEmpty);
            Assert.Equal(PciError.HostBridgeNoRoutingTable, bridge.RoutingFault.Error);
        }

        [Fact]
        public void SlotOutOfRangeAndSpecificFunction_Ignored()
        {
            byte[] specific = Packaged(new byte[] { 0x12 }, Cat(new byte[] { 4 }, Integer(0x0003_0001), Integer(0), Integer(0), Integer(30)));
            byte[] dsdt = Dsdt(HostBridge("PCI0", 0xE000_0000, Resources, Prt(RouteEntry(40, 0, Integer(0), 31), specific)));

            Resolve(dsdt, out PciHostBridge bridge);

            Assert.True(bridge.RoutingFault.IsNone);
            Assert.False(bridge.Routing!.Find(3, 1).IsPresent);
        }

        [Fact]
        public void InterruptDescriptorMissing_Malformed()
        {
            Assert.Equal(PciError.ResourceTemplateMalformed, ResourceTemplate.TryParseInterrupt(Cat(DWordMemory(0, 0xFFF), EndTag), out _).Error);
        }

        [Fact]
        public void ExtendedInterruptWithNoNumbers_Malformed()
        {
            Assert.Equal(PciError.ResourceTemplateMalformed, ResourceTemplate.TryParseInterrupt(new byte[] { 0x89, 0x02, 0x00, 0x01, 0x00, 0x79, 0x00 }, out _).Error);
        }
    }
}
