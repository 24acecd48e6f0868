// Bounds of the PCI code, in one place (style rule 3): every table it fills has a fixed
// capacity, every walk a step bound. Figures from PCI Local Bus 3.0 and PCI Express Base 4.0
// where the hardware fixes them, otherwise chosen for the machines we boot (QEMU microvm,pcie=on
// and q35), with the reason next to each.
namespace OSv.Drivers.Virtio.Pci
{
    public static class PciLimits
    {
        // Geometry fixed by the specifications.
        public const int BusesMax = 256;
        public const int DevicesPerBus = 32;
        public const int FunctionsPerDevice = 8;
        public const int ConfigSpaceBytes = 256;        // the conventional header + capabilities
        public const int ExtendedConfigSpaceBytes = 4096; // one ECAM function (PCIe 4.0, 7.2.2)
        public const int BarsMax = 6;                   // type 0 header: BAR0..BAR5

        // Functions enumerate lists and BAR assignment sizes at once. microvm has 31 usable slots
        // on its one root bus; q35 adds a few bridges. 64 leaves room without making the tables
        // large (a function's record is ~40 bytes).
        public const int FunctionsMax = 64;

        // Bridges followed below the root bus. Only bridges whose bus numbers firmware already
        // assigned are followed (we do not number buses ourselves); a chain this deep already
        // exceeds anything QEMU's machines build.
        public const int BridgeDepthMax = 4;

        // Capabilities in the conventional space: the list lives in 0x40..0xFF in 4-byte steps,
        // so at most (256 - 64) / 4 = 48 distinct entries exist; a longer walk is a loop.
        public const int CapabilitiesFirstOffset = 0x40;
        public const int CapabilitiesMax = (ConfigSpaceBytes - CapabilitiesFirstOffset) / 4;

        // Memory BARs are placed on their own pages (PCI 3.0, 6.2.5.1 recommends 4 KiB as the
        // minimum memory BAR size precisely so that pages are never shared between devices).
        public const ulong BarAlignmentMinBytes = 4096;

        // A single BAR above this is refused instead of eating the window: virtio devices need
        // kilobytes (QEMU's virtio-pci modern BAR is 16 KiB), and microvm's whole 32-bit window
        // is 512 MiB.
        public const ulong BarSizeMaxBytes = 256UL << 20;

        // The identity map of the boot page tables ends here: every BAR, ECAM window and
        // capability structure the driver dereferences must lie below (docs/architecture.md).
        public const ulong MappedLimitBytes = 4UL << 30;

        // Ranges the BAR allocator must keep out of (BARs firmware already placed).
        public const int ReservedRangesMax = FunctionsMax * BarsMax;

        // Virtqueues a PciTransport remembers notify addresses and MSI-X vectors for. virtio-net
        // with one queue pair uses 2 (3 with a control queue); 16 allows 7 pairs plus control.
        public const int QueuesMax = 16;

        // MSI-X table entries a PciTransport programs (one for configuration changes plus one per
        // queue at most). The table itself may be larger (up to 2048, PCI 3.0, 6.8.2.3).
        public const int MsixEntriesMax = QueuesMax + 1;

        // Largest AML table walked and deepest nesting of scopes/devices followed in it.
        public const int AmlTableBytesMax = 1 << 20;
        public const int AmlDepthMax = 16;
        public const int AmlObjectsMax = 65536;

        // Devices with a _CRS remembered from the DSDT walk, where _PRT's interrupt links are
        // looked up: QEMU's microvm has 4 links (GSI0-3) among ~10 devices, q35 16 links.
        public const int AmlDevicesMax = 64;

        // Compile-time relations (a false one makes the constant 256, which a byte cannot hold).
        private const byte CapabilityWalkFitsBitmap = CapabilitiesMax <= 64 ? 0 : 256;
        private const byte BarSizeFitsMappedRange = BarSizeMaxBytes < MappedLimitBytes ? 0 : 256;
        private const byte AlignmentIsPowerOfTwo = (BarAlignmentMinBytes & (BarAlignmentMinBytes - 1)) == 0 ? 0 : 256;
    }
}
