// The driver side of a split virtqueue (virtio 1.2, 2.7), over ring memory the caller provides.
//
// Operations, each bounded and allocation-free:
//  - TryAdd: a buffer chain of N device-readable then M device-writable segments (2.7.4.2 puts
//    writable after readable) goes into free descriptors (2.7.13.1) and the next available ring
//    entry (2.7.13.2); returns the chain's head, or false when the descriptors run out (never
//    blocks, never grows). A chain longer than the indirect threshold goes into an indirect
//    table from a fixed pool when VIRTIO_F_INDIRECT_DESC was negotiated (2.7.5.3), so that it
//    holds one ring descriptor.
//  - Publish: makes added chains visible by storing avail idx (2.7.13.3), after a release.
//  - ShouldNotify: whether the device wants an available buffer notification for what was
//    published since the last decision (2.7.10, 2.7.13.4): avail_event with
//    VIRTIO_F_EVENT_IDX, else the used ring's NO_NOTIFY flag.
//  - TryTakeUsed (SplitVirtqueue.Used.cs): the next completed chain, head and bytes written
//    (2.7.14), every element checked before it touches driver state.
//  - Enable/DisableCallbacks (same file): used buffer notification suppression (2.7.7), with
//    used_event under VIRTIO_F_EVENT_IDX, else the available ring's NO_INTERRUPT flag.
//
// Driver state lives in driver-private arrays, never in the shared ring: the free list and chain
// links (_next: descriptor → next descriptor, as a driver would keep in desc.next), and per head
// the chain's descriptor count, indirect table, writable bytes and avail position (_heads). The
// device can write anything into the used ring, and could scribble over the descriptors; the
// driver never reads either back to find its own structure, so a lying device can make the
// driver skip an element but cannot corrupt the free list or make it access memory out of bounds.
//
// Invariant (CheckInvariants verifies it): the free list, followed from _freeHead through _next,
// holds exactly _freeCount distinct descriptors and ends at the sentinel QueueSize; each
// in-flight head's chain (DescriptorCount descriptors along _next) is disjoint from it and from
// every other chain; free + held descriptors = QueueSize; in-flight heads = _outstandingChains.
// It holds because descriptors move only in whole chains: TryAdd unlinks the first n descriptors
// of the free list (already linked in order, so the chain's links are the list's), and a
// completion pushes a whole chain back, which TryReclaim allows only for an in-flight head.
//
// Free-running indices (2.7.13.3): avail idx and used idx are 16-bit and wrap at 65536; every
// distance is computed as (ushort)(a - b). At most QueueSize chains are outstanding and
// QueueSize ≤ 32768, so distances are unambiguous (2.7.13: "the 16-bit idx value can always
// distinguish between a full and empty buffer").
//
// Departures from Linux's virtio_ring.c: the used_event write in DisableCallbacks is explicit
// (Linux leaves a stale one, which may cost one spurious interrupt), and device errors skip the
// bad element and count it instead of marking the whole queue broken.
//
// Section numbers are virtio 1.2's (OASIS, cs01); each rule cited is also named by its title.
//
// Caller rules: not synchronised; one owner (the driver's thread, or its lock) calls every
// method. Ring and indirect memory must stay put for the queue's life (DmaRegion).
using System;
using System.Threading;
using OSv.Core.Diagnostics;

namespace OSv.Drivers.Virtio.Virtqueue
{
    public sealed partial class SplitVirtqueue
    {
        private struct HeadState
        {
            public bool InFlight;
            public ushort DescriptorCount; // ring descriptors held: the segments, or 1 when indirect
            public ushort AvailIndex;      // the avail ring position the head was placed at
            public int IndirectTable;      // table number in the pool, or NoIndirectTable
            public uint WritableBytes;     // capacity of the device-writable segments
        }

        private const int NoIndirectTable = -1;

        private readonly int _queueIndex;
        private readonly int _queueSize;
        private readonly VirtqLayout _layout;
        private readonly DmaRegion _ringRegion;
        private readonly VirtqRing _ring;
        private readonly IndirectTablePool? _indirectTables;
        private readonly int _indirectThresholdSegments;
        private readonly bool _eventIndex;
        private readonly VirtqueueLog _log;

        private readonly ushort[] _next;
        private readonly HeadState[] _heads;
        private readonly byte[] _checkMarks;
        private int _freeHead;
        private int _freeCount;
        private int _outstandingChains;

