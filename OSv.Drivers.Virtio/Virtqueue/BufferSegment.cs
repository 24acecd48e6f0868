// One physically contiguous piece of a buffer the driver offers the device: a descriptor's addr
// and len (2.7.5). Whether the device reads or writes it depends on which list it is passed in.
namespace OSv.Drivers.Virtio.Virtqueue
{
    public readonly struct BufferSegment
    {
        public BufferSegment(ulong physicalAddress, uint lengthBytes)
        {
            PhysicalAddress = physicalAddress;
            LengthBytes = lengthBytes;
        }

        public ulong PhysicalAddress { get; }
        public uint LengthBytes { get; }
    }
}
