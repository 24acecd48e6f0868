// Where the parts of a split virtqueue lie in the memory the driver provides (virtio 1.2, 2.7
// "Split Virtqueues", and 2.7.5, 2.7.6, 2.7.8 for each part's fields). Pure arithmetic: no
// memory is touched here.
//
//   part               alignment  size (Q = queue size)    written by
//   descriptor table   16         16·Q                     driver
//   available ring     2          6 + 2·Q                  driver   (flags, idx, ring[Q], used_event)
//   used ring          4          6 + 8·Q                  device   (flags, idx, ring[Q]{id,len}, avail_event)
//
// The three parts are laid out back to back in one region: the descriptor table at 0, the
// available ring right after it (16·Q is a multiple of 16, so of 2), the used ring at the next
// multiple of 4. Modern transports take the three addresses separately, so no part needs the
// legacy interface's page alignment (2.7.2). Every field is little-endian (2.7.3 is the legacy
// exception); the ring accessors (VirtqRing) rely on x86-64 being little-endian.
namespace OSv.Drivers.Virtio.Virtqueue
{
    public readonly struct VirtqLayout
    {
        // struct virtq_desc (2.7.5): le64 addr, le32 len, le16 flags, le16 next.
        public const int DescriptorBytes = 16;
        public const int DescriptorAddressOffset = 0;
        public const int DescriptorLengthOffset = 8;
        public const int DescriptorFlagsOffset = 12;
        public const int DescriptorNextOffset = 14;

        // struct virtq_avail (2.7.6): le16 flags, le16 idx, le16 ring[Q], le16 used_event.
        public const int RingFlagsOffset = 0;
        public const int RingIndexOffset = 2;
        public const int RingEntriesOffset = 4;
        public const int AvailableEntryBytes = 2;

        // struct virtq_used (2.7.8): le16 flags, le16 idx, {le32 id, le32 len} ring[Q], le16 avail_event.
        public const int UsedEntryBytes = 8;
        public const int UsedEntryIdOffset = 0;
        public const int UsedEntryLengthOffset = 4;

        // Minimum alignments from the table in 2.7 (driver requirement 2.7.1).
        public const int DescriptorTableAlignmentBytes = 16;
        public const int AvailableRingAlignmentBytes = 2;
        public const int UsedRingAlignmentBytes = 4;

        public VirtqLayout(int queueSize)
        {
            QueueSize = queueSize;
        }

        public int QueueSize { get; }

        public int DescriptorTableOffset => 0;
        public int DescriptorTableBytes => DescriptorBytes * QueueSize;

        public int AvailableRingOffset => DescriptorTableBytes;
        public int AvailableRingBytes => 6 + AvailableEntryBytes * QueueSize;

        // used_event sits after the available ring's Q entries (only read with VIRTIO_F_EVENT_IDX).
        public int UsedEventOffset => RingEntriesOffset + AvailableEntryBytes * QueueSize;

        public int UsedRingOffset => AlignUp(AvailableRingOffset + AvailableRingBytes, UsedRingAlignmentBytes);
        public int UsedRingBytes => 6 + UsedEntryBytes * QueueSize;

        // avail_event sits after the used ring's Q elements (only written with VIRTIO_F_EVENT_IDX).
        public int AvailEventOffset => RingEntriesOffset + UsedEntryBytes * QueueSize;

        public int TotalBytes => UsedRingOffset + UsedRingBytes;

        // 2.7: "Queue Size value is always a power of 2"; ours is also at most QueueSizeMax.
        public static bool IsValidQueueSize(int queueSize) =>
            queueSize >= 1 && queueSize <= VirtioLimits.QueueSizeMax && (queueSize & (queueSize - 1)) == 0;

        // The ring memory a queue of this size needs (what the caller allocates).
        public static int RequiredBytes(int queueSize) => new VirtqLayout(queueSize).TotalBytes;

        private static int AlignUp(int value, int alignment) => (value + alignment - 1) & ~(alignment - 1);
    }
}
