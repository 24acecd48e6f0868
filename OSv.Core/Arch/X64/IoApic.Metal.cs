// I/O APICs: where device interrupt lines (GSIs: ISA lines on microvm, virtio-mmio devices)
// become interrupt vectors (82093AA datasheet; the MADT says where each I/O APIC is and which
// GSIs it owns). Each line is routed to one vector on the boot processor. MSI (PCI devices)
// bypasses the I/O APIC: see MsiMessage.
using OSv.Core.Boot;

namespace OSv.Core.Arch.X64
{
    internal static unsafe class IoApic
    {
        public const int IoApicsMax = 8;

        private const int SelectRegister = 0x00;
        private const int WindowRegister = 0x10;
        private const uint VersionRegisterIndex = 0x01;
        private const uint RedirectionTableIndex = 0x10;
        private const uint ActiveLow = 1 << 13;
        private const uint LevelTriggered = 1 << 15;
        private const uint Masked = 1 << 16;

        private static readonly IoApicEntryInfo[] s_ioApics = new IoApicEntryInfo[IoApicsMax];
        private static int s_count;

        public static void Initialize(System.ReadOnlySpan<byte> madt) =>
            s_count = Madt.FindIoApics(madt, s_ioApics);

        // Routes a GSI to a vector on the CPU with this APIC id; false if no I/O APIC owns it.
        public static bool Route(InterruptRoute route, int vector, uint destinationApicId)
        {
            if (!TryFind(route.Gsi, out IoApicEntryInfo owner))
                return false;
            uint entry = RedirectionTableIndex + 2 * (route.Gsi - owner.GsiBase);
            uint low = (uint)vector;
            if (route.ActiveLow)
                low |= ActiveLow;
            if (route.LevelTriggered)
                low |= LevelTriggered;
            byte* registers = (byte*)owner.Address;
            Write(registers, entry, Masked);
            Write(registers, entry + 1, destinationApicId << 24);
            Write(registers, entry, low);
            return true;
        }

        private static bool TryFind(uint gsi, out IoApicEntryInfo owner)
        {
            for (int i = 0; i < s_count; i++)
            {
                IoApicEntryInfo candidate = s_ioApics[i];
                uint lines = ((Read((byte*)candidate.Address, VersionRegisterIndex) >> 16) & 0xFF) + 1;
                if (gsi >= candidate.GsiBase && gsi < candidate.GsiBase + lines)
                {
                    owner = candidate;
                    return true;
                }
            }
            owner = default;
            return false;
        }

        private static uint Read(byte* registers, uint index)
        {
            Mmio.Write32(registers + SelectRegister, index);
            return Mmio.Read32(registers + WindowRegister);
        }

        private static void Write(byte* registers, uint index, uint value)
        {
            Mmio.Write32(registers + SelectRegister, index);
            Mmio.Write32(registers + WindowRegister, value);
        }
    }
}
