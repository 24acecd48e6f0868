// The MCFG table (PCI Firmware Specification 3.2, 4.1.2): where ECAM lives per PCI segment.
// Layout: the 36-byte ACPI header, 8 reserved bytes, then 16-byte entries {u64 base address,
// u16 segment, u8 start bus, u8 end bus, u32 reserved}. We use segment 0 only (one host bridge:
// microvm, q35). q35 has an MCFG; QEMU 7.2's microvm does not (its ECAM is in the DSDT's _CBA).
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public static class Mcfg
    {
        private const int EntriesOffset = AcpiTableCheck.HeaderBytes + 8;
        private const int EntryBytes = 16;

        public static PciFault TryParse(ReadOnlySpan<byte> bytes, out EcamRegion region)
        {
            region = default;
            PciFault fault = AcpiTableCheck.Validate(bytes, "MCFG", out ReadOnlySpan<byte> table);
            if (!fault.IsNone)
                return fault;
            if (table.Length < EntriesOffset)
                return new PciFault(PciError.TableTruncated, table.Length);
            int entries = (table.Length - EntriesOffset) / EntryBytes; // bounded by the table length
            for (int i = 0; i < entries; i++)
            {
                int entry = EntriesOffset + i * EntryBytes;
                ushort segment = LittleEndian.ReadUInt16(table, entry + 8);
                if (segment != 0)
                    continue;
                byte busStart = table[entry + 10];
                byte busEnd = table[entry + 11];
                if (busEnd < busStart)
                    return new PciFault(PciError.McfgBadBusRange, entry + 10);
                region = new EcamRegion(LittleEndian.ReadUInt64(table, entry), segment, busStart, busEnd);
                return PciFault.None;
            }
            return new PciFault(PciError.McfgNoSegmentZero, -1);
        }
    }
}
