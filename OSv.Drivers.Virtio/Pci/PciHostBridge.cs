// What the OS needs to know about the (single, segment 0) PCI host bridge before touching the
// bus: where ECAM is, which buses it covers, and the 32-bit memory window where BARs may go.
//
// Sources, in order (pure: the metal entry point hands over the firmware's table bytes):
//  - ECAM: the MCFG table when there is one (q35), else the host bridge's _CBA in the DSDT
//    (QEMU 7.2 microvm,pcie=on builds no MCFG; its DSDT says Method(_CBA){Return(0xE0000000)}).
//  - Bus range: MCFG's entry, else the bridge's _CRS bus-number descriptor, else _BBN..255.
//  - Memory window: the bridge's _CRS (ResourceTemplate). Chosen over hard-coding microvm's
//    documented 0xC0000000-0xDFFFFFFF because the DSDT is what QEMU itself generates from its
//    memory map (hw/pci-host/gpex-acpi.c), so it stays right when QEMU moves the window, and the
//    same code serves q35. Without a usable DSDT the window is empty: only BARs firmware already
//    placed can be used (q35 with SeaBIOS), and the reason is kept in WindowFault.
//  - Line interrupts: the bridge's _PRT (PciRoutingTable), for functions on its own bus.
namespace OSv.Drivers.Virtio.Pci
{
    public struct PciHostBridge
    {
        public EcamRegion Ecam;
        public AddressWindow Mmio32;
        public AddressWindow Mmio64;   // reported only: above the identity map
        public bool EcamFromMcfg;
        public PciFault WindowFault;   // why Mmio32 is empty, if it is
        public PciRoutingTable? Routing; // INTx routes of the root bus (_PRT), null if unusable
        public PciFault RoutingFault;  // why Routing is null, if it is

        public override string ToString() =>
            Ecam.ToString() + (EcamFromMcfg ? " (MCFG)" : " (_CBA)") + ", mmio32 " + Mmio32.ToString() + ", mmio64 " + Mmio64.ToString();
    }

    public static class PciHostBridges
    {
        private const byte LastBus = PciLimits.BusesMax - 1;

        // mcfg may be empty (no table); dsdt may be empty (then there is no window).
        public static PciFault TryResolve(System.ReadOnlySpan<byte> mcfg, System.ReadOnlySpan<byte> dsdt, out PciHostBridge bridge)
        {
            bridge = default;
            bool hasMcfg = false;
            if (!mcfg.IsEmpty)
            {
                PciFault mcfgFault = Mcfg.TryParse(mcfg, out bridge.Ecam);
                if (!mcfgFault.IsNone)
                    return mcfgFault;
                hasMcfg = true;
            }
            HostBridgeInfo info = default;
            BridgeResources resources = default;
            System.Span<AmlDeviceResources> devices = new AmlDeviceResources[PciLimits.AmlDevicesMax];
            int deviceCount = 0;
            PciFault dsdtFault = dsdt.IsEmpty ? new PciFault(PciError.HostBridgeNotFound, -1) : HostBridgeAml.TryFind(dsdt, out info, devices, out deviceCount);
            if (dsdtFault.IsNone)
            {
                dsdtFault = info.ResourcesLength == 0
                    ? new PciFault(PciError.HostBridgeNoResources, info.DeviceOffset)
                    : ResourceTemplate.TryParseBridge(dsdt.Slice(info.ResourcesOffset, info.ResourcesLength), out resources);
            }
            if (!hasMcfg)
            {
                if (!dsdtFault.IsNone)
                    return dsdtFault;
                if (!info.HasEcamBase)
                    return new PciFault(PciError.HostBridgeNoEcam, info.DeviceOffset);
                byte busStart = resources.HasBusRange ? resources.BusStart : (byte)(info.BaseBus & 0xFF);
                byte busEnd = resources.HasBusRange ? resources.BusEnd : LastBus;
                bridge.Ecam = new EcamRegion(info.EcamBase, 0, busStart, busEnd);
            }
            if (!bridge.Ecam.IsBelowMappedLimit)
                return new PciFault(PciError.EcamAboveMappedRange, -1);
            bridge.EcamFromMcfg = hasMcfg;
            bridge.Mmio32 = resources.Mmio32;
            bridge.Mmio64 = resources.Mmio64;
            bridge.WindowFault = !dsdtFault.IsNone ? dsdtFault
                : resources.Mmio32.IsEmpty ? new PciFault(PciError.NoMmio32Window, info.ResourcesOffset)
                : PciFault.None;
            bridge.RoutingFault = !dsdtFault.IsNone ? dsdtFault
                : PciRoutingTable.TryParse(dsdt, info, devices.Slice(0, deviceCount), out bridge.Routing);
            return PciFault.None;
        }
    }
}
