// Lists the functions on the host bridge's buses (PCI 3.0, 3.2.2.3.1 "configuration mechanism":
// a slot is present when its vendor ID is not 0xFFFF; functions 1-7 are probed only when
// function 0's header type has the multi-function bit).
//
// Bridges: a PCI-to-PCI bridge's secondary bus is followed only when firmware has numbered it
// (secondary > the bridge's own bus, inside the ECAM bus range) and it was not visited before:
// a bitmap of visited buses makes a loop of bridges impossible to follow twice, and the depth is
// bounded by PciLimits.BridgeDepthMax. Numbering buses ourselves (for microvm, where nothing
// does) is not done: microvm's root bus has no bridges unless the user adds pcie-root-ports, and
// then their devices are not seen (logged by the caller from the bridge's entry).
//
// Output goes into the caller's span; more functions than it holds is reported, not grown.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public static class PciEnumerator
    {
        private struct Walk
        {
            public int Count;
            public bool Overflowed;
            public ulong Visited0, Visited1, Visited2, Visited3; // 256 buses
        }

        // Returns how many functions were written to found; fault is TooManyFunctions when some
        // did not fit (the listed ones are still valid).
        public static int Enumerate(PciConfigAccess access, Span<PciFunctionInfo> found, out PciFault fault)
        {
            var walk = new Walk();
            ScanBus(access, access.BusStart, 0, found, ref walk);
            fault = walk.Overflowed ? new PciFault(PciError.TooManyFunctions, -1) : PciFault.None;
            return walk.Count;
        }

        private static void ScanBus(PciConfigAccess access, int bus, int depth, Span<PciFunctionInfo> found, ref Walk walk)
        {
            if (!MarkVisited(ref walk, bus))
                return;
            for (int device = 0; device < PciLimits.DevicesPerBus; device++)
            {
                var first = new PciAddress(bus, device, 0);
                if (access.Read16(first, PciRegisters.VendorId) == PciRegisters.VendorNone)
                    continue;
                bool multiFunction = (access.Read8(first, PciRegisters.HeaderType) & PciRegisters.HeaderTypeMultiFunction) != 0;
                int functions = multiFunction ? PciLimits.FunctionsPerDevice : 1;
                for (int function = 0; function < functions; function++)
                {
                    var address = new PciAddress(bus, device, function);
                    if (access.Read16(address, PciRegisters.VendorId) == PciRegisters.VendorNone)
                        continue;
                    PciFunctionInfo info = Describe(access, address);
                    if (walk.Count < found.Length)
                        found[walk.Count++] = info;
                    else
                        walk.Overflowed = true;
                    if (info.IsBridge && depth < PciLimits.BridgeDepthMax
                        && info.SecondaryBus > bus && info.SecondaryBus <= access.BusEnd)
                        ScanBus(access, info.SecondaryBus, depth + 1, found, ref walk);
                }
            }
        }

        public static PciFunctionInfo Describe(PciConfigAccess access, PciAddress address)
        {
            var info = new PciFunctionInfo
            {
                Address = address,
                VendorId = access.Read16(address, PciRegisters.VendorId),
                DeviceId = access.Read16(address, PciRegisters.DeviceId),
                RevisionId = access.Read8(address, PciRegisters.RevisionId),
                ProgrammingInterface = access.Read8(address, PciRegisters.ProgrammingInterface),
                SubClass = access.Read8(address, PciRegisters.SubClass),
                BaseClass = access.Read8(address, PciRegisters.BaseClass),
                HeaderLayout = (byte)(access.Read8(address, PciRegisters.HeaderType) & PciRegisters.HeaderLayoutMask),
            };
            if (info.HeaderLayout == PciRegisters.HeaderLayoutDevice)
            {
                info.SubsystemVendorId = access.Read16(address, PciRegisters.SubsystemVendorId);
                info.SubsystemId = access.Read16(address, PciRegisters.SubsystemId);
            }
            else if (info.HeaderLayout == PciRegisters.HeaderLayoutBridge)
                info.SecondaryBus = access.Read8(address, PciRegisters.SecondaryBus);
            return info;
        }

        // False when the bus was visited already (a bridge loop) or is out of range.
        private static bool MarkVisited(ref Walk walk, int bus)
        {
            if (bus < 0 || bus >= PciLimits.BusesMax)
                return false;
            ulong bit = 1UL << (bus & 63);
            int word = bus >> 6;
            ulong old = word == 0 ? walk.Visited0 : word == 1 ? walk.Visited1 : word == 2 ? walk.Visited2 : walk.Visited3;
            if ((old & bit) != 0)
                return false;
            if (word == 0) walk.Visited0 |= bit;
            else if (word == 1) walk.Visited1 |= bit;
            else if (word == 2) walk.Visited2 |= bit;
            else walk.Visited3 |= bit;
            return true;
        }
    }
}
