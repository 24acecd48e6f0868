// A queue, its device and its memory: ring, indirect tables and a data arena, all native.
using System;
using OSv.Drivers.Virtio.Virtqueue;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed unsafe class QueueFixture : IDisposable
    {
        public const int ArenaBytesDefault = 1 << 20;

        private readonly NativeBuffer _ring;
        private readonly NativeBuffer? _indirectMemory;
        private readonly NativeBuffer _arena;

        public QueueFixture(int queueSize, bool eventIndex = false, bool indirect = false, int indirectTables = -1,
            int indirectThresholdSegments = VirtioLimits.IndirectThresholdSegmentsDefault, int queueIndex = 0,
            int arenaBytes = ArenaBytesDefault)
        {
            _ring = new NativeBuffer(VirtqLayout.RequiredBytes(queueSize));
            _arena = new NativeBuffer(arenaBytes);
            ulong features = (eventIndex ? VirtqConstants.FeatureEventIndex : 0) | (indirect ? VirtqConstants.FeatureIndirectDescriptors : 0);
            DmaRegion indirectRegion = default;
            if (indirect)
            {
                int tables = indirectTables < 0 ? queueSize : indirectTables;
                _indirectMemory = new NativeBuffer(Math.Max(tables, 1) * VirtioLimits.IndirectTableBytes);
                indirectRegion = tables == 0 ? default : _indirectMemory.Region;
            }
            Log = new RecordingLog();
            Queue = new SplitVirtqueue(queueIndex, queueSize, _ring.Region, features, indirectRegion, indirectThresholdSegments, Log);
            Device = new SimulatedDevice(Queue, eventIndex, indirect);
        }

        public SplitVirtqueue Queue { get; }
        public SimulatedDevice Device { get; }
        public RecordingLog Log { get; }

        // A segment of the arena at offset (the arena's address is its "physical" address).
        public BufferSegment Segment(int offset, int lengthBytes)
        {
            Assert.InRange(offset + lengthBytes, 1, _arena.LengthBytes);
            return new BufferSegment((ulong)(_arena.Pointer + offset), (uint)lengthBytes);
        }

        public static Span<byte> Bytes(BufferSegment segment) =>
            new Span<byte>((byte*)segment.PhysicalAddress, (int)segment.LengthBytes);

        public static void Fill(BufferSegment segment, byte first)
        {
            Span<byte> bytes = Bytes(segment);
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = (byte)(first + i);
        }

        // Adds one chain, asserts it fit, publishes it; returns the head.
        public ushort AddPublished(BufferSegment[] readable, BufferSegment[] writable)
        {
            Assert.True(Queue.TryAdd(readable, writable, out ushort head));
            Queue.Publish();
            return head;
        }

        // One readable and one writable segment of length bytes each, at distinct arena offsets.
        public ushort AddSimple(int slot, int lengthBytes = 64) =>
            AddPublished(new[] { Segment(slot * 2 * lengthBytes, lengthBytes) }, new[] { Segment((slot * 2 + 1) * lengthBytes, lengthBytes) });

        public UsedBuffer TakeOne()
        {
            Assert.True(Queue.TryTakeUsed(out UsedBuffer used));
            return used;
        }

        public void Dispose()
        {
            _ring.Dispose();
            _indirectMemory?.Dispose();
            _arena.Dispose();
        }
    }
}
