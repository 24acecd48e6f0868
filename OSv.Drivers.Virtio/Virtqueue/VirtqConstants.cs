// Flag and feature-bit values of split virtqueues, named as in the spec.
namespace OSv.Drivers.Virtio.Virtqueue
{
    public static class VirtqConstants
    {
        // virtq_desc.flags (2.7.5).
        public const ushort DescriptorFlagNext = 1;      // VIRTQ_DESC_F_NEXT: the chain goes on at `next`
        public const ushort DescriptorFlagWrite = 2;     // VIRTQ_DESC_F_WRITE: device-writable (else device-readable)
        public const ushort DescriptorFlagIndirect = 4;  // VIRTQ_DESC_F_INDIRECT: addr/len name a table (2.7.5.3)

        // virtq_avail.flags (2.7.7): the driver asks for no used buffer notifications.
        public const ushort AvailableFlagNoInterrupt = 1; // VIRTQ_AVAIL_F_NO_INTERRUPT

        // virtq_used.flags (2.7.10): the device asks for no available buffer notifications.
        public const ushort UsedFlagNoNotify = 1;         // VIRTQ_USED_F_NO_NOTIFY

        // Feature bits (6, "Reserved Feature Bits").
        public const int FeatureIndirectDescriptorsBit = 28; // VIRTIO_F_INDIRECT_DESC
        public const int FeatureEventIndexBit = 29;          // VIRTIO_F_EVENT_IDX (VIRTIO_RING_F_EVENT_IDX in Linux)

        public const ulong FeatureIndirectDescriptors = 1UL << FeatureIndirectDescriptorsBit;
        public const ulong FeatureEventIndex = 1UL << FeatureEventIndexBit;
    }
}
