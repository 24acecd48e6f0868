// Capacities of the virtio drivers' fixed tables, in one place (style rule 3). Every table is
// allocated when a queue is set up and never grows: a full queue makes the add fail (and counts
// it); nothing is allocated on the data path.
using OSv.Drivers.Virtio.Virtqueue;

namespace OSv.Drivers.Virtio
{
    public static class VirtioLimits
    {
        // Largest queue size the spec allows (2.7: "The maximum Queue Size value is 32768", the
        // largest power of two whose 16-bit free-running indices still tell full from empty).
        public const int SpecQueueSizeMax = 32768;

        // Largest queue size this driver sets up. QEMU's virtio-net offers 256 descriptors per
        // queue by default and accepts at most 1024 (rx_queue_size/tx_queue_size); a bigger
        // queue only costs memory: driver-private state is 16 bytes per descriptor besides the
        // ring's own 16 + 2 + 8 bytes.
        public const int QueueSizeMax = 1024;

        // Segments in one buffer chain, direct or indirect. A 64 KiB segmentation-offload frame
        // in 4 KiB pages is 17 segments plus the virtio-net header; 64 leaves room for a
        // page-straddling layout. The spec asks drivers not to use "an excessive number of
        // descriptors" (2.7.4) and never more than the queue size (2.7.5.3.1).
        public const int ChainSegmentsMax = 64;

        // One indirect table holds a whole chain: 64 descriptors of 16 bytes (1 KiB).
        public const int IndirectTableDescriptors = ChainSegmentsMax;
        public const int IndirectTableBytes = IndirectTableDescriptors * VirtqLayout.DescriptorBytes;

        // Chains of more segments than this go through an indirect table when
        // VIRTIO_F_INDIRECT_DESC is negotiated, so that one ring descriptor carries them. Two:
        // a header plus one payload segment (the common transmit and receive shape) stays direct
        // and costs no table; anything longer saves ring descriptors.
        public const int IndirectThresholdSegmentsDefault = 2;

        // Compile-time relations (a false one makes the constant 256, which a byte cannot hold).
        private const byte QueueSizeWithinSpec = QueueSizeMax <= SpecQueueSizeMax ? 0 : 256;
        private const byte QueueSizeIsPowerOfTwo = (QueueSizeMax & (QueueSizeMax - 1)) == 0 ? 0 : 256;
        private const byte ChainFitsLargestQueue = ChainSegmentsMax <= QueueSizeMax ? 0 : 256;
        private const byte IndirectTableHoldsChain = IndirectTableDescriptors >= ChainSegmentsMax ? 0 : 256;
        private const byte ThresholdBelowChainMax = IndirectThresholdSegmentsDefault < ChainSegmentsMax ? 0 : 256;
    }
}
