// The virtio vendor capabilities of a PCI function (virtio 1.2, 4.1.4): where, in which BAR, the
// device puts its common configuration, notification area, ISR status and device-specific
// configuration, plus the PCI configuration access window.
//
//   struct virtio_pci_cap { u8 cap_vndr (0x09); u8 cap_next; u8 cap_len; u8 cfg_type; u8 bar;
//                           u8 id; u8 padding[2]; le32 offset; le32 length; }       16 bytes
//   struct virtio_pci_notify_cap { virtio_pci_cap cap; le32 notify_off_multiplier; } 20 bytes
//   struct virtio_pci_cfg_cap    { virtio_pci_cap cap; u8 pci_cfg_data[4]; }         20 bytes
//
// Rules applied (4.1.4, driver requirements), in this order per capability:
//  - capabilities with a reserved cfg_type, or a reserved bar value (> 5), are ignored (as the
//    spec requires); so are types we do not use (shared memory 8, vendor 9);
//  - cap_len below the structure's size, or the capability running past config space, rejects
//    the function (CapabilityTooShort / CapabilityPastConfigSpace): a larger cap_len is fine;
//  - only the first instance of each type is used (spec: "SHOULD use the first instance ... they
//    can support"); a structure in an I/O BAR is one we cannot support, so it is skipped and a
//    later instance may be used; one whose BAR is absent is malformed;
//  - offset alignment: 4 bytes for common and device configuration (their fields are accessed
//    at natural width), 2 for notify (4.1.4.4.1); notify_off_multiplier 0 or an even power of 2;
//  - offset + length must lie inside the BAR's size (computed without overflow), and the length
//    must cover the structure: common 56 bytes (the 1.0 layout), notify 2, ISR 1;
//  - common, notify and ISR must exist; device configuration may not (then it has length 0).
// Config space is a snapshot (PciConfigAccess.Snapshot): the parse is pure.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public struct VirtioPciRegion
    {
        public int Bar;
        public uint Offset;
        public uint Length;
        public int CapabilityOffset; // 0: absent

        public bool IsPresent => CapabilityOffset != 0;
    }

    public struct VirtioPciLayout
    {
        public VirtioPciRegion Common;
        public VirtioPciRegion Notify;
        public VirtioPciRegion Isr;
        public VirtioPciRegion Device;
        public uint NotifyOffsetMultiplier;
        public int PciConfigAccessOffset; // virtio_pci_cfg_cap in config space, 0: absent
        public bool HasMsix;
        public MsixInfo Msix;
    }

    public static class VirtioPciStructures
    {
        public const byte TypeCommon = 1, TypeNotify = 2, TypeIsr = 3, TypeDevice = 4, TypePciConfig = 5;
        public const int CapabilityBytes = 16;
        public const int NotifyCapabilityBytes = 20;
        public const int PciConfigCapabilityBytes = 20;
        public const uint CommonConfigBytesMin = 56;
        public const uint NotifyBytesMin = 2;
        public const uint IsrBytesMin = 1;

        private const int LengthField = 2, TypeField = 3, BarField = 4, OffsetField = 8, LengthBytesField = 12, MultiplierField = 16;

        public static PciFault TryParse(ReadOnlySpan<byte> config, ReadOnlySpan<PciBar> bars, out VirtioPciLayout layout)
        {
            layout = default;
            Span<PciCapability> capabilities = stackalloc PciCapability[PciLimits.CapabilitiesMax];
            PciFault fault = PciCapabilityList.Walk(config, capabilities, out int count);
            if (!fault.IsNone)
                return fault;
            for (int i = 0; i < count; i++)
            {
                PciCapability capability = capabilities[i];
                if (capability.Id == PciRegisters.CapabilityMsix && !layout.HasMsix)
                {
                    fault = MsixCapability.TryParse(config, capability.Offset, bars, out layout.Msix);
                    if (!fault.IsNone)
                        return fault;
                    layout.HasMsix = true;
                }
                else if (capability.Id == PciRegisters.CapabilityVendorSpecific)
                {
                    fault = ReadVirtioCapability(config, capability.Offset, bars, ref layout);
                    if (!fault.IsNone)
                        return fault;
                }
            }
            if (!layout.Common.IsPresent)
                return new PciFault(PciError.VirtioMissingCommonConfig, -1);
            if (!layout.Notify.IsPresent)
                return new PciFault(PciError.VirtioMissingNotifyConfig, -1);
            if (!layout.Isr.IsPresent)
                return new PciFault(PciError.VirtioMissingIsrConfig, -1);
            return PciFault.None;
        }

        private static PciFault ReadVirtioCapability(ReadOnlySpan<byte> config, int at, ReadOnlySpan<PciBar> bars, ref VirtioPciLayout layout)
        {
            // The fixed part is read only after cap_len and the config-space bound are checked.
            if (!LittleEndian.Fits(at, LengthField + 1, PciLimits.ConfigSpaceBytes))
                return new PciFault(PciError.CapabilityPastConfigSpace, at);
            int length = config[at + LengthField];
            if (!LittleEndian.Fits(at, Math.Max(length, CapabilityBytes), PciLimits.ConfigSpaceBytes))
                return new PciFault(PciError.CapabilityPastConfigSpace, at);
            byte type = config[at + TypeField];
            byte bar = config[at + BarField];
            if (type < TypeCommon || type > TypePciConfig || bar >= PciLimits.BarsMax)
                return PciFault.None; // reserved or unused type, reserved BAR: ignored (4.1.4)
            int required = type == TypeNotify ? NotifyCapabilityBytes : type == TypePciConfig ? PciConfigCapabilityBytes : CapabilityBytes;
            if (length < required)
                return new PciFault(PciError.CapabilityTooShort, at + LengthField);
            if (type == TypePciConfig)
            {
                if (layout.PciConfigAccessOffset == 0)
                    layout.PciConfigAccessOffset = at;
                return PciFault.None;
            }
            if (IsPresent(ref layout, type))
                return PciFault.None; // first instance wins
            if (bars[bar].Kind == PciBarKind.Io)
                return PciFault.None; // supported by the spec, not by us: a later instance may do
            if (!bars[bar].IsMemory)
                return new PciFault(PciError.VirtioStructureBarAbsent, at + BarField);
            var region = new VirtioPciRegion
            {
                Bar = bar,
                Offset = LittleEndian.ReadUInt32(config, at + OffsetField),
                Length = LittleEndian.ReadUInt32(config, at + LengthBytesField),
                CapabilityOffset = at,
            };
            PciFault fault = CheckRegion(type, region, bars[bar], at);
            if (!fault.IsNone)
                return fault;
            if (type == TypeNotify)
            {
                uint multiplier = LittleEndian.ReadUInt32(config, at + MultiplierField);
                if (multiplier != 0 && (multiplier < 2 || (multiplier & (multiplier - 1)) != 0))
                    return new PciFault(PciError.VirtioNotifyMultiplierInvalid, at + MultiplierField);
                layout.NotifyOffsetMultiplier = multiplier;
            }
            Store(ref layout, type, region);
            return PciFault.None;
        }

        private static PciFault CheckRegion(byte type, VirtioPciRegion region, PciBar bar, int at)
        {
            uint alignment = type == TypeCommon || type == TypeDevice ? 4u : type == TypeNotify ? 2u : 1u;
            if ((region.Offset & (alignment - 1)) != 0)
                return new PciFault(PciError.VirtioStructureMisaligned, at + OffsetField);
            uint minimum = type == TypeCommon ? CommonConfigBytesMin : type == TypeNotify ? NotifyBytesMin : type == TypeIsr ? IsrBytesMin : 0;
            if (region.Length < minimum)
                return new PciFault(PciError.VirtioStructureTooSmall, at + LengthBytesField);
            if (!MsixCapability.FitsInBar(bar, region.Offset, region.Length))
                return new PciFault(PciError.VirtioStructureOutsideBar, at + OffsetField);
            return PciFault.None;
        }

        private static bool IsPresent(ref VirtioPciLayout layout, byte type) =>
            type == TypeCommon ? layout.Common.IsPresent
            : type == TypeNotify ? layout.Notify.IsPresent
            : type == TypeIsr ? layout.Isr.IsPresent
            : layout.Device.IsPresent;

        private static void Store(ref VirtioPciLayout layout, byte type, VirtioPciRegion region)
        {
            if (type == TypeCommon)
                layout.Common = region;
            else if (type == TypeNotify)
                layout.Notify = region;
            else if (type == TypeIsr)
                layout.Isr = region;
            else
                layout.Device = region;
        }
    }
}