        private ushort _availIndexShadow;    // next avail idx: added chains, published or not
        private ushort _availIndexPublished; // last value stored in avail->idx
        private ushort _availIndexNotifyChecked; // avail idx at the last ShouldNotify decision

        private long _queueFullCount;
        private long _indirectFallbackCount;
        private long _chainsAdded;
        private long _notificationsSent;
        private long _notificationsSuppressed;

        // queueIndex: the transport's queue number (for log lines). negotiatedFeatures: the
        // device features the driver accepted (VIRTIO_F_INDIRECT_DESC and VIRTIO_F_EVENT_IDX
        // are read from it). indirectTables: memory for indirect tables, or default for none.
        public SplitVirtqueue(int queueIndex, int queueSize, DmaRegion ring, ulong negotiatedFeatures,
            DmaRegion indirectTables = default, int indirectThresholdSegments = VirtioLimits.IndirectThresholdSegmentsDefault,
            VirtqueueLog? log = null)
        {
            Invariant.Assert(VirtqLayout.IsValidQueueSize(queueSize), "SplitVirtqueue: queue size not a power of two in [1, QueueSizeMax]");
            Invariant.Assert(!ring.IsEmpty, "SplitVirtqueue: no ring memory");
            Invariant.Assert(IsDescriptorAligned(ring), "SplitVirtqueue: ring memory not 16-byte aligned (2.7.1)");
            Invariant.Assert(ring.LengthBytes >= VirtqLayout.RequiredBytes(queueSize), "SplitVirtqueue: ring memory shorter than VirtqLayout.RequiredBytes");
            Invariant.Assert(indirectThresholdSegments >= 1, "SplitVirtqueue: indirect threshold below one segment");

            _queueIndex = queueIndex;
            _queueSize = queueSize;
            _layout = new VirtqLayout(queueSize);
            _ringRegion = ring;
            _ring = new VirtqRing(ring, _layout);
            _eventIndex = (negotiatedFeatures & VirtqConstants.FeatureEventIndex) != 0;
            bool indirect = (negotiatedFeatures & VirtqConstants.FeatureIndirectDescriptors) != 0;
            _indirectTables = indirect && !indirectTables.IsEmpty ? new IndirectTablePool(indirectTables, queueSize) : null;
            _indirectThresholdSegments = indirectThresholdSegments;
            _log = log ?? new ConsoleVirtqueueLog();

            _next = new ushort[queueSize];
            _heads = new HeadState[queueSize];
            _checkMarks = new byte[queueSize];
            _errorCounts = new long[VirtqueueErrors.Count];
            for (int descriptor = 0; descriptor < queueSize; descriptor++)
            {
                _next[descriptor] = (ushort)(descriptor + 1); // the last one links to the sentinel QueueSize
                _heads[descriptor].IndirectTable = NoIndirectTable;
            }
            _freeHead = 0;
            _freeCount = queueSize;
            _rejectedUsedIndex = NoRejectedUsedIndex;
            _callbacksEnabled = true;

            // All zero: both idx fields 0, avail flags 0 (interrupts wanted), used flags 0 as
            // 2.7.10.1 requires, used_event 0 (notify after the first used buffer, 2.7.7).
            _ring.Clear();
        }

        public int QueueIndex => _queueIndex;
        public int QueueSize => _queueSize;
        public int FreeDescriptorCount => _freeCount;
        public int OutstandingChainCount => _outstandingChains;
        public bool EventIndexEnabled => _eventIndex;
        public bool IndirectDescriptorsEnabled => _indirectTables != null;
        public int IndirectTablesFree => _indirectTables == null ? 0 : _indirectTables.FreeCount;
        public int IndirectTableCount => _indirectTables == null ? 0 : _indirectTables.TableCount;

        // The longest chain TryAdd accepts: no chain may be longer than the queue size (2.7.5.3.1).
        public int MaxChainSegments => _queueSize < VirtioLimits.ChainSegmentsMax ? _queueSize : VirtioLimits.ChainSegmentsMax;

        // Where the transport tells the device the three parts are (queue_desc, queue_driver,
        // queue_device in the PCI and MMIO register sets).
        public ulong DescriptorTablePhysicalAddress => _ringRegion.PhysicalAddress + (ulong)_layout.DescriptorTableOffset;
        public ulong AvailableRingPhysicalAddress => _ringRegion.PhysicalAddress + (ulong)_layout.AvailableRingOffset;
        public ulong UsedRingPhysicalAddress => _ringRegion.PhysicalAddress + (ulong)_layout.UsedRingOffset;

