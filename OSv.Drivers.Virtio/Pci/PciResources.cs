// Gives every function's memory BARs an address (PCI 3.0, 6.2.5.1), in one pass over the bus, so
// that placements never collide: probe all BARs, keep the ones firmware already placed (memory
// decoding enabled and a non-zero address: q35 with SeaBIOS), place the rest in the host
// bridge's 32-bit window (BarPlacement), write them. Nothing is written unless every request
// fits. I/O BARs are not assigned: microvm's host bridge has no I/O window, and modern virtio
// needs none (a transitional device's legacy BAR0 stays unassigned).
//
// Decoding stays off: the driver that binds a function turns on memory decoding and bus
// mastering for it (EnableMemoryAndBusMaster), after its BARs hold their final addresses.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public static class PciResources
    {
        // bars: PciLimits.BarsMax entries per function, in the order of functions; faults: one per
        // function (None, or why its BARs could not be decoded: then its BARs are Absent and it
        // must not be bound). Returns a fault for the placement as a whole.
        public static PciFault AssignAll(PciConfigAccess access, ReadOnlySpan<PciFunctionInfo> functions, AddressWindow window, Span<PciBar> bars, Span<PciFault> faults)
        {
            int requestCount = 0;
            int reservedCount = 0;
            for (int f = 0; f < functions.Length; f++)
            {
                Span<PciBar> own = bars.Slice(f * PciLimits.BarsMax, PciLimits.BarsMax);
                faults[f] = PciBarProbe.Probe(access, functions[f].Address, functions[f].HeaderLayout, own);
                if (!faults[f].IsNone)
                {
                    own.Clear();
                    continue;
                }
                bool firmwarePlaced = (access.Read16(functions[f].Address, PciRegisters.Command) & PciRegisters.CommandMemorySpace) != 0;
                for (int b = 0; b < PciLimits.BarsMax; b++)
                {
                    if (!own[b].IsMemory)
                        continue;
                    if (firmwarePlaced && own[b].Address != 0)
                        reservedCount++;
                    else
                        requestCount++;
                }
            }
            var requests = new BarRequest[requestCount];
            var reserved = new AddressWindow[reservedCount];
            Collect(access, functions, bars, faults, requests, reserved);
            PciFault fault = BarPlacement.Place(requests, window, reserved);
            if (!fault.IsNone)
                return fault;
            for (int r = 0; r < requests.Length; r++)
            {
                int f = requests[r].Owner / PciLimits.BarsMax;
                int b = requests[r].Owner % PciLimits.BarsMax;
                ref PciBar bar = ref bars[requests[r].Owner];
                bar.Address = requests[r].Address;
                PciBarProbe.WriteAddress(access, functions[f].Address, b, bar);
            }
            return PciFault.None;
        }

        // Turns on memory-space decoding and bus mastering (PCI 3.0, 6.2.2): the function answers
        // at its BARs and may DMA (virtqueues, MSI-X messages are memory writes too).
        public static void EnableMemoryAndBusMaster(PciConfigAccess access, PciAddress function)
        {
            ushort command = access.Read16(function, PciRegisters.Command);
            access.Write16(function, PciRegisters.Command, (ushort)(command | PciRegisters.CommandMemorySpace | PciRegisters.CommandBusMaster));
        }

        private static void Collect(PciConfigAccess access, ReadOnlySpan<PciFunctionInfo> functions, Span<PciBar> bars, ReadOnlySpan<PciFault> faults, Span<BarRequest> requests, Span<AddressWindow> reserved)
        {
            int requestCount = 0;
            int reservedCount = 0;
            for (int f = 0; f < functions.Length; f++)
            {
                if (!faults[f].IsNone)
                    continue;
                bool firmwarePlaced = (access.Read16(functions[f].Address, PciRegisters.Command) & PciRegisters.CommandMemorySpace) != 0;
                for (int b = 0; b < PciLimits.BarsMax; b++)
                {
                    PciBar bar = bars[f * PciLimits.BarsMax + b];
                    if (!bar.IsMemory)
                        continue;
                    if (firmwarePlaced && bar.Address != 0)
                        reserved[reservedCount++] = new AddressWindow(bar.Address, bar.SizeBytes);
                    else
                        requests[requestCount++] = new BarRequest { Owner = f * PciLimits.BarsMax + b, SizeBytes = bar.SizeBytes };
                }
            }
        }
    }
}
