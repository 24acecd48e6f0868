// The ACPI MADT ("APIC" table, ACPI 6.5 section 5.2.12): which local APICs, that is which CPUs,
// the machine has. Pure: the metal boot path finds the table through the RSDP the loader gives
// (Acpi.Metal.cs) and hands its bytes here; hosted tests hand it synthetic tables.
using System;

namespace OSv.Core.Boot
{
    public static class Madt
    {
        public const int HeaderBytes = 44; // 36-byte system description header + local APIC address + flags
        private const byte ProcessorLocalApic = 0;
        private const byte ProcessorLocalX2Apic = 9;
        private const uint Enabled = 1;
        private const uint OnlineCapable = 2;

        // Writes the APIC ids of usable CPUs (enabled, or online-capable) to apicIds, in table
        // order, and returns how many there are (at most apicIds.Length; more are ignored).
        // A malformed entry (length too short, running past the table) ends the walk.
        public static int FindCpus(ReadOnlySpan<byte> table, Span<uint> apicIds)
        {
            if (table.Length < HeaderBytes || !IsSignature(table, "APIC"))
                return 0;
            int length = (int)Math.Min((ulong)table.Length, ReadUInt32(table, 4));
            int count = 0;
            for (int offset = HeaderBytes; offset + 2 <= length && count < apicIds.Length;)
            {
                byte type = table[offset];
                byte entryLength = table[offset + 1];
                if (entryLength < 2 || offset + entryLength > length)
                    break;
                if (type == ProcessorLocalApic && entryLength >= 8 && IsUsable(ReadUInt32(table, offset + 4)))
                    apicIds[count++] = table[offset + 3];
                else if (type == ProcessorLocalX2Apic && entryLength >= 16 && IsUsable(ReadUInt32(table, offset + 8)))
                    apicIds[count++] = ReadUInt32(table, offset + 4);
                offset += entryLength;
            }
            return count;
        }

        private static bool IsUsable(uint flags) => (flags & (Enabled | OnlineCapable)) != 0;

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
