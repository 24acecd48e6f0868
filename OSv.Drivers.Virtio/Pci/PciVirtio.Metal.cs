// Metal entry point: finds the PCI host bridge from ACPI (MCFG and/or the DSDT: PciHostBridges),
// reaches its ECAM window through the identity map, and discovers virtio functions (PciVirtio.cs).
// Called at boot by whatever binds drivers; a machine without PCI (plain microvm) returns 0.
using System;
using OSv.Core.Platform;
using OSv.Drivers.Virtio.Transport;

namespace OSv.Drivers.Virtio.Pci
{
    public static unsafe partial class PciVirtio
    {
        public static int FindDevices(Span<VirtioTransport> found)
        {
            ReadOnlySpan<byte> mcfg = Firmware.FindAcpiTable("MCFG");
            ReadOnlySpan<byte> dsdt = Firmware.FindDsdt();
            PciFault fault = PciHostBridges.TryResolve(mcfg, dsdt, out PciHostBridge bridge);
            if (!fault.IsNone)
            {
                Console.WriteLine("pci: no host bridge: " + fault.ToString());
                return 0;
            }
            Console.WriteLine("pci: host bridge " + bridge.ToString());
            if (!bridge.WindowFault.IsNone)
                Console.WriteLine("pci: no window for BARs: " + bridge.WindowFault.ToString());
            if (!bridge.RoutingFault.IsNone)
                Console.WriteLine("pci: no line interrupt routes: " + bridge.RoutingFault.ToString());
            byte* window = PciMemoryMap.Map(bridge.Ecam.WindowStart, bridge.Ecam.WindowBytes);
            var access = new EcamConfigAccess(window, bridge.Ecam.BusStart, bridge.Ecam.BusEnd);
            return Discover(access, bridge.Mmio32, bridge.Routing, found);
        }
    }
}