        public long QueueFullCount => _queueFullCount;
        public long IndirectFallbackCount => _indirectFallbackCount;
        public long ChainsAdded => _chainsAdded;
        public long NotificationsSent => _notificationsSent;
        public long NotificationsSuppressed => _notificationsSuppressed;

        // Adds a chain (not yet visible to the device: Publish or ShouldNotify does that).
        // Returns false, changing nothing, when too few descriptors are free; counts it.
        // Caller rules (checked, a violation is a kernel bug): 1..MaxChainSegments segments,
        // none empty (QEMU rejects zero-sized buffers), at most 2^32 - 1 bytes in all (2.7.5.2).
        public bool TryAdd(ReadOnlySpan<BufferSegment> readable, ReadOnlySpan<BufferSegment> writable, out ushort head)
        {
            uint writableBytes = CheckChain(readable, writable);
            int segments = readable.Length + writable.Length;

            // Long chain, indirect negotiated: one ring descriptor pointing at a pooled table.
            if (segments > _indirectThresholdSegments && _indirectTables != null && _freeCount >= 1)
            {
                if (_indirectTables.TryTake(out int table))
                {
                    head = AddIndirect(readable, writable, table);
                    Commit(head, 1, table, writableBytes);
                    return true;
                }
                _indirectFallbackCount++; // pool empty: go direct if the descriptors allow
            }

            // Direct chain: segments ring descriptors from the free list.
            if (segments > _freeCount)
            {
                _queueFullCount++;
                head = 0;
                return false;
            }
            head = AddDirect(readable, writable);
            Commit(head, segments, NoIndirectTable, writableBytes);
            return true;
        }

        // Makes every added chain visible to the device (2.7.13.3).
        public void Publish()
        {
            if (_availIndexPublished == _availIndexShadow)
                return;
            // Release: descriptors and avail ring entries were plain stores before this one; the
            // volatile store keeps the compiler from sinking them below it, and x86 keeps stores
            // in order (VirtqRing's ordering rules). On a weakly ordered CPU this would need a
            // store-store fence first.
            _ring.PublishAvailableIndex(_availIndexShadow);
            _availIndexPublished = _availIndexShadow;
        }

        // Publishes, then says whether to notify the device of the chains published since the
        // last call (2.7.13.4). False when nothing new was published.
        public bool ShouldNotify()
        {
            Publish();
            ushort newIndex = _availIndexPublished;
            ushort oldIndex = _availIndexNotifyChecked;
            _availIndexNotifyChecked = newIndex;
            if (newIndex == oldIndex)
                return false;

            // Store→load (2.7.13.4 "MUST perform a suitable memory barrier before reading flags or
            // avail_event"): the idx store must be visible before the read, or the device could
            // go idle having seen the old idx while we read its stale "don't notify". x86 lets a
            // load pass an earlier store, so this is a full fence.
            Interlocked.MemoryBarrier();
            bool notify = _eventIndex
                ? EventIndex.NeedsEvent(_ring.ReadAvailEvent(), newIndex, oldIndex) // 2.7.10 with EVENT_IDX
                : (_ring.ReadUsedFlags() & VirtqConstants.UsedFlagNoNotify) == 0;   // 2.7.10 without
            if (notify)
                _notificationsSent++;
            else
                _notificationsSuppressed++;
            return notify;
        }

        private uint CheckChain(ReadOnlySpan<BufferSegment> readable, ReadOnlySpan<BufferSegment> writable)
        {
            int segments = readable.Length + writable.Length;
            Invariant.Assert(segments >= 1, "SplitVirtqueue: empty chain");
            Invariant.Assert(segments <= MaxChainSegments, "SplitVirtqueue: chain longer than MaxChainSegments");
            ulong totalBytes = 0;
            for (int i = 0; i < readable.Length; i++)
            {
                Invariant.Assert(readable[i].LengthBytes != 0, "SplitVirtqueue: zero-length segment");
                totalBytes += readable[i].LengthBytes;
            }
            ulong writableBytes = 0;
            for (int i = 0; i < writable.Length; i++)
            {
                Invariant.Assert(writable[i].LengthBytes != 0, "SplitVirtqueue: zero-length segment");
                writableBytes += writable[i].LengthBytes;
            }
            totalBytes += writableBytes;
            Invariant.Assert(totalBytes <= uint.MaxValue, "SplitVirtqueue: chain of 2^32 bytes or more (2.7.5.2)");
            return (uint)writableBytes;
        }

