// The device side of one split virtqueue, written from virtio 1.2 section 2.7 and not from the
// driver's code: it reads the available ring and the descriptors (direct and indirect) from the
// memory the driver gave it, writes the used ring, keeps avail_event, and decides used buffer
// notifications (interrupts) from used_event or the NO_INTERRUPT flag, exactly as the spec's
// device requirements say. The transport's part (queue addresses, notifications) is the test's:
// the three part addresses come from the queue as a transport would read them, and a driver's
// "notify" is just the test counting ShouldNotify's answers.
//
// It checks what the driver wrote and throws on a spec violation (loops, indices out of range,
// readable after writable, INDIRECT with NEXT, nested indirect tables), so every test also checks
// the driver's side of the contract. It completes in any order the test asks, and can be told to
// lie: raw used elements and raw used idx values.
//
// Hosted, physical addresses are pointers (NativeBuffer), so the device dereferences them.
using System;
using System.Collections.Generic;
using OSv.Drivers.Virtio.Virtqueue;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed unsafe class SimulatedDevice
    {
        // Spec field values (2.7.5, 2.7.6, 2.7.8), spelled out here independently of the driver.
        private const ushort DescNext = 1, DescWrite = 2, DescIndirect = 4;
        private const ushort AvailNoInterrupt = 1, UsedNoNotify = 1;

        public readonly struct Segment
        {
            public Segment(ulong address, uint length, bool writable)
            {
                Address = address;
                Length = length;
                Writable = writable;
            }

            public ulong Address { get; }
            public uint Length { get; }
            public bool Writable { get; }
        }

        public sealed class Chain
        {
            public ushort Head { get; init; }
            public Segment[] Segments { get; init; } = Array.Empty<Segment>();
            public bool Indirect { get; init; }
            public int RingDescriptors { get; init; }

            public uint WritableBytes
            {
                get
                {
                    uint total = 0;
                    foreach (Segment segment in Segments)
                        if (segment.Writable)
                            total += segment.Length;
                    return total;
                }
            }
        }

        private readonly byte* _descriptors;
        private readonly byte* _available;
        private readonly byte* _used;
        private readonly int _queueSize;
        private readonly bool _eventIndex;
        private readonly bool _indirect;
        private ushort _lastAvailIndex;
        private ushort _usedIndex;

        public SimulatedDevice(SplitVirtqueue queue, bool eventIndex, bool indirect)
            : this(queue.QueueSize, queue.DescriptorTablePhysicalAddress, queue.AvailableRingPhysicalAddress,
                queue.UsedRingPhysicalAddress, eventIndex, indirect)
        {
        }

        // From what a transport was told (VirtioTransport.EnableQueue: size and the three part
        // addresses), as a real device learns them; the driver's queue object is not needed.
        public SimulatedDevice(int queueSize, ulong descriptorTable, ulong driverArea, ulong deviceArea, bool eventIndex, bool indirect)
        {
            Check(queueSize >= 1 && queueSize <= 32768 && (queueSize & (queueSize - 1)) == 0, "queue size not a power of two in [1, 32768] (2.7)");
            _descriptors = (byte*)descriptorTable;
            _available = (byte*)driverArea;
            _used = (byte*)deviceArea;
            _queueSize = queueSize;
            _eventIndex = eventIndex;
            _indirect = indirect;
            Check(((ulong)_descriptors & 15) == 0, "descriptor table not 16-byte aligned (2.7)");
            Check(((ulong)_available & 1) == 0, "available ring not 2-byte aligned (2.7)");
            Check(((ulong)_used & 3) == 0, "used ring not 4-byte aligned (2.7)");
        }

        // With event index, after each chain taken the device asks to be notified at the next
        // avail entry (avail_event = its last_avail_idx), as QEMU does.
        public bool AutoAvailEvent { get; set; } = true;

        public int InterruptsRaised { get; private set; }
        public ushort LastAvailIndex => _lastAvailIndex;
        public ushort UsedIndex => _usedIndex;

        public ushort AvailIndex => ReadU16(_available + 2);
        public ushort AvailFlags => ReadU16(_available);
        public ushort UsedEvent => ReadU16(_available + 4 + 2 * _queueSize);
        public ushort AvailEvent => ReadU16(_used + 4 + 8 * _queueSize);
        public ushort UsedFlags => ReadU16(_used);

        public int AvailableCount => (ushort)(AvailIndex - _lastAvailIndex);

        // Device-side notification suppression (2.7.10): flags without event index, avail_event with.
        public void SetNoNotify(bool noNotify) => WriteU16(_used, noNotify ? UsedNoNotify : (ushort)0);
        public void SetAvailEvent(ushort availEvent) => WriteU16(_used + 4 + 8 * _queueSize, availEvent);

        public bool TryPop(out Chain chain)
        {
            chain = null!;
            if (AvailableCount == 0)
                return false;
            Check(AvailableCount <= _queueSize, "avail idx ran more than the queue size ahead (2.7.13)");
            ushort head = ReadU16(_available + 4 + 2 * (_lastAvailIndex % _queueSize));
            chain = WalkChain(head);
            _lastAvailIndex++;
            if (_eventIndex && AutoAvailEvent)
                SetAvailEvent(_lastAvailIndex);
            return true;
        }

        public Chain Pop()
        {
            Check(TryPop(out Chain chain), "no available chain to pop");
            return chain;
        }

        public List<Chain> PopAll()
        {
            var chains = new List<Chain>();
            while (TryPop(out Chain chain))
                chains.Add(chain);
            return chains;
        }

        // The device-readable bytes of a chain, in order.
        public byte[] ReadReadable(Chain chain)
        {
            var bytes = new List<byte>();
            foreach (Segment segment in chain.Segments)
                if (!segment.Writable)
                    bytes.AddRange(new ReadOnlySpan<byte>((byte*)segment.Address, (int)segment.Length).ToArray());
            return bytes.ToArray();
        }

        // Writes data into the writable segments from the first on (2.7.8.2); returns the count.
        public uint WriteWritable(Chain chain, ReadOnlySpan<byte> data)
        {
            int written = 0;
            foreach (Segment segment in chain.Segments)
            {
                if (!segment.Writable || written == data.Length)
                    continue;
                int count = Math.Min((int)segment.Length, data.Length - written);
                data.Slice(written, count).CopyTo(new Span<byte>((byte*)segment.Address, count));
                written += count;
            }
            return (uint)written;
        }

        // Marks one chain used; returns whether the device sends a used buffer notification.
        public bool Complete(uint id, uint length) => CompleteBatch(new[] { (id, length) });

        // Writes the elements, then used idx once (2.7.8.2: len before idx), then decides the
        // notification for the batch (2.7.7 device requirements).
        public bool CompleteBatch(IReadOnlyList<(uint Id, uint Length)> elements)
        {
            ushort oldIndex = _usedIndex;
            foreach ((uint id, uint length) in elements)
            {
                byte* element = _used + 4 + 8 * (_usedIndex % _queueSize);
                *(uint*)element = id;
                *(uint*)(element + 4) = length;
                _usedIndex++;
            }
            WriteU16(_used + 2, _usedIndex);
            bool interrupt = ShouldInterrupt(oldIndex, _usedIndex);
            if (interrupt)
                InterruptsRaised++;
            return interrupt;
        }

        // Lie: store any used idx, without elements.
        public void WriteUsedIndexRaw(ushort usedIndex) => WriteU16(_used + 2, usedIndex);

        // Undo WriteUsedIndexRaw: the idx the device really reached.
        public void RestoreUsedIndex() => WriteU16(_used + 2, _usedIndex);

        // 2.7.7: without event index, notify unless avail flags is 1; with it, notify when the
        // used idx that placed one of the new elements equals used_event (flags ignored).
        private bool ShouldInterrupt(ushort oldIndex, ushort newIndex)
        {
            if (!_eventIndex)
            {
                ushort flags = AvailFlags;
                Check(flags == 0 || flags == 1, "avail flags not 0 or 1 (2.7.7.1)");
                return flags == 0;
            }
            Check(AvailFlags == 0, "avail flags not 0 with VIRTIO_F_EVENT_IDX (2.7.7.1)");
            ushort usedEvent = UsedEvent;
            for (ushort placed = oldIndex; placed != newIndex; placed++)
                if (placed == usedEvent)
                    return true;
            return false;
        }

        private Chain WalkChain(ushort head)
        {
            Check(head < _queueSize, "avail ring names a head outside the descriptor table");
            var segments = new List<Segment>();
            bool indirect = false;
            int ringDescriptors = 0;
            int index = head;
            while (true)
            {
                Check(++ringDescriptors <= _queueSize, "descriptor chain loops (2.7.5.2)");
                byte* descriptor = _descriptors + 16 * index;
                ushort flags = *(ushort*)(descriptor + 12);
                if ((flags & DescIndirect) != 0)
                {
                    Check(_indirect, "INDIRECT without VIRTIO_F_INDIRECT_DESC (2.7.5.3.1)");
                    Check((flags & DescNext) == 0, "INDIRECT together with NEXT (2.7.5.3.1)");
                    WalkIndirect(*(ulong*)descriptor, *(uint*)(descriptor + 8), segments);
                    indirect = true;
                    break;
                }
                AddSegment(segments, descriptor, flags);
                if ((flags & DescNext) == 0)
                    break;
                index = *(ushort*)(descriptor + 14);
                Check(index < _queueSize, "next outside the descriptor table");
            }
            return new Chain { Head = head, Segments = segments.ToArray(), Indirect = indirect, RingDescriptors = ringDescriptors };
        }

        private void WalkIndirect(ulong tableAddress, uint tableBytes, List<Segment> segments)
        {
            Check(tableBytes > 0 && tableBytes % 16 == 0, "indirect table length not a multiple of 16 (2.7.5.3)");
            int count = (int)(tableBytes / 16);
            Check(count <= _queueSize, "indirect chain longer than the queue size (2.7.5.3.1)");
            byte* table = (byte*)tableAddress;
            int index = 0;
            for (int seen = 1; ; seen++)
            {
                Check(seen <= count, "indirect chain loops");
                byte* descriptor = table + 16 * index;
                ushort flags = *(ushort*)(descriptor + 12);
                Check((flags & DescIndirect) == 0, "INDIRECT inside an indirect table (2.7.5.3.1)");
                AddSegment(segments, descriptor, flags);
                if ((flags & DescNext) == 0)
                {
                    Check(seen == count, "indirect table length differs from its chain");
                    break;
                }
                index = *(ushort*)(descriptor + 14);
                Check(index < count, "indirect next outside the table");
            }
        }

        private static void AddSegment(List<Segment> segments, byte* descriptor, ushort flags)
        {
            bool writable = (flags & DescWrite) != 0;
            Check(writable || segments.Count == 0 || !segments[^1].Writable, "readable descriptor after a writable one (2.7.4.2)");
            uint length = *(uint*)(descriptor + 8);
            Check(length > 0, "zero-length descriptor");
            segments.Add(new Segment(*(ulong*)descriptor, length, writable));
        }

        private static ushort ReadU16(byte* field) => System.Threading.Volatile.Read(ref *(ushort*)field);
        private static void WriteU16(byte* field, ushort value) => System.Threading.Volatile.Write(ref *(ushort*)field, value);

        private static void Check(bool condition, string what)
        {
            if (!condition)
                throw new InvalidOperationException("device: " + what);
        }
    }
}
