// Virtio PCI discovery, the part that needs no firmware: given config-space access and the
// host bridge's memory window, enumerate the bus, give BARs addresses, and make a PciTransport
// for every virtio function whose structures check out. Each step logs one line per function
// ("pci: ...") so the boot log lists what was found and why anything was refused. The metal
// entry point (PciVirtio.Metal.cs) supplies ECAM and the window from ACPI.
//
// Tables are allocated once, at discovery (boot), sized by PciLimits.FunctionsMax.
using System;
using OSv.Drivers.Virtio.Transport;

namespace OSv.Drivers.Virtio.Pci
{
    public static partial class PciVirtio
    {
        // Returns how many transports were written to found (at most found.Length). routing: the
        // root bus's INTx routes, or null.
        public static int Discover(PciConfigAccess access, AddressWindow window, PciRoutingTable? routing, Span<VirtioTransport> found)
        {
            var functions = new PciFunctionInfo[PciLimits.FunctionsMax];
            int count = PciEnumerator.Enumerate(access, functions, out PciFault enumerateFault);
            if (!enumerateFault.IsNone)
                Console.WriteLine("pci: " + enumerateFault.ToString() + "; the first " + count + " are used");
            for (int f = 0; f < count; f++)
                Console.WriteLine("pci: " + functions[f].ToString());
            var bars = new PciBar[count * PciLimits.BarsMax];
            var faults = new PciFault[count];
            ReadOnlySpan<PciFunctionInfo> listed = new ReadOnlySpan<PciFunctionInfo>(functions, 0, count);
            PciFault placement = PciResources.AssignAll(access, listed, window, bars, faults);
            if (!placement.IsNone)
            {
                Console.WriteLine("pci: BARs not assigned: " + placement.ToString());
                return 0;
            }
            int bound = 0;
            for (int f = 0; f < count && bound < found.Length; f++)
            {
                if (!VirtioPciProbe.IsVirtio(functions[f]))
                    continue;
                string where = "pci: " + functions[f].Address.ToString() + " virtio: ";
                if (!faults[f].IsNone)
                {
                    Console.WriteLine(where + faults[f].ToString());
                    continue;
                }
                ReadOnlySpan<PciBar> own = new ReadOnlySpan<PciBar>(bars, f * PciLimits.BarsMax, PciLimits.BarsMax);
                PciFault fault = VirtioPciProbe.TryCreate(access, functions[f], own, routing, access.BusStart, out PciTransport? transport, out VirtioPciLayout layout);
                if (!fault.IsNone)
                {
                    Console.WriteLine(where + fault.ToString());
                    continue;
                }
                found[bound++] = transport!;
                Console.WriteLine(where + "type " + transport!.DeviceType + ", " + DescribeBars(own)
                    + (layout.HasMsix ? ", " + layout.Msix.ToString() : ", no msi-x") + ", intx " + transport.LineInterrupt.ToString());
            }
            return bound;
        }

        private static string DescribeBars(ReadOnlySpan<PciBar> bars)
        {
            string text = "";
            for (int b = 0; b < bars.Length; b++)
            {
                if (bars[b].Kind == PciBarKind.Absent || bars[b].Kind == PciBarKind.UpperHalf)
                    continue;
                text = text + (text.Length == 0 ? "" : ", ") + "bar" + b + " " + bars[b].ToString();
            }
            return text;
        }
    }
}
