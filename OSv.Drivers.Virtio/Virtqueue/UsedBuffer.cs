// A chain the device has finished with (2.7.8, virtq_used_elem): the head the add returned, and
// how many bytes the device wrote into the chain's device-writable segments, from the first one
// on. The driver must not look past WrittenBytes (2.7.8.3). A length larger than the chain can
// hold is rejected and reported as 0 (SplitVirtqueue.TryTakeUsed), so WrittenBytes never
// exceeds the writable capacity of the chain.
namespace OSv.Drivers.Virtio.Virtqueue
{
    public readonly struct UsedBuffer
    {
        public UsedBuffer(ushort head, uint writtenBytes)
        {
            Head = head;
            WrittenBytes = writtenBytes;
        }

        public ushort Head { get; }
        public uint WrittenBytes { get; }
    }
}
