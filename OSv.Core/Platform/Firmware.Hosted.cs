// Hosted, there is no firmware of ours: no ACPI tables.
using System;

namespace OSv.Core.Platform
{
    public static class Firmware
    {
        public static ReadOnlySpan<byte> FindAcpiTable(string signature) => default;

        public static ReadOnlySpan<byte> FindDsdt() => default;
    }
}
