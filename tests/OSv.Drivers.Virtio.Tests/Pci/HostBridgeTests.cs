// Finding the PCI host bridge from firmware tables (PciHostBridges, HostBridgeAml,
// ResourceTemplate, Mcfg): QEMU's real microvm DSDT, then crafted and broken tables. Every
// malformed input must end in a named error, never an exception or a read past the table.
using System;
using OSv.Drivers.Virtio.Pci;
using Xunit;
using static OSv.Drivers.Virtio.Tests.Pci.Aml;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    public sealed class HostBridgeTests
    {
        private static readonly byte[] StandardResources = Cat(
            WordBusNumber(0, 0xFF),
            DWordMemory(0xC000_0000, 0xDFFF_FFFF),
            QWordMemory(0xC0_0000_0000, 0xFF_FFFF_FFFF),
            EndTag);

        private static PciFault Resolve(byte[] mcfg, byte[] dsdt, out PciHostBridge bridge) =>
            PciHostBridges.TryResolve(mcfg, dsdt, out bridge);

        [Fact]
        public void MicrovmDsdt_NoMcfg_EcamFromCbaAndWindowsFromCrs()
        {
            PciFault fault = Resolve(Array.Empty<byte>(), AcpiTables.MicrovmPcieDsdt, out PciHostBridge bridge);

            Assert.True(fault.IsNone, fault.ToString());
            Assert.False(bridge.EcamFromMcfg);
            Assert.Equal(AcpiTables.MicrovmEcamBase, bridge.Ecam.BaseAddress);
            Assert.Equal(0, bridge.Ecam.BusStart);
            Assert.Equal(255, bridge.Ecam.BusEnd);
            Assert.Equal(AcpiTables.MicrovmMmio32Base, bridge.Mmio32.Base);
            Assert.Equal(AcpiTables.MicrovmMmio32Bytes, bridge.Mmio32.SizeBytes);
            Assert.Equal(AcpiTables.MicrovmMmio64Base, bridge.Mmio64.Base);
            Assert.Equal(AcpiTables.MicrovmMmio64Bytes, bridge.Mmio64.SizeBytes);
            Assert.True(bridge.WindowFault.IsNone);
        }

        [Fact]
        public void MicrovmDsdt_NestedDevicesCrsIgnored_BridgeOwnCrsUsed()
        {
            // The DSDT's PCI0 contains GSI0-3 link devices and RES0, each with its own _CRS
            // (interrupts; the ECAM reservation): none of them may be mistaken for PCI0's.
            HostBridgeAml.TryFind(AcpiTables.MicrovmPcieDsdt, out HostBridgeInfo info);
            ResourceTemplate.TryParseBridge(AcpiTables.MicrovmPcieDsdt.AsSpan(info.ResourcesOffset, info.ResourcesLength), out BridgeResources resources);

            Assert.True(resources.HasBusRange);
            Assert.Equal(0xC000_0000UL, resources.Mmio32.Base);
        }

        [Fact]
        public void Mcfg_Present_WinsOverCba()
        {
            byte[] mcfg = AcpiTables.Mcfg((0xB000_0000, 0, 0, 0x3F));

            PciFault fault = Resolve(mcfg, AcpiTables.MicrovmPcieDsdt, out PciHostBridge bridge);

            Assert.True(fault.IsNone, fault.ToString());
            Assert.True(bridge.EcamFromMcfg);
            Assert.Equal(0xB000_0000UL, bridge.Ecam.BaseAddress);
            Assert.Equal(0x3F, bridge.Ecam.BusEnd);
            Assert.Equal(AcpiTables.MicrovmMmio32Base, bridge.Mmio32.Base);
        }

        [Fact]
        public void Mcfg_OnlyOtherSegments_Rejected()
        {
            byte[] mcfg = AcpiTables.Mcfg((0xB000_0000, 1, 0, 0xFF));

            Assert.Equal(PciError.McfgNoSegmentZero, Resolve(mcfg, Array.Empty<byte>(), out _).Error);
        }

        [Fact]
        public void Mcfg_EndBusBeforeStart_Rejected()
        {
            byte[] mcfg = AcpiTables.Mcfg((0xB000_0000, 0, 9, 3));

            Assert.Equal(PciError.McfgBadBusRange, Resolve(mcfg, Array.Empty<byte>(), out _).Error);
        }

        [Fact]
        public void Mcfg_EcamAbove4GiB_Rejected()
        {
            byte[] mcfg = AcpiTables.Mcfg((0x1_0000_0000, 0, 0, 0xFF));

            Assert.Equal(PciError.EcamAboveMappedRange, Resolve(mcfg, Array.Empty<byte>(), out _).Error);
        }

        [Fact]
        public void Mcfg_BaseNearTopOfAddressSpace_RejectedWithoutWrapping()
        {
            byte[] mcfg = AcpiTables.Mcfg((0xFFFF_FFFF_FFF0_0000, 0, 0, 0xFF));

            Assert.Equal(PciError.EcamAboveMappedRange, Resolve(mcfg, Array.Empty<byte>(), out _).Error);
        }

        [Fact]
        public void Mcfg_WithoutDsdt_EcamOnlyAndWindowFaultSaysWhy()
        {
            byte[] mcfg = AcpiTables.Mcfg((0xB000_0000, 0, 0, 0xFF));

            PciFault fault = Resolve(mcfg, Array.Empty<byte>(), out PciHostBridge bridge);

            Assert.True(fault.IsNone);
            Assert.True(bridge.Mmio32.IsEmpty);
            Assert.Equal(PciError.HostBridgeNotFound, bridge.WindowFault.Error);
        }

        [Fact]
        public void Dsdt_BadChecksum_Rejected()
        {
            byte[] dsdt = AcpiTables.MicrovmPcieDsdt;
            dsdt[100] ^= 0x01;

            Assert.Equal(PciError.TableBadChecksum, Resolve(Array.Empty<byte>(), dsdt, out _).Error);
        }

        [Fact]
        public void Dsdt_LengthFieldPastBytes_Rejected()
        {
            byte[] dsdt = AcpiTables.MicrovmPcieDsdt;

            Assert.Equal(PciError.TableTruncated, Resolve(Array.Empty<byte>(), dsdt.AsSpan(0, dsdt.Length - 1).ToArray(), out _).Error);
        }

        [Fact]
        public void CraftedDsdt_EisaIdHidAndNameCba_Found()
        {
            byte[] dsdt = Dsdt(Device("PCI0",
                Name("_HID", EisaId("PNP0A08")),
                Name("_CBA", Integer(0xE000_0000)),
                Name("_CRS", Buffer(StandardResources))));

            PciFault fault = Resolve(Array.Empty<byte>(), dsdt, out PciHostBridge bridge);

            Assert.True(fault.IsNone, fault.ToString());
            Assert.Equal(0xE000_0000UL, bridge.Ecam.BaseAddress);
            Assert.Equal(0xC000_0000UL, bridge.Mmio32.Base);
        }

        [Fact]
        public void CraftedDsdt_OtherDevicesAndRegionsBefore_Skipped()
        {
            byte[] dsdt = Dsdt(
                Device("COM1", Name("_HID", EisaId("PNP0501")), Name("_CRS", Buffer(Cat(new byte[] { 0x47, 1, 0xF8, 3, 0xF8, 3, 0, 8 }, EndTag)))),
                Device("GED_", Name("_HID", String("ACPI0013")), OperationRegion("EREG", 0, 0xFEA0_0000, 4), Field("EREG", 0x01, 0x45, 0x53, 0x45, 0x4C, 0x08)),
                HostBridge("PCI0", 0xE000_0000, StandardResources));

            PciFault fault = Resolve(Array.Empty<byte>(), dsdt, out PciHostBridge bridge);

            Assert.True(fault.IsNone, fault.ToString());
            Assert.Equal(0xC000_0000UL, bridge.Mmio32.Base);
        }

        [Fact]
        public void CraftedDsdt_SegmentOneBridgeFirst_SegmentZeroChosen()
        {
            byte[] dsdt = Dsdt(
                Device("PCI1", Name("_HID", EisaId("PNP0A08")), Name("_SEG", Integer(1)),
                    Name("_CBA", Integer(0xD000_0000)), Name("_CRS", Buffer(StandardResources))),
                HostBridge("PCI0", 0xE000_0000, StandardResources));

            Resolve(Array.Empty<byte>(), dsdt, out PciHostBridge bridge);

            Assert.Equal(0xE000_0000UL, bridge.Ecam.BaseAddress);
        }

        [Fact]
        public void CraftedDsdt_NoBridge_NotFound()
        {
            byte[] dsdt = Dsdt(Device("COM1", Name("_HID", EisaId("PNP0501"))));

            Assert.Equal(PciError.HostBridgeNotFound, Resolve(Array.Empty<byte>(), dsdt, out _).Error);
        }

        [Fact]
        public void CraftedDsdt_BridgeWithoutCbaAndNoMcfg_NoEcam()
        {
            byte[] dsdt = Dsdt(Device("PCI0", Name("_HID", EisaId("PNP0A03")), Name("_CRS", Buffer(StandardResources))));

            Assert.Equal(PciError.HostBridgeNoEcam, Resolve(Array.Empty<byte>(), dsdt, out _).Error);
        }

        [Fact]
        public void CraftedDsdt_UnknownOpcode_StopsWithOffset()
        {
            byte[] dsdt = Dsdt(new byte[] { 0x70, 0x01, 0x60 }, HostBridge("PCI0", 0xE000_0000, StandardResources)); // Store(One, Local0)

            PciFault fault = Resolve(Array.Empty<byte>(), dsdt, out _);

            Assert.Equal(PciError.AmlUnsupportedOpcode, fault.Error);
            Assert.Equal(0x70, dsdt[fault.Offset]);
        }

        [Fact]
        public void CraftedDsdt_DevicePackageLengthPastParent_Rejected()
        {
            byte[] device = Device("PCI0", Name("_HID", EisaId("PNP0A08")));
            device[2] = 0x3F; // one-byte PkgLength claiming 63 bytes, more than the scope holds
            byte[] dsdt = Dsdt(device);

            Assert.Equal(PciError.AmlBadPackageLength, Resolve(Array.Empty<byte>(), dsdt, out _).Error);
        }

        [Fact]
        public void CraftedDsdt_PackageLengthReservedBitsSet_Rejected()
        {
            byte[] scope = Scope("\\_SB_", Device("PCI0", Name("_HID", EisaId("PNP0A08"))));
            byte[] dsdt = AcpiTables.Table("DSDT", scope);
            dsdt[36 + 1] |= 0x40 | 0x10; // two-byte form with a reserved bit
            AcpiTables.FixChecksum(dsdt);

            Assert.Equal(PciError.AmlBadPackageLength, Resolve(Array.Empty<byte>(), dsdt, out _).Error);
        }

        [Fact]
        public void CraftedDsdt_BadNameCharacters_Rejected()
        {
            byte[] dsdt = Dsdt(Cat(new byte[] { 0x08 }, new byte[] { (byte)'1', (byte)'A', (byte)'B', (byte)'C' }, Integer(0)));

            Assert.Equal(PciError.AmlBadName, Resolve(Array.Empty<byte>(), dsdt, out _).Error);
        }

        [Fact]
        public void CraftedDsdt_NestedBeyondDepthLimit_Rejected()
        {
            byte[] inner = HostBridge("PCI0", 0xE000_0000, StandardResources);
            for (int i = 0; i < PciLimits.AmlDepthMax + 2; i++)
                inner = Device("D" + (i % 100).ToString("00"), inner);

            Assert.Equal(PciError.AmlTooDeep, Resolve(Array.Empty<byte>(), Dsdt(inner), out _).Error);
        }

        [Fact]
        public void CraftedDsdt_MethodCbaWithLogic_NotTakenAsConstant()
        {
            byte[] dsdt = Dsdt(Device("PCI0",
                Name("_HID", EisaId("PNP0A08")),
                Method("_CBA", 0, new byte[] { 0xA0, 0x03, 0x01, 0xA3 }, Return(Integer(0xE000_0000))), // If (One) { Noop } Return
                Name("_CRS", Buffer(StandardResources))));

            Assert.Equal(PciError.HostBridgeNoEcam, Resolve(Array.Empty<byte>(), dsdt, out _).Error);
        }

        [Fact]
        public void Resources_NoEndTag_Malformed()
        {
            byte[] template = Cat(WordBusNumber(0, 0xFF), DWordMemory(0xC000_0000, 0xDFFF_FFFF));

            Assert.Equal(PciError.ResourceTemplateMalformed, ResourceTemplate.TryParseBridge(template, out _).Error);
        }

        [Fact]
        public void Resources_DescriptorLengthPastTemplate_Malformed()
        {
            byte[] template = Cat(DWordMemory(0xC000_0000, 0xDFFF_FFFF), EndTag);
            template[1] = 0xF0; // length 240

            Assert.Equal(PciError.ResourceTemplateMalformed, ResourceTemplate.TryParseBridge(template, out _).Error);
        }

        [Fact]
        public void Resources_DescriptorShorterThanItsFields_Malformed()
        {
            byte[] template = Cat(new byte[] { 0x87, 0x05, 0x00, 0, 0, 0, 0, 0 }, EndTag);

            Assert.Equal(PciError.ResourceTemplateMalformed, ResourceTemplate.TryParseBridge(template, out _).Error);
        }

        [Fact]
        public void Resources_MaximumBelowMinimum_Malformed()
        {
            byte[] template = Cat(DWordMemory(0xD000_0000, 0xC000_0000, length: 0), EndTag);

            Assert.Equal(PciError.ResourceTemplateMalformed, ResourceTemplate.TryParseBridge(template, out _).Error);
        }

        [Fact]
        public void Resources_LengthDisagreesWithRange_Malformed()
        {
            byte[] template = Cat(DWordMemory(0xC000_0000, 0xDFFF_FFFF, length: 0x1000), EndTag);

            Assert.Equal(PciError.ResourceTemplateMalformed, ResourceTemplate.TryParseBridge(template, out _).Error);
        }

        [Fact]
        public void Resources_TranslatedWindow_Refused()
        {
            byte[] template = Cat(DWordMemory(0xC000_0000, 0xDFFF_FFFF, translation: 0x1000_0000), EndTag);

            Assert.Equal(PciError.ResourceTranslationUnsupported, ResourceTemplate.TryParseBridge(template, out _).Error);
        }

        [Fact]
        public void Resources_IoAndHighMemoryOnly_NoMmio32Window()
        {
            byte[] dsdt = Dsdt(HostBridge("PCI0", 0xE000_0000, Cat(DWordIo(0x1000, 0xFFFF), QWordMemory(0x1_0000_0000, 0x1_FFFF_FFFF), EndTag)));

            PciFault fault = Resolve(Array.Empty<byte>(), dsdt, out PciHostBridge bridge);

            Assert.True(fault.IsNone);
            Assert.True(bridge.Mmio32.IsEmpty);
            Assert.Equal(PciError.NoMmio32Window, bridge.WindowFault.Error);
        }

        [Fact]
        public void Resources_BusRangeNarrowsEcam()
        {
            byte[] dsdt = Dsdt(HostBridge("PCI0", 0xE000_0000, Cat(WordBusNumber(0, 7), DWordMemory(0xC000_0000, 0xDFFF_FFFF), EndTag)));

            Resolve(Array.Empty<byte>(), dsdt, out PciHostBridge bridge);

            Assert.Equal(7, bridge.Ecam.BusEnd);
            Assert.Equal(8UL << 20, bridge.Ecam.WindowBytes);
        }

        [Fact]
        public void AmlReader_PackageLengthEncodings_RoundTrip()
        {
            foreach (int content in new[] { 0, 1, 61, 62, 63, 4000, 70000, 1 << 20 })
            {
                byte[] encoded = Cat(PackageLength(content), new byte[content]);
                Assert.True(AmlReader.TryReadPackageLength(encoded, 0, encoded.Length, out int end, out int start), content.ToString());
                Assert.Equal(encoded.Length, end);
                Assert.Equal(encoded.Length - content, start);
            }
        }

        [Fact]
        public void AmlReader_TruncatedInteger_Rejected()
        {
            Assert.False(AmlReader.TryReadInteger(new byte[] { 0x0C, 0x00, 0x00 }, 0, 3, out _, out _));
        }

        [Fact]
        public void AmlReader_UnterminatedString_Rejected()
        {
            Assert.False(AmlReader.TryReadString(new byte[] { 0x0D, (byte)'P', (byte)'N' }, 0, 3, out _, out _, out _));
        }

        [Fact]
        public void AmlReader_MultiNamePathCountPastEnd_Rejected()
        {
            Assert.False(AmlReader.TryReadNameString(Cat(new byte[] { 0x2F, 200 }, NameSeg("ABCD")), 0, 6, out _, out _));
        }
    }
}
