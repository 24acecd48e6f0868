// Raw access to a split virtqueue's shared memory (2.7): the descriptor table, the available
// ring (driver-written) and the used ring (device-written). The only code that dereferences the
// ring's pointers; SplitVirtqueue decides what to write and checks what it reads.
//
// Bounds: ring slots are taken modulo the queue size (index & mask, the size being a power of
// two), so every entry access is inside its ring whatever 16-bit value the caller or the device
// supplies; descriptor indices are checked against the queue size (VirtqDescriptor). The region
// was checked once to be at least VirtqLayout.TotalBytes long and 16-byte aligned.
//
// Ordering (x86-64, total store order). Four rules, each named where it is used:
//  - Release (publishing avail idx, 2.7.13.3): x86 never reorders a store with earlier stores,
//    so the descriptors and ring entries written before the idx store reach the device first;
//    only the compiler could reorder them. A volatile store (C# volatile field, IL volatile.)
//    forbids that, and costs a plain mov.
//  - Acquire (reading used idx before its elements, 2.7.14): x86 never reorders a load with later
//    loads; the volatile load keeps the compiler from hoisting the element loads above it.
//  - Store→load (2.7.13.4: publishing avail idx, then reading used flags or avail_event;
//    re-enabling interrupts, then re-reading used idx): x86 may let a later load pass an earlier
//    store still in the store buffer, so these need a full fence (Interlocked.MemoryBarrier:
//    mfence or a locked instruction). SplitVirtqueue issues it; the accessors here do not.
//  - Flag and event-index fields are 16-bit, naturally aligned, so each load or store is single
//    and untorn; they are volatile so that a loop re-reads them.
using OSv.Core.Diagnostics;

namespace OSv.Drivers.Virtio.Virtqueue
{
    internal readonly unsafe struct VirtqRing
    {
        // A 16-bit field accessed with volatile semantics (volatile. prefix on every access).
        private struct VolatileUInt16
        {
            public volatile ushort Value;
        }

        private readonly byte* _region;
        private readonly int _regionBytes;
        private readonly byte* _descriptorTable;
        private readonly byte* _availableRing;
        private readonly byte* _usedRing;
        private readonly byte* _usedEvent;
        private readonly byte* _availEvent;
        private readonly int _queueSize;
        private readonly int _mask;

        // Caller rules: region checked against the layout (length, 16-byte alignment).
        public VirtqRing(DmaRegion region, VirtqLayout layout)
        {
            Invariant.Assert(region.LengthBytes >= layout.TotalBytes, "VirtqRing: region shorter than the layout");
            _region = region.Pointer;
            _regionBytes = layout.TotalBytes;
            _descriptorTable = region.Pointer + layout.DescriptorTableOffset;
            _availableRing = region.Pointer + layout.AvailableRingOffset;
            _usedRing = region.Pointer + layout.UsedRingOffset;
            _usedEvent = _availableRing + layout.UsedEventOffset;
            _availEvent = _usedRing + layout.AvailEventOffset;
            _queueSize = layout.QueueSize;
            _mask = layout.QueueSize - 1;
        }

        // Zeroes all three parts: idx fields start at 0 (2.7.6, 2.7.8), and the used ring's flags
        // must be 0 when the driver allocates it (2.7.10.1).
        public void Clear() => new System.Span<byte>(_region, _regionBytes).Clear();

        public void WriteDescriptor(int index, ulong address, uint lengthBytes, ushort flags, ushort next) =>
            VirtqDescriptor.Write(_descriptorTable, _queueSize, index, address, lengthBytes, flags, next);

        // avail->ring[availIndex % Q] = head (2.7.13.2). Plain store: published later by the idx.
        public void WriteAvailableEntry(ushort availIndex, ushort head)
        {
            // In bounds: the slot is masked to [0, Q).
            int slot = availIndex & _mask;
            *(ushort*)(_availableRing + VirtqLayout.RingEntriesOffset + slot * VirtqLayout.AvailableEntryBytes) = head;
        }

        // avail->idx = availIndex (2.7.13.3). Release: see the ordering rules above.
        public void PublishAvailableIndex(ushort availIndex) =>
            ((VolatileUInt16*)(_availableRing + VirtqLayout.RingIndexOffset))->Value = availIndex;

        public void WriteAvailableFlags(ushort flags) =>
            ((VolatileUInt16*)(_availableRing + VirtqLayout.RingFlagsOffset))->Value = flags;

        public void WriteUsedEvent(ushort usedEvent) =>
            ((VolatileUInt16*)_usedEvent)->Value = usedEvent;

        // used->idx (2.7.14). Acquire: see the ordering rules above.
        public ushort ReadUsedIndex() =>
            ((VolatileUInt16*)(_usedRing + VirtqLayout.RingIndexOffset))->Value;

        public ushort ReadUsedFlags() =>
            ((VolatileUInt16*)(_usedRing + VirtqLayout.RingFlagsOffset))->Value;

        public ushort ReadAvailEvent() =>
            ((VolatileUInt16*)_availEvent)->Value;

        // used->ring[usedIndex % Q]: the raw id and len, unchecked (the caller validates both).
        public void ReadUsedElement(ushort usedIndex, out uint id, out uint lengthBytes)
        {
            // In bounds: the slot is masked to [0, Q).
            int slot = usedIndex & _mask;
            byte* element = _usedRing + VirtqLayout.RingEntriesOffset + slot * VirtqLayout.UsedEntryBytes;
            id = *(uint*)(element + VirtqLayout.UsedEntryIdOffset);
            lengthBytes = *(uint*)(element + VirtqLayout.UsedEntryLengthOffset);
        }
    }
}
