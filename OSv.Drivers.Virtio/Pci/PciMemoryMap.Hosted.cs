// Hosted: "physical" BAR addresses are pointers to memory the tests allocated (NativeMemory),
// standing in for device memory, so the address is the pointer.
namespace OSv.Drivers.Virtio.Pci
{
    public static unsafe class PciMemoryMap
    {
        public static bool IsMapped(ulong physicalAddress, ulong lengthBytes) => true;

        public static byte* Map(ulong physicalAddress, ulong lengthBytes) => (byte*)physicalAddress;
    }
}
