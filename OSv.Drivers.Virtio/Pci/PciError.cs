// Why PCI discovery refused something: a firmware table, a config space, a BAR, a capability.
// Every parser here returns one of these rather than throwing (bad firmware or device input is
// an answer to report, not a driver bug) or following a bad pointer; PciFault adds where (a config-space or table offset) so that the boot
// log names the exact byte. An enum, so a rejection allocates nothing until it is printed.
namespace OSv.Drivers.Virtio.Pci
{
    public enum PciError : byte
    {
        None,

        // ACPI tables (MCFG, DSDT) and their AML.
        TableTruncated,
        TableBadSignature,
        TableBadChecksum,
        McfgNoSegmentZero,
        McfgBadBusRange,
        AmlBadPackageLength,
        AmlBadName,
        AmlUnsupportedOpcode,
        AmlTooDeep,
        AmlTooManyObjects,
        HostBridgeNotFound,
        HostBridgeNoEcam,
        HostBridgeNoResources,
        ResourceTemplateMalformed,
        ResourceTranslationUnsupported,
        NoMmio32Window,
        HostBridgeNoRoutingTable,
        InterruptLinkNotFound,
        EcamAboveMappedRange,

        // The capability list (PCI 3.0, 6.7).
        NoCapabilityList,
        CapabilityPointerOutOfRange,
        CapabilityLoop,
        CapabilityTooShort,
        CapabilityPastConfigSpace,

        // Virtio structures (virtio 1.2, 4.1.4).
        VirtioNotVirtioDevice,
        VirtioStructureBarAbsent,
        VirtioStructureIoBar,
        VirtioStructureOutsideBar,
        VirtioStructureTooSmall,
        VirtioStructureMisaligned,
        VirtioNotifyMultiplierInvalid,
        VirtioMissingCommonConfig,
        VirtioMissingNotifyConfig,
        VirtioMissingIsrConfig,
        VirtioQueueNotifyOutsideRegion,
        VirtioQueueVectorRejected,
        VirtioConfigVectorRejected,

        // MSI-X (PCI 3.0, 6.8.2).
        MsixBadBar,
        MsixTableOutsideBar,
        MsixPendingOutsideBar,

        // BARs (PCI 3.0, 6.2.5.1).
        BarMaskNotContiguous,
        BarReservedType,
        BarUpperHalfMissing,
        BarTooLarge,
        BarWindowExhausted,
        BarAboveMappedRange,
        TooManyFunctions,
    }

    // An error and the offset it was found at (-1 when no single offset applies).
    public readonly struct PciFault
    {
        public PciFault(PciError error, int offset)
        {
            Error = error;
            Offset = offset;
        }

        public PciError Error { get; }
        public int Offset { get; }

        public bool IsNone => Error == PciError.None;

        public static PciFault None => new PciFault(PciError.None, -1);

        public override string ToString() =>
            Offset < 0 ? PciErrors.Describe(Error) : PciErrors.Describe(Error) + " (at offset 0x" + Offset.ToString("x") + ")";
    }

