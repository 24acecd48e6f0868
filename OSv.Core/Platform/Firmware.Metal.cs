// What the firmware (here: QEMU's PVH loader and its ACPI tables) tells drivers about the
// machine. Tables live in low memory, identity-mapped, for the life of the system.
using System;
using OSv.Core.Boot;

namespace OSv.Core.Platform
{
    public static class Firmware
    {
        private static ulong s_rsdpAddress;

        internal static void Initialize(ulong rsdpAddress) => s_rsdpAddress = rsdpAddress;

        // The ACPI table with this four-character signature ("MCFG", "FACP", ...), or an empty
        // span when the machine has none.
        public static ReadOnlySpan<byte> FindAcpiTable(string signature) => Acpi.FindTable(s_rsdpAddress, signature);

        // The DSDT (the AML that describes devices), through the FADT; empty when absent.
        public static ReadOnlySpan<byte> FindDsdt() => Acpi.FindDsdt(s_rsdpAddress);
    }
}
