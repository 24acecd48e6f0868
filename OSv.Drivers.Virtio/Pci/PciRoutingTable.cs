// Which line interrupt each root-bus slot's INTA-INTD raises: the host bridge's _PRT (ACPI 6.5,
// 6.2.13), a package of {address, pin, source, source index} packages. Address: slot in the high
// word, 0xFFFF (any function) in the low word; pin: 0-3 for INTA-INTD. Source either Zero, and
// the index is the GSI itself (level-triggered, active-low, as 6.2.13 says), or the name of an
// interrupt link device whose _CRS gives the GSI with its trigger and polarity (QEMU microvm:
// GSI0-GSI3, Interrupt(Level, ActiveHigh){16..19}).
//
// Used for the line interrupt (INTx, acknowledged through the virtio ISR byte) when MSI-X is not
// used. Only devices on the host bridge's own bus are covered (a device behind a bridge would
// need the bridge's _PRT or the swizzle). Links are found by their last name segment among the
// devices HostBridgeAml listed; the first device of that name wins.
//
// The package is parsed, not interpreted: every element must be a literal package of four
// literal values, else the whole table is refused (AmlUnsupportedOpcode / AmlBadPackageLength).
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public sealed class PciRoutingTable
    {
        public const int PinsPerSlot = 4;
        private const ushort AnyFunction = 0xFFFF;
        private const int ElementCount = 4;

        private readonly PciInterruptRoute[] _routes = new PciInterruptRoute[PciLimits.DevicesPerBus * PinsPerSlot];

        // interruptPin as the config register holds it: 1-4 for INTA-INTD, 0 for none.
        public PciInterruptRoute Find(int device, int interruptPin) =>
            device >= 0 && device < PciLimits.DevicesPerBus && interruptPin >= 1 && interruptPin <= PinsPerSlot
                ? _routes[device * PinsPerSlot + interruptPin - 1]
                : default;

        public static PciFault TryParse(ReadOnlySpan<byte> dsdt, HostBridgeInfo bridge, ReadOnlySpan<AmlDeviceResources> devices, out PciRoutingTable? table)
        {
            table = null;
            int at = bridge.RoutingTableOffset;
            if (at <= 0 || at >= dsdt.Length)
                return new PciFault(PciError.HostBridgeNoRoutingTable, bridge.DeviceOffset);
            if (!AmlReader.TryReadPackageLength(dsdt, at + 1, dsdt.Length, out int end, out int content))
                return new PciFault(PciError.AmlBadPackageLength, at);
            int p;
            if (dsdt[at] == AmlReader.PackageOp)
                p = content + 1; // NumElements: one byte
            else if (!AmlReader.TryReadInteger(dsdt, content, end, out _, out p))
                return new PciFault(PciError.AmlUnsupportedOpcode, content);
            var result = new PciRoutingTable();
            while (p < end) // each element advances p past its package, or returns
            {
                PciFault fault = result.ReadEntry(dsdt, p, end, devices, out p);
                if (!fault.IsNone)
                    return fault;
            }
            table = result;
            return PciFault.None;
        }

        private PciFault ReadEntry(ReadOnlySpan<byte> dsdt, int at, int end, ReadOnlySpan<AmlDeviceResources> devices, out int after)
        {
            after = 0;
            if (dsdt[at] != AmlReader.PackageOp)
                return new PciFault(PciError.AmlUnsupportedOpcode, at);
            if (!AmlReader.TryReadPackageLength(dsdt, at + 1, end, out after, out int content))
                return new PciFault(PciError.AmlBadPackageLength, at);
            if (content >= after || dsdt[content] != ElementCount)
                return new PciFault(PciError.AmlUnsupportedOpcode, at);
            if (!AmlReader.TryReadInteger(dsdt, content + 1, after, out ulong address, out int pinAt)
                || !AmlReader.TryReadInteger(dsdt, pinAt, after, out ulong pin, out int sourceAt))
                return new PciFault(PciError.AmlUnsupportedOpcode, content);
            PciInterruptRoute route;
            uint link = 0;
            int indexAt;
            if (sourceAt < after && dsdt[sourceAt] == AmlReader.ZeroOp)
                indexAt = sourceAt + 1;
            else if (!AmlReader.TryReadNameString(dsdt, sourceAt, after, out indexAt, out link))
                return new PciFault(PciError.AmlBadName, sourceAt);
            if (!AmlReader.TryReadInteger(dsdt, indexAt, after, out ulong index, out _))
                return new PciFault(PciError.AmlUnsupportedOpcode, indexAt);
            if (link == 0)
                route = new PciInterruptRoute { IsPresent = true, Gsi = (uint)index, LevelTriggered = true, ActiveLow = true };
            else
            {
                PciFault fault = ResolveLink(dsdt, devices, link, sourceAt, out route);
                if (!fault.IsNone)
                    return fault;
            }
            ulong slot = address >> 16;
            if ((address & 0xFFFF) == AnyFunction && slot < PciLimits.DevicesPerBus && pin < PinsPerSlot)
            {
                ref PciInterruptRoute entry = ref _routes[(int)slot * PinsPerSlot + (int)pin];
                if (!entry.IsPresent)
                    entry = route; // first entry for a slot and pin wins
            }
            return PciFault.None;
        }

        private static PciFault ResolveLink(ReadOnlySpan<byte> dsdt, ReadOnlySpan<AmlDeviceResources> devices, uint link, int at, out PciInterruptRoute route)
        {
            route = default;
            for (int i = 0; i < devices.Length; i++)
            {
                if (devices[i].Name != link)
                    continue;
                if (!LittleEndian.Fits(devices[i].ResourcesOffset, devices[i].ResourcesLength, dsdt.Length))
                    return new PciFault(PciError.ResourceTemplateMalformed, at);
                return ResourceTemplate.TryParseInterrupt(dsdt.Slice(devices[i].ResourcesOffset, devices[i].ResourcesLength), out route);
            }
            return new PciFault(PciError.InterruptLinkNotFound, at);
        }
    }
}