    public static class PciErrors
    {
        public static string Describe(PciError error)
        {
            switch (error)
            {
                case PciError.None: return "no error";
                case PciError.TableTruncated: return "ACPI table shorter than its contents";
                case PciError.TableBadSignature: return "ACPI table has the wrong signature";
                case PciError.TableBadChecksum: return "ACPI table checksum does not add up to zero";
                case PciError.McfgNoSegmentZero: return "MCFG has no ECAM region for PCI segment 0";
                case PciError.McfgBadBusRange: return "MCFG bus range ends before it starts";
                case PciError.AmlBadPackageLength: return "AML package length runs past its enclosing object";
                case PciError.AmlBadName: return "AML name string malformed";
                case PciError.AmlUnsupportedOpcode: return "AML opcode outside the subset this walker understands";
                case PciError.AmlTooDeep: return "AML scopes nested deeper than PciLimits.AmlDepthMax";
                case PciError.AmlTooManyObjects: return "AML has more objects than PciLimits.AmlObjectsMax";
                case PciError.HostBridgeNotFound: return "no PCI host bridge (PNP0A08/PNP0A03) in the DSDT";
                case PciError.HostBridgeNoEcam: return "host bridge has no _CBA and there is no MCFG table";
                case PciError.HostBridgeNoResources: return "host bridge has no _CRS resource template";
                case PciError.ResourceTemplateMalformed: return "resource template descriptor malformed or unterminated";
                case PciError.ResourceTranslationUnsupported: return "host bridge window has a non-zero address translation";
                case PciError.NoMmio32Window: return "host bridge has no memory window below 4 GiB";
                case PciError.HostBridgeNoRoutingTable: return "host bridge has no _PRT interrupt routing package";
                case PciError.InterruptLinkNotFound: return "_PRT names an interrupt link device with no _CRS in the DSDT";
                case PciError.EcamAboveMappedRange: return "ECAM window lies above the identity-mapped 4 GiB";
                case PciError.NoCapabilityList: return "function has no capability list";
                case PciError.CapabilityPointerOutOfRange: return "capability pointer outside 0x40..0xFF";
                case PciError.CapabilityLoop: return "capability list loops";
                case PciError.CapabilityTooShort: return "capability shorter than its structure";
                case PciError.CapabilityPastConfigSpace: return "capability runs past the end of config space";
                case PciError.VirtioNotVirtioDevice: return "not a virtio device (vendor 0x1AF4, device 0x1000-0x107F)";
                case PciError.VirtioStructureBarAbsent: return "virtio structure names a BAR the function does not implement";
                case PciError.VirtioStructureIoBar: return "virtio structure in an I/O BAR (only memory BARs are supported)";
                case PciError.VirtioStructureOutsideBar: return "virtio structure offset + length runs past its BAR";
                case PciError.VirtioStructureTooSmall: return "virtio structure shorter than the spec requires";
                case PciError.VirtioStructureMisaligned: return "virtio structure offset not aligned as the spec requires (common, device: 4 bytes; notify: 2)";
                case PciError.VirtioNotifyMultiplierInvalid: return "virtio notify_off_multiplier is neither 0 nor an even power of two";
                case PciError.VirtioMissingCommonConfig: return "no virtio common configuration structure";
                case PciError.VirtioMissingNotifyConfig: return "no virtio notification structure";
                case PciError.VirtioMissingIsrConfig: return "no virtio ISR status structure";
                case PciError.VirtioQueueNotifyOutsideRegion: return "queue_notify_off * notify_off_multiplier + 2 runs past the notify structure";
                case PciError.VirtioQueueVectorRejected: return "device answered NO_VECTOR to a queue's MSI-X vector";
                case PciError.VirtioConfigVectorRejected: return "device answered NO_VECTOR to the configuration MSI-X vector";
                case PciError.MsixBadBar: return "MSI-X table or PBA in a BAR that is absent or not memory";
                case PciError.MsixTableOutsideBar: return "MSI-X table runs past its BAR";
                case PciError.MsixPendingOutsideBar: return "MSI-X pending-bit array runs past its BAR";
                case PciError.BarMaskNotContiguous: return "BAR size mask is not a contiguous run of ones";
                case PciError.BarReservedType: return "memory BAR has a reserved type";
                case PciError.BarUpperHalfMissing: return "64-bit BAR in the last BAR slot";
                case PciError.BarTooLarge: return "BAR larger than PciLimits.BarSizeMaxBytes";
                case PciError.BarWindowExhausted: return "host bridge window too small for the BARs";
                case PciError.BarAboveMappedRange: return "BAR lies above the identity-mapped 4 GiB";
                case PciError.TooManyFunctions: return "more PCI functions than PciLimits.FunctionsMax";
                default: return "unknown PCI error";
            }
        }
    }
}
