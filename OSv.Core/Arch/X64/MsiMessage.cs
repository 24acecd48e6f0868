// The message a PCI device writes to signal an interrupt by MSI or MSI-X (Intel SDM vol. 3,
// 11.11): an address in the 0xFEE00000 window naming the destination local APIC, and data
// naming the vector. Drivers program these into the device's MSI capability or MSI-X table;
// no I/O APIC is involved. Pure, so it is tested hosted.
namespace OSv.Core.Arch.X64
{
    public readonly struct MsiMessage
    {
        private const ulong AddressBase = 0xFEE0_0000;
        private const int DestinationShift = 12;
        private const uint EdgeTriggeredFixed = 0; // delivery mode fixed, edge, assert

        public MsiMessage(ulong address, uint data)
        {
            Address = address;
            Data = data;
        }

        public ulong Address { get; }
        public uint Data { get; }

        // A fixed, edge-triggered interrupt on vector for the CPU with this (xAPIC, 8-bit) id.
        public static MsiMessage ForVector(byte destinationApicId, byte vector) =>
            new MsiMessage(AddressBase | ((ulong)destinationApicId << DestinationShift), EdgeTriggeredFixed | vector);
    }
}
