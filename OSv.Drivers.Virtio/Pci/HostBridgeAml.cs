// Finds the PCI host bridge in a DSDT and what it declares: _CBA (the ECAM base; QEMU 7.2's
// microvm has no MCFG table, so this is where its ECAM is), _SEG, _BBN and the _CRS resource
// template (bus range and memory windows: ResourceTemplate.cs).
//
// Not an AML interpreter: a walk of the namespace's definition blocks (ACPI 6.5, 20.2.5) that
// understands the opcodes which declare objects (Scope, Device, Name, Method, OperationRegion,
// Field and the other packaged definitions, External, Alias, Mutex, Event) and steps over each by
// its encoded length, without executing anything. Method bodies are skipped, except that a
// method whose whole body is Return(<constant>) is read as that constant (QEMU writes _CBA so).
// If..Else blocks are skipped: objects declared conditionally are not seen. An opcode outside
// that subset ends the walk with AmlUnsupportedOpcode and its offset, since its length is
// unknown and guessing would mean following garbage.
//
// Host bridge: a Device whose _HID or _CID is PNP0A08 (PCI Express) or PNP0A03 (PCI), as an EISA
// id integer or a string, and whose segment is 0. The first such is taken. Its _PRT (interrupt
// routing, PciRoutingTable.cs) is located too, and every Device with a _CRS buffer is listed by
// its last name segment, since _PRT names its interrupt link devices (QEMU: GSI0-GSI3).
//
// Bounds: every length is checked against its enclosing package (AmlReader); nesting deeper than
// PciLimits.AmlDepthMax or more than PciLimits.AmlObjectsMax objects fails the walk.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public struct HostBridgeInfo
    {
        public int DeviceOffset;      // of the DeviceOp in the DSDT, for the log
        public bool HasEcamBase;
        public ulong EcamBase;        // _CBA
        public ulong Segment;         // _SEG (0 when absent)
        public ulong BaseBus;         // _BBN (0 when absent)
        public int ResourcesOffset;   // _CRS template bytes in the DSDT (length 0: none)
        public int ResourcesLength;
        public int RoutingTableOffset; // _PRT's Package/VarPackage in the DSDT (0: none)
    }

    // A device that has a _CRS buffer, named by its last name segment: a candidate interrupt link.
    public struct AmlDeviceResources
    {
        public uint Name;
        public int ResourcesOffset;
        public int ResourcesLength;
    }

    public static class HostBridgeAml
    {
        private const byte NameOp = 0x08, ScopeOp = 0x10, MethodOp = 0x14, AliasOp = 0x06, ExternalOp = 0x15;
        private const byte ReturnOp = 0xA4, IfOp = 0xA0, ElseOp = 0xA1, WhileOp = 0xA2;
        private const byte MutexOp = 0x01, EventOp = 0x02, OpRegionOp = 0x80, FieldOp = 0x81, DeviceOp = 0x82;
        private const byte ProcessorOp = 0x83, PowerResOp = 0x84, ThermalZoneOp = 0x85, IndexFieldOp = 0x86, BankFieldOp = 0x87;

        // EISA ids as AML integers (ACPI 6.5, 6.1.5): "PNP0A08", "PNP0A03".
        private const ulong EisaPciExpressBridge = 0x080AD041;
        private const ulong EisaPciBridge = 0x030AD041;

        private struct DeviceFacts
        {
            public bool IsHostBridge;
            public HostBridgeInfo Info;
        }

        private ref struct Walk
        {
            public int Objects;
            public bool Found;
            public HostBridgeInfo Bridge;
            public Span<AmlDeviceResources> Devices;
            public int DeviceCount;
        }

        // dsdt: the whole table (validated here: signature, length, checksum).
        public static PciFault TryFind(ReadOnlySpan<byte> dsdt, out HostBridgeInfo bridge) =>
            TryFind(dsdt, out bridge, default, out _);

        // Also lists devices with a _CRS buffer into devices (at most its length; more are not
        // listed), for interrupt link lookup.
        public static PciFault TryFind(ReadOnlySpan<byte> dsdt, out HostBridgeInfo bridge, Span<AmlDeviceResources> devices, out int deviceCount)
        {
            bridge = default;
            deviceCount = 0;
            PciFault fault = AcpiTableCheck.Validate(dsdt, "DSDT", out ReadOnlySpan<byte> aml);
            if (!fault.IsNone)
                return fault;
            var walk = new Walk { Devices = devices };
            var top = new DeviceFacts();
            fault = WalkTerms(aml, AcpiTableCheck.HeaderBytes, aml.Length, 0, ref top, ref walk);
            if (!fault.IsNone)
                return fault;
            deviceCount = walk.DeviceCount;
            if (!walk.Found)
                return new PciFault(PciError.HostBridgeNotFound, -1);
            bridge = walk.Bridge;
            return PciFault.None;
        }

        // Walks the term list [start, end); Name and Method facts are recorded into owner (the
        // enclosing Device's facts; a dummy for scopes).
        private static PciFault WalkTerms(ReadOnlySpan<byte> aml, int start, int end, int depth, ref DeviceFacts owner, ref Walk walk)
        {
            if (depth > PciLimits.AmlDepthMax)
                return new PciFault(PciError.AmlTooDeep, start);
            int p = start;
            while (p < end) // every branch advances p past the object, or returns
            {
                if (++walk.Objects > PciLimits.AmlObjectsMax)
                    return new PciFault(PciError.AmlTooManyObjects, p);
                PciFault fault = WalkTerm(aml, p, end, depth, ref owner, ref walk, out int after);
                if (!fault.IsNone)
                    return fault;
                p = after;
            }
            return PciFault.None;
        }

        private static PciFault WalkTerm(ReadOnlySpan<byte> aml, int p, int end, int depth, ref DeviceFacts owner, ref Walk walk, out int after)
        {
            after = 0;
            byte op = aml[p];
            if (op == NameOp)
                return ReadName(aml, p, end, ref owner, out after);
            if (op == ScopeOp)
            {
                if (!AmlReader.TryReadPackageLength(aml, p + 1, end, out after, out int content))
                    return new PciFault(PciError.AmlBadPackageLength, p);
                if (!AmlReader.TryReadNameString(aml, content, after, out int body, out _))
                    return new PciFault(PciError.AmlBadName, content);
                var scope = new DeviceFacts();
                return WalkTerms(aml, body, after, depth + 1, ref scope, ref walk);
            }
            if (op == MethodOp)
                return ReadMethod(aml, p, end, ref owner, out after);
            if (op == IfOp || op == ElseOp || op == WhileOp)
                return SkipPackage(aml, p, p + 1, end, out after);
            if (op == ExternalOp)
                return SkipNameThen(aml, p, p + 1, end, 2, out after);
            if (op == AliasOp)
            {
                if (!AmlReader.TryReadNameString(aml, p + 1, end, out int second, out _))
                    return new PciFault(PciError.AmlBadName, p + 1);
                return SkipNameThen(aml, p, second, end, 0, out after);
            }
            if (op == AmlReader.ExtendedOpPrefix && p + 1 < end)
                return WalkExtended(aml, p, end, depth, ref walk, out after);
            return new PciFault(PciError.AmlUnsupportedOpcode, p);
        }

        private static PciFault WalkExtended(ReadOnlySpan<byte> aml, int p, int end, int depth, ref Walk walk, out int after)
        {
            after = 0;
            byte op = aml[p + 1];
            if (op == DeviceOp)
                return WalkDevice(aml, p, end, depth, ref walk, out after);
            if (op == FieldOp || op == IndexFieldOp || op == BankFieldOp || op == ProcessorOp || op == PowerResOp || op == ThermalZoneOp)
                return SkipPackage(aml, p, p + 2, end, out after);
            if (op == MutexOp)
                return SkipNameThen(aml, p, p + 2, end, 1, out after);
            if (op == EventOp)
                return SkipNameThen(aml, p, p + 2, end, 0, out after);
            if (op == OpRegionOp)
            {
                // OperationRegion: NameString, RegionSpace byte, offset and length as constants.
                if (!AmlReader.TryReadNameString(aml, p + 2, end, out int space, out _))
                    return new PciFault(PciError.AmlBadName, p + 2);
                if (space >= end
                    || !AmlReader.TryReadInteger(aml, space + 1, end, out _, out int length)
                    || !AmlReader.TryReadInteger(aml, length, end, out _, out after))
                    return new PciFault(PciError.AmlUnsupportedOpcode, p);
                return PciFault.None;
            }
            return new PciFault(PciError.AmlUnsupportedOpcode, p);
        }

        private static PciFault WalkDevice(ReadOnlySpan<byte> aml, int p, int end, int depth, ref Walk walk, out int after)
        {
            if (!AmlReader.TryReadPackageLength(aml, p + 2, end, out after, out int content))
                return new PciFault(PciError.AmlBadPackageLength, p);
            if (!AmlReader.TryReadNameString(aml, content, after, out int body, out uint name))
                return new PciFault(PciError.AmlBadName, content);
            var facts = new DeviceFacts();
            facts.Info.DeviceOffset = p;
            PciFault fault = WalkTerms(aml, body, after, depth + 1, ref facts, ref walk);
            if (!fault.IsNone)
                return fault;
            if (facts.Info.ResourcesLength > 0 && walk.DeviceCount < walk.Devices.Length)
            {
                walk.Devices[walk.DeviceCount++] = new AmlDeviceResources
                {
                    Name = name,
                    ResourcesOffset = facts.Info.ResourcesOffset,
                    ResourcesLength = facts.Info.ResourcesLength,
                };
            }
            if (facts.IsHostBridge && facts.Info.Segment == 0 && !walk.Found)
            {
                walk.Found = true;
                walk.Bridge = facts.Info;
            }
            return PciFault.None;
        }

        // Name(NameString, DataRefObject): records _HID/_CID/_CBA/_SEG/_BBN/_CRS of the owner.
        private static PciFault ReadName(ReadOnlySpan<byte> aml, int p, int end, ref DeviceFacts owner, out int after)
        {
            after = 0;
            if (!AmlReader.TryReadNameString(aml, p + 1, end, out int value, out uint name))
                return new PciFault(PciError.AmlBadName, p + 1);
            if (!AmlReader.TrySkipDataObject(aml, value, end, out after))
                return new PciFault(PciError.AmlUnsupportedOpcode, value);
            RecordValue(aml, name, value, after, ref owner);
            return PciFault.None;
        }

        // Method: skipped, unless the body is exactly Return(<integer or buffer constant>).
        private static PciFault ReadMethod(ReadOnlySpan<byte> aml, int p, int end, ref DeviceFacts owner, out int after)
        {
            if (!AmlReader.TryReadPackageLength(aml, p + 1, end, out after, out int content))
                return new PciFault(PciError.AmlBadPackageLength, p);
            if (!AmlReader.TryReadNameString(aml, content, after, out int flags, out uint name))
                return new PciFault(PciError.AmlBadName, content);
            int body = flags + 1;
            if (body < after && aml[body] == ReturnOp
                && AmlReader.TrySkipDataObject(aml, body + 1, after, out int valueEnd) && valueEnd == after)
                RecordValue(aml, name, body + 1, after, ref owner);
            return PciFault.None;
        }

        private static void RecordValue(ReadOnlySpan<byte> aml, uint name, int value, int end, ref DeviceFacts owner)
        {
            if (name == AmlReader.NameSeg("_HID") || name == AmlReader.NameSeg("_CID"))
                owner.IsHostBridge |= IsHostBridgeId(aml, value, end);
            else if (name == AmlReader.NameSeg("_CBA"))
                owner.Info.HasEcamBase = AmlReader.TryReadInteger(aml, value, end, out owner.Info.EcamBase, out _);
            else if (name == AmlReader.NameSeg("_SEG"))
                AmlReader.TryReadInteger(aml, value, end, out owner.Info.Segment, out _);
            else if (name == AmlReader.NameSeg("_BBN"))
                AmlReader.TryReadInteger(aml, value, end, out owner.Info.BaseBus, out _);
            else if (name == AmlReader.NameSeg("_PRT") && (aml[value] == AmlReader.PackageOp || aml[value] == AmlReader.VarPackageOp))
                owner.Info.RoutingTableOffset = value;
            else if (name == AmlReader.NameSeg("_CRS")
                && AmlReader.TryReadBuffer(aml, value, end, out int data, out int length, out _))
            {
                owner.Info.ResourcesOffset = data;
                owner.Info.ResourcesLength = length;
            }
        }

        private static bool IsHostBridgeId(ReadOnlySpan<byte> aml, int value, int end)
        {
            if (AmlReader.TryReadInteger(aml, value, end, out ulong eisa, out _))
                return eisa == EisaPciExpressBridge || eisa == EisaPciBridge;
            if (!AmlReader.TryReadString(aml, value, end, out int start, out int length, out _))
                return false;
            ReadOnlySpan<byte> id = aml.Slice(start, length);
            return id.SequenceEqual("PNP0A08"u8) || id.SequenceEqual("PNP0A03"u8);
        }

        private static PciFault SkipPackage(ReadOnlySpan<byte> aml, int p, int lengthAt, int end, out int after)
        {
            if (!AmlReader.TryReadPackageLength(aml, lengthAt, end, out after, out _))
                return new PciFault(PciError.AmlBadPackageLength, p);
            return PciFault.None;
        }

        // A name string followed by trailingBytes fixed bytes.
        private static PciFault SkipNameThen(ReadOnlySpan<byte> aml, int p, int nameAt, int end, int trailingBytes, out int after)
        {
            after = 0;
            if (!AmlReader.TryReadNameString(aml, nameAt, end, out int nameEnd, out _))
                return new PciFault(PciError.AmlBadName, nameAt);
            if (trailingBytes > end - nameEnd)
                return new PciFault(PciError.AmlBadPackageLength, p);
            after = nameEnd + trailingBytes;
            return PciFault.None;
        }
    }
}
