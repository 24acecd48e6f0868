// Finding ACPI tables from the RSDP the PVH loader passes (ACPI 6.5, 5.2.5 to 5.2.8): RSDP →
// XSDT (or RSDT for revision 0) → the table with the wanted signature. Tables are in low memory,
// identity-mapped; every length is checked against a bound before it is trusted.
using System;

namespace OSv.Core.Boot
{
    internal static unsafe class Acpi
    {
        private const int TableBytesMax = 256 * 1024; // a DSDT can be large
        private const int HeaderBytes = 36;
        private const int EntriesMax = 256;

        // The table with this signature, or an empty span.
        public static ReadOnlySpan<byte> FindTable(ulong rsdpAddress, string signature)
        {
            if (rsdpAddress == 0)
                return default;
            byte* rsdp = (byte*)rsdpAddress;
            if (!HasSignature(rsdp, "RSD PTR "))
                return default;
            bool extended = rsdp[15] >= 2;
            byte* root = extended ? (byte*)*(ulong*)(rsdp + 24) : (byte*)(ulong)*(uint*)(rsdp + 16);
            ReadOnlySpan<byte> rootTable = View(root);
            if (rootTable.Length < HeaderBytes)
                return default;
            int entrySize = extended ? 8 : 4;
            int entries = Math.Min((rootTable.Length - HeaderBytes) / entrySize, EntriesMax);
            for (int i = 0; i < entries; i++)
            {
                byte* entry = root + HeaderBytes + i * entrySize;
                byte* table = extended ? (byte*)*(ulong*)entry : (byte*)(ulong)*(uint*)entry;
                if (table != null && Madt.IsSignature(new ReadOnlySpan<byte>(table, 4), signature))
                    return View(table);
            }
            return default;
        }

        // The FADT points at the DSDT: X_DSDT (64-bit, offset 140) when present and set, else
        // DSDT (32-bit, offset 40). ACPI 6.5, 5.2.9.
        private const int FadtDsdtOffset = 40;
        private const int FadtExtendedDsdtOffset = 140;

        public static ReadOnlySpan<byte> FindDsdt(ulong rsdpAddress)
        {
            ReadOnlySpan<byte> fadt = FindTable(rsdpAddress, "FACP");
            ulong address = 0;
            fixed (byte* table = fadt)
            {
                if (fadt.Length >= FadtExtendedDsdtOffset + 8)
                    address = *(ulong*)(table + FadtExtendedDsdtOffset);
                if (address == 0 && fadt.Length >= FadtDsdtOffset + 4)
                    address = *(uint*)(table + FadtDsdtOffset);
            }
            return address == 0 || address >= 1UL << 32 ? default : View((byte*)address);
        }

        private static ReadOnlySpan<byte> View(byte* table)
        {
            if (table == null)
                return default;
            uint length = *(uint*)(table + 4);
            if (length < HeaderBytes || length > TableBytesMax)
                return default;
            return new ReadOnlySpan<byte>(table, (int)length);
        }

        private static bool HasSignature(byte* bytes, string signature)
        {
            for (int i = 0; i < signature.Length; i++)
            {
                if (bytes[i] != (byte)signature[i])
                    return false;
            }
            return true;
        }
    }
}
