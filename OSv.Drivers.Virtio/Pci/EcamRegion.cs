// Where the PCI Express enhanced configuration access mechanism (ECAM, PCIe 4.0 7.2.2) puts a
// segment's configuration space: 4 KiB per function at base + (bus << 20 | device << 15 |
// function << 12). The base address corresponds to bus 0 even when the range starts later (as
// Linux reads MCFG); found in MCFG (Mcfg.cs) or the host bridge's _CBA (HostBridgeAml.cs).
namespace OSv.Drivers.Virtio.Pci
{
    public readonly struct EcamRegion
    {
        public const int BusShift = 20;
        public const int DeviceShift = 15;
        public const int FunctionShift = 12;

        public EcamRegion(ulong baseAddress, ushort segment, byte busStart, byte busEnd)
        {
            BaseAddress = baseAddress;
            Segment = segment;
            BusStart = busStart;
            BusEnd = busEnd;
        }

        public ulong BaseAddress { get; }
        public ushort Segment { get; }
        public byte BusStart { get; }
        public byte BusEnd { get; }

        // First byte of the window (bus BusStart) and its length.
        public ulong WindowStart => BaseAddress + ((ulong)BusStart << BusShift);
        public ulong WindowBytes => (ulong)(BusEnd - BusStart + 1) << BusShift;

        // Inside the boot identity map, so the window can be dereferenced as is. Compared without
        // sums that could wrap: the base comes from firmware.
        public bool IsBelowMappedLimit =>
            BaseAddress <= PciLimits.MappedLimitBytes
            && ((ulong)BusStart << BusShift) <= PciLimits.MappedLimitBytes - BaseAddress
            && WindowBytes <= PciLimits.MappedLimitBytes - WindowStart;

        public override string ToString() =>
            "ecam 0x" + BaseAddress.ToString("x") + " segment " + Segment + " buses " + BusStart + "-" + BusEnd;
    }
}