        // 2.7.13.1: each segment into the next free descriptor, linked by NEXT. The free list is
        // already linked in order, so the chain reuses its links; the descriptor after the last
        // one becomes the free head. Caller checked segments ≤ _freeCount.
        private ushort AddDirect(ReadOnlySpan<BufferSegment> readable, ReadOnlySpan<BufferSegment> writable)
        {
            int head = _freeHead;
            int descriptor = head;
            int remaining = readable.Length + writable.Length;
            for (int i = 0; i < readable.Length; i++)
                descriptor = WriteChained(descriptor, readable[i], 0, --remaining);
            for (int i = 0; i < writable.Length; i++)
                descriptor = WriteChained(descriptor, writable[i], VirtqConstants.DescriptorFlagWrite, --remaining);
            _freeHead = descriptor;
            _freeCount -= readable.Length + writable.Length;
            return (ushort)head;
        }

        // Writes one segment at descriptor; returns the descriptor after it on the free list.
        private int WriteChained(int descriptor, BufferSegment segment, ushort flags, int segmentsAfter)
        {
            int next = _next[descriptor];
            if (segmentsAfter > 0)
                _ring.WriteDescriptor(descriptor, segment.PhysicalAddress, segment.LengthBytes, (ushort)(flags | VirtqConstants.DescriptorFlagNext), (ushort)next);
            else
                _ring.WriteDescriptor(descriptor, segment.PhysicalAddress, segment.LengthBytes, flags, 0);
            return next;
        }

        // 2.7.5.3: the segments into table entries 0..n-1 (NEXT-linked), then one ring descriptor
        // with only INDIRECT set (never NEXT; WRITE is ignored by the device) naming the table.
        private ushort AddIndirect(ReadOnlySpan<BufferSegment> readable, ReadOnlySpan<BufferSegment> writable, int table)
        {
            IndirectTablePool pool = _indirectTables!;
            int segments = readable.Length + writable.Length;
            int position = 0;
            for (int i = 0; i < readable.Length; i++, position++)
                WriteIndirect(pool, table, position, readable[i], 0, segments);
            for (int i = 0; i < writable.Length; i++, position++)
                WriteIndirect(pool, table, position, writable[i], VirtqConstants.DescriptorFlagWrite, segments);

            int head = _freeHead;
            _freeHead = _next[head];
            _freeCount--;
            uint tableBytes = (uint)(segments * VirtqLayout.DescriptorBytes);
            _ring.WriteDescriptor(head, pool.PhysicalAddress(table), tableBytes, VirtqConstants.DescriptorFlagIndirect, 0);
            return (ushort)head;
        }

        private static void WriteIndirect(IndirectTablePool pool, int table, int position, BufferSegment segment, ushort flags, int segments)
        {
            if (position + 1 < segments)
                pool.WriteDescriptor(table, position, segment.PhysicalAddress, segment.LengthBytes, (ushort)(flags | VirtqConstants.DescriptorFlagNext), (ushort)(position + 1));
            else
                pool.WriteDescriptor(table, position, segment.PhysicalAddress, segment.LengthBytes, flags, 0);
        }

        // Records the chain under its head and places the head in the next avail entry (2.7.13.2).
        private void Commit(ushort head, int descriptorCount, int table, uint writableBytes)
        {
            ref HeadState state = ref _heads[head];
            Invariant.Assert(!state.InFlight, "SplitVirtqueue: free list handed out an in-flight head");
            state.InFlight = true;
            state.DescriptorCount = (ushort)descriptorCount;
            state.AvailIndex = _availIndexShadow;
            state.IndirectTable = table;
            state.WritableBytes = writableBytes;
            _ring.WriteAvailableEntry(_availIndexShadow, head);
            _availIndexShadow++;
            _outstandingChains++;
            _chainsAdded++;
        }

        private static unsafe bool IsDescriptorAligned(DmaRegion region) =>
            ((ulong)region.Pointer & (VirtqLayout.DescriptorTableAlignmentBytes - 1)) == 0 &&
            (region.PhysicalAddress & (VirtqLayout.DescriptorTableAlignmentBytes - 1)) == 0;
    }
}
