// Memory shared with a device: where the driver reaches it (Pointer) and the address the device
// is told (PhysicalAddress). On metal the low 4 GiB are identity-mapped, so both are the same
// number; hosted, tests allocate with NativeMemory and use the pointer as the "physical" address.
//
// Caller rules: the memory must not move or be freed while a queue uses it (page-allocator
// frames on metal, NativeMemory hosted; never a managed array, which a collector could move).
namespace OSv.Drivers.Virtio.Virtqueue
{
    public readonly unsafe struct DmaRegion
    {
        public DmaRegion(byte* pointer, ulong physicalAddress, int lengthBytes)
        {
            Pointer = pointer;
            PhysicalAddress = physicalAddress;
            LengthBytes = lengthBytes;
        }

        public byte* Pointer { get; }
        public ulong PhysicalAddress { get; }
        public int LengthBytes { get; }

        public bool IsEmpty => Pointer == null || LengthBytes == 0;

        // The region from byte offset on (the caller checked offset + lengthBytes fits).
        public DmaRegion Slice(int offset, int lengthBytes) =>
            new DmaRegion(Pointer + offset, PhysicalAddress + (ulong)offset, lengthBytes);
    }
}
