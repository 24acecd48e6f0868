// Offsets and bits of the conventional configuration header (PCI Local Bus 3.0, 6.1-6.2; the
// type 1 bridge header from the PCI-to-PCI Bridge Architecture 1.2, 3.2), and the capability
// IDs this code looks for. Names follow the specifications' register names.
namespace OSv.Drivers.Virtio.Pci
{
    public static class PciRegisters
    {
        public const int VendorId = 0x00;
        public const int DeviceId = 0x02;
        public const int Command = 0x04;
        public const int Status = 0x06;
        public const int RevisionId = 0x08;
        public const int ProgrammingInterface = 0x09;
        public const int SubClass = 0x0A;
        public const int BaseClass = 0x0B;
        public const int HeaderType = 0x0E;
        public const int Bar0 = 0x10;
        public const int SubsystemVendorId = 0x2C;
        public const int SubsystemId = 0x2E;
        public const int CapabilitiesPointer = 0x34;
        public const int InterruptLine = 0x3C;
        public const int InterruptPin = 0x3D;

        // Type 1 (bridge) header.
        public const int PrimaryBus = 0x18;
        public const int SecondaryBus = 0x19;
        public const int SubordinateBus = 0x1A;

        // Vendor ID that no function answers with: the read of an empty slot.
        public const ushort VendorNone = 0xFFFF;

        // Command register.
        public const ushort CommandIoSpace = 1 << 0;
        public const ushort CommandMemorySpace = 1 << 1;
        public const ushort CommandBusMaster = 1 << 2;
        public const ushort CommandInterruptDisable = 1 << 10;

        // Status register: a capability list exists.
        public const ushort StatusCapabilitiesList = 1 << 4;

        // Header type: bit 7 multi-function, bits 6:0 layout.
        public const byte HeaderTypeMultiFunction = 0x80;
        public const byte HeaderLayoutMask = 0x7F;
        public const byte HeaderLayoutDevice = 0x00;
        public const byte HeaderLayoutBridge = 0x01;

        // BAR low bits (6.2.5.1).
        public const uint BarIoSpace = 0x1;
        public const uint BarMemoryTypeMask = 0x6;
        public const uint BarMemoryType32 = 0x0;
        public const uint BarMemoryType64 = 0x4;
        public const uint BarPrefetchable = 0x8;
        public const uint BarMemoryAddressMask = 0xFFFF_FFF0;
        public const uint BarIoAddressMask = 0xFFFF_FFFC;

        // Capability IDs (PCI Code and ID Assignment 1.11, 2).
        public const byte CapabilityMsix = 0x11;
        public const byte CapabilityVendorSpecific = 0x09;

        // The capability pointer's two low bits are reserved; software masks them (6.7).
        public const byte CapabilityPointerMask = 0xFC;

        // Bytes of every capability header: ID, next pointer.
        public const int CapabilityHeaderBytes = 2;

        public static int BarOffset(int index) => Bar0 + 4 * index;
    }
}
