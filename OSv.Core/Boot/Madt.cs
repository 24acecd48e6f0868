// The ACPI MADT ("APIC" table, ACPI 6.5 section 5.2.12): which local APICs, that is which CPUs,
// the machine has. Pure: the metal boot path finds the table through the RSDP the loader gives
// (Acpi.Metal.cs) and hands its bytes here; hosted tests hand it synthetic tables.
using System;

namespace OSv.Core.Boot
{
    public readonly struct IoApicEntryInfo
    {
        public IoApicEntryInfo(byte id, uint address, uint gsiBase)
        {
            Id = id;
            Address = address;
            GsiBase = gsiBase;
        }

        public byte Id { get; }
        public uint Address { get; }
        public uint GsiBase { get; }
    }

    public readonly struct InterruptRoute
    {
        public InterruptRoute(uint gsi, bool activeLow, bool levelTriggered)
        {
            Gsi = gsi;
            ActiveLow = activeLow;
            LevelTriggered = levelTriggered;
        }

        public uint Gsi { get; }
        public bool ActiveLow { get; }
        public bool LevelTriggered { get; }
    }

    public static class Madt
    {
        public const int HeaderBytes = 44; // 36-byte system description header + local APIC address + flags
        private const byte ProcessorLocalApic = 0;
        private const byte IoApicEntry = 1;
        private const byte InterruptSourceOverrideEntry = 2;
        private const byte ProcessorLocalX2Apic = 9;
        private const uint Enabled = 1;
        private const uint OnlineCapable = 2;

        // Writes the APIC ids of usable CPUs (enabled, or online-capable) to apicIds, in table
        // order, and returns how many there are (at most apicIds.Length; more are ignored).
        // A malformed entry (length too short, running past the table) ends the walk.
        public static int FindCpus(ReadOnlySpan<byte> table, Span<uint> apicIds)
        {
            int count = 0;
            for (int offset = HeaderBytes; count < apicIds.Length && NextEntry(table, ref offset, out byte type, out int entry, out int length);)
            {
                if (type == ProcessorLocalApic && length >= 8 && IsUsable(ReadUInt32(table, entry + 4)))
                    apicIds[count++] = table[entry + 3];
                else if (type == ProcessorLocalX2Apic && length >= 16 && IsUsable(ReadUInt32(table, entry + 8)))
                    apicIds[count++] = ReadUInt32(table, entry + 4);
            }
            return count;
        }

        private static bool IsUsable(uint flags) => (flags & (Enabled | OnlineCapable)) != 0;

        // The I/O APICs (MADT type 1): where each one's registers are and its first GSI.
        public static int FindIoApics(ReadOnlySpan<byte> table, Span<IoApicEntryInfo> ioApics)
        {
            int count = 0;
            for (int offset = HeaderBytes; count < ioApics.Length && NextEntry(table, ref offset, out byte type, out int entry, out int length);)
            {
                if (type == IoApicEntry && length >= 12)
                    ioApics[count++] = new IoApicEntryInfo(table[entry + 2], ReadUInt32(table, entry + 4), ReadUInt32(table, entry + 8));
            }
            return count;
        }

        // Where an ISA interrupt line really arrives (MADT type 2), with its polarity and
        // trigger mode; lines without an override are GSI = IRQ, active high, edge-triggered.
        public static InterruptRoute RouteIsaInterrupt(ReadOnlySpan<byte> table, byte isaIrq)
        {
            for (int offset = HeaderBytes; NextEntry(table, ref offset, out byte type, out int entry, out int length);)
            {
                if (type != InterruptSourceOverrideEntry || length < 10 || table[entry + 3] != isaIrq)
                    continue;
                ushort flags = (ushort)(table[entry + 8] | (table[entry + 9] << 8));
                return new InterruptRoute(ReadUInt32(table, entry + 4), activeLow: (flags & 3) == 3, levelTriggered: ((flags >> 2) & 3) == 3);
            }
            return new InterruptRoute(isaIrq, activeLow: false, levelTriggered: false);
        }

        // The entry at offset (its type, start and length), advancing offset past it; false at the
        // end of the table, and at a malformed entry (too short, or running past the table).
        private static bool NextEntry(ReadOnlySpan<byte> table, ref int offset, out byte type, out int entry, out int length)
        {
            type = 0;
            entry = offset;
            length = 0;
            if (table.Length < HeaderBytes || !IsSignature(table, "APIC"))
                return false;
            int tableLength = (int)Math.Min((ulong)table.Length, ReadUInt32(table, 4));
            if (offset + 2 > tableLength)
                return false;
            type = table[offset];
            length = table[offset + 1];
            if (length < 2 || offset + length > tableLength)
                return false;
            offset += length;
            return true;
        }

        public static bool IsSignature(ReadOnlySpan<byte> table, string signature)
        {
            for (int i = 0; i < 4; i++)
            {
                if (table[i] != (byte)signature[i])
                    return false;
            }
            return true;
        }

        public static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
            (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));
    }
}
