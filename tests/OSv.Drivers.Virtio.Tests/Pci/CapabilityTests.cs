// The capability list and the virtio structures in it (PciCapabilityList, VirtioPciStructures,
// MsixCapability), over crafted config spaces: QEMU's layout parses; every malformed list,
// pointer, length or region is rejected with its own error; what the spec says to ignore is
// ignored.
using OSv.Drivers.Virtio.Pci;
using Xunit;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    public sealed class CapabilityTests
    {
        private static PciFault Parse(ConfigSpace config, PciBar[] bars, out VirtioPciLayout layout) =>
            VirtioPciStructures.TryParse(config.Bytes, bars, out layout);

        [Fact]
        public void QemuLayout_AllStructuresFound()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);

            PciFault fault = Parse(config, bars, out VirtioPciLayout layout);

            Assert.True(fault.IsNone, fault.ToString());
            Assert.Equal((4, 0x0000u, 0x1000u), (layout.Common.Bar, layout.Common.Offset, layout.Common.Length));
            Assert.Equal((4, 0x1000u), (layout.Isr.Bar, layout.Isr.Offset));
            Assert.Equal((4, 0x2000u), (layout.Device.Bar, layout.Device.Offset));
            Assert.Equal((4, 0x3000u), (layout.Notify.Bar, layout.Notify.Offset));
            Assert.Equal(4u, layout.NotifyOffsetMultiplier);
            Assert.NotEqual(0, layout.PciConfigAccessOffset);
            Assert.True(layout.HasMsix);
            Assert.Equal((4, 1, 0UL, 1, 0x800UL), (layout.Msix.TableEntries, layout.Msix.TableBar, layout.Msix.TableOffset, layout.Msix.PendingBar, layout.Msix.PendingOffset));
        }

        [Fact]
        public void NoStatusBit_NoCapabilityList()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Bytes[PciRegisters.Status] = 0;

            Assert.Equal(PciError.NoCapabilityList, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void PointerIntoHeader_OutOfRange()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Bytes[PciRegisters.CapabilitiesPointer] = 0x10;

            PciFault fault = Parse(config, bars, out _);

            Assert.Equal(PciError.CapabilityPointerOutOfRange, fault.Error);
            Assert.Equal(PciRegisters.CapabilitiesPointer, fault.Offset);
        }

        [Fact]
        public void SelfLoop_Rejected()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            int first = config.Bytes[PciRegisters.CapabilitiesPointer];
            config.Bytes[first + 1] = (byte)first;

            Assert.Equal(PciError.CapabilityLoop, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void LoopBackToEarlierCapability_Rejected()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            int first = config.Bytes[PciRegisters.CapabilitiesPointer];
            int second = config.Bytes[first + 1];
            int third = config.Bytes[second + 1];
            config.Bytes[third + 1] = (byte)second;

            Assert.Equal(PciError.CapabilityLoop, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void ReservedPointerBits_Masked()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Bytes[PciRegisters.CapabilitiesPointer] |= 0x03;

            Assert.True(Parse(config, bars, out _).IsNone);
        }

        [Fact]
        public void EveryPositionChained_WalkEndsWithinBound()
        {
            // 48 capabilities, one per dword from 0x40, the last pointing back to the first.
            var config = new ConfigSpace();
            config.Bytes[PciRegisters.Status] |= (byte)PciRegisters.StatusCapabilitiesList;
            config.Bytes[PciRegisters.CapabilitiesPointer] = 0x40;
            for (int at = 0x40; at <= 0xFC; at += 4)
            {
                config.Bytes[at] = 0x05;
                config.Bytes[at + 1] = (byte)(at == 0xFC ? 0x40 : at + 4);
            }
            var found = new PciCapability[PciLimits.CapabilitiesMax];

            PciFault fault = PciCapabilityList.Walk(config.Bytes, found, out int count);

            Assert.Equal(PciError.CapabilityLoop, fault.Error);
            Assert.Equal(PciLimits.CapabilitiesMax, count);
        }

        [Fact]
        public void VendorCapabilityPastConfigSpace_Rejected()
        {
            var config = new ConfigSpace();
            config.Bytes[PciRegisters.Status] |= (byte)PciRegisters.StatusCapabilitiesList;
            config.Bytes[PciRegisters.CapabilitiesPointer] = 0xF8;
            config.Bytes[0xF8] = PciRegisters.CapabilityVendorSpecific;
            config.Bytes[0xFA] = 16;

            Assert.Equal(PciError.CapabilityPastConfigSpace, Parse(config, ConfigSpace.QemuBars(), out _).Error);
        }

        [Fact]
        public void CapLengthBelowStructure_TooShort()
        {
            var config = new ConfigSpace();
            config.AddVirtio(VirtioPciStructures.TypeNotify, 4, 0x3000, 0x1000, multiplier: 4, capLength: 16);

            Assert.Equal(PciError.CapabilityTooShort, Parse(config, ConfigSpace.QemuBars(), out _).Error);
        }

        [Fact]
        public void CapLengthLarger_Accepted()
        {
            var config = new ConfigSpace();
            config.AddVirtio(VirtioPciStructures.TypeCommon, 4, 0, 0x1000, capLength: 24);
            config.AddVirtio(VirtioPciStructures.TypeNotify, 4, 0x3000, 0x1000, multiplier: 4);
            config.AddVirtio(VirtioPciStructures.TypeIsr, 4, 0x1000, 1);

            Assert.True(Parse(config, ConfigSpace.QemuBars(), out _).IsNone);
        }

        [Fact]
        public void StructureRunsPastBar_Rejected()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            int common = FindVirtio(config, VirtioPciStructures.TypeCommon);
            config.Write32(common + 12, 0x4001); // length past the 16 KiB BAR

            PciFault fault = Parse(config, bars, out _);

            Assert.Equal(PciError.VirtioStructureOutsideBar, fault.Error);
            Assert.Equal(common + 8, fault.Offset);
        }

        [Fact]
        public void OffsetPlusLengthOverflows32Bits_Rejected()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            int device = FindVirtio(config, VirtioPciStructures.TypeDevice);
            config.Write32(device + 8, 0xFFFF_FFF0);
            config.Write32(device + 12, 0x20);

            Assert.Equal(PciError.VirtioStructureOutsideBar, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void StructureInAbsentBar_Rejected()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Bytes[FindVirtio(config, VirtioPciStructures.TypeIsr) + 4] = 2;

            Assert.Equal(PciError.VirtioStructureBarAbsent, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void StructureInUpperHalfOfBar_Rejected()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Bytes[FindVirtio(config, VirtioPciStructures.TypeIsr) + 4] = 5;

            Assert.Equal(PciError.VirtioStructureBarAbsent, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void ReservedBarValue_CapabilityIgnored()
        {
            var config = new ConfigSpace();
            config.AddVirtio(VirtioPciStructures.TypeCommon, 7, 0xDEAD_0000, 0xFFFF_FFFF); // ignored (4.1.4)
            config.AddVirtio(VirtioPciStructures.TypeCommon, 4, 0, 0x1000);
            config.AddVirtio(VirtioPciStructures.TypeNotify, 4, 0x3000, 0x1000, multiplier: 4);
            config.AddVirtio(VirtioPciStructures.TypeIsr, 4, 0x1000, 1);

            Assert.True(Parse(config, ConfigSpace.QemuBars(), out VirtioPciLayout layout).IsNone);
            Assert.Equal(4, layout.Common.Bar);
        }

        [Fact]
        public void ReservedType_Ignored()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.AddVirtio(0x7F, 4, 0xFFFF_0000, 0xFFFF);

            Assert.True(Parse(config, bars, out _).IsNone);
        }

        [Fact]
        public void FirstInstanceInIoBar_SkippedForLaterMemoryOne()
        {
            var config = new ConfigSpace();
            PciBar[] bars = ConfigSpace.QemuBars();
            bars[0] = new PciBar { Kind = PciBarKind.Io, SizeBytes = 0x40, Address = 0xC000 };
            config.AddVirtio(VirtioPciStructures.TypeCommon, 0, 0, 0x38);
            config.AddVirtio(VirtioPciStructures.TypeCommon, 4, 0, 0x1000);
            config.AddVirtio(VirtioPciStructures.TypeNotify, 4, 0x3000, 0x1000, multiplier: 4);
            config.AddVirtio(VirtioPciStructures.TypeIsr, 4, 0x1000, 1);

            Assert.True(Parse(config, bars, out VirtioPciLayout layout).IsNone);
            Assert.Equal(4, layout.Common.Bar);
        }

        [Fact]
        public void SecondInstance_IgnoredEvenIfBroken()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.AddVirtio(VirtioPciStructures.TypeCommon, 4, 0x3FF0, 0x1000);

            Assert.True(Parse(config, bars, out VirtioPciLayout layout).IsNone);
            Assert.Equal(0u, layout.Common.Offset);
        }

        [Fact]
        public void CommonTooSmall_Rejected()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Write32(FindVirtio(config, VirtioPciStructures.TypeCommon) + 12, 0x30);

            Assert.Equal(PciError.VirtioStructureTooSmall, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void NotifyOffsetOdd_Misaligned()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Write32(FindVirtio(config, VirtioPciStructures.TypeNotify) + 8, 0x3001);

            Assert.Equal(PciError.VirtioStructureMisaligned, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void DeviceConfigNotDwordAligned_Misaligned()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Write32(FindVirtio(config, VirtioPciStructures.TypeDevice) + 8, 0x2002);

            Assert.Equal(PciError.VirtioStructureMisaligned, Parse(config, bars, out _).Error);
        }

        [Theory]
        [InlineData(1u)]
        [InlineData(3u)]
        [InlineData(6u)]
        public void NotifyMultiplierNotEvenPowerOfTwo_Rejected(uint multiplier)
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Write32(FindVirtio(config, VirtioPciStructures.TypeNotify) + 16, multiplier);

            Assert.Equal(PciError.VirtioNotifyMultiplierInvalid, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void NotifyMultiplierZero_Accepted()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Write32(FindVirtio(config, VirtioPciStructures.TypeNotify) + 16, 0);

            Assert.True(Parse(config, bars, out VirtioPciLayout layout).IsNone);
            Assert.Equal(0u, layout.NotifyOffsetMultiplier);
        }

        [Theory]
        [InlineData(VirtioPciStructures.TypeCommon, PciError.VirtioMissingCommonConfig)]
        [InlineData(VirtioPciStructures.TypeNotify, PciError.VirtioMissingNotifyConfig)]
        [InlineData(VirtioPciStructures.TypeIsr, PciError.VirtioMissingIsrConfig)]
        public void RequiredStructureMissing_Named(byte type, PciError expected)
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Bytes[FindVirtio(config, type) + 3] = 0x7E; // now a reserved type: ignored

            Assert.Equal(expected, Parse(config, bars, out _).Error);
        }

        [Fact]
        public void DeviceConfigAbsent_Allowed()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out PciBar[] bars);
            config.Bytes[FindVirtio(config, VirtioPciStructures.TypeDevice) + 3] = 0x7E;

            Assert.True(Parse(config, bars, out VirtioPciLayout layout).IsNone);
            Assert.False(layout.Device.IsPresent);
        }

        [Fact]
        public void MsixTablePastBar_Rejected()
        {
            var config = new ConfigSpace();
            config.AddMsix(256, 1, 0x0, 1, 0x800); // 256 entries * 16 = 4 KiB: overlaps the PBA, fits
            config.AddMsix(257, 1, 0x0, 1, 0x800);
            Assert.True(MsixCapability.TryParse(config.Bytes, 0x40, ConfigSpace.QemuBars(), out _).IsNone);

            PciFault fault = MsixCapability.TryParse(config.Bytes, 0x4C, ConfigSpace.QemuBars(), out _);

            Assert.Equal(PciError.MsixTableOutsideBar, fault.Error);
        }

        [Fact]
        public void MsixPendingArrayPastBar_Rejected()
        {
            var config = new ConfigSpace();
            config.AddMsix(4, 1, 0x0, 1, 0x1000); // 8 bytes at the end of the 4 KiB BAR: past it

            Assert.Equal(PciError.MsixPendingOutsideBar, MsixCapability.TryParse(config.Bytes, 0x40, ConfigSpace.QemuBars(), out _).Error);
        }

        [Theory]
        [InlineData(0)] // absent
        [InlineData(5)] // upper half of BAR4
        [InlineData(7)] // reserved BIR
        public void MsixInUnusableBar_Rejected(int bir)
        {
            var config = new ConfigSpace();
            config.AddMsix(4, bir, 0, 1, 0x800);

            Assert.Equal(PciError.MsixBadBar, MsixCapability.TryParse(config.Bytes, 0x40, ConfigSpace.QemuBars(), out _).Error);
        }

        [Fact]
        public void MsixCapabilityAtEndOfConfigSpace_Rejected()
        {
            var config = new ConfigSpace();
            config.Bytes[PciRegisters.Status] |= (byte)PciRegisters.StatusCapabilitiesList;
            config.Bytes[PciRegisters.CapabilitiesPointer] = 0xF8;
            config.Bytes[0xF8] = PciRegisters.CapabilityMsix;

            Assert.Equal(PciError.CapabilityPastConfigSpace, Parse(config, ConfigSpace.QemuBars(), out _).Error);
        }

        private static int FindVirtio(ConfigSpace config, byte type)
        {
            for (int at = config.Bytes[PciRegisters.CapabilitiesPointer]; at != 0; at = config.Bytes[at + 1])
            {
                if (config.Bytes[at] == PciRegisters.CapabilityVendorSpecific && config.Bytes[at + 3] == type)
                    return at;
            }
            throw new Xunit.Sdk.XunitException("no virtio capability of type " + type);
        }
    }
}
