// virtio-rng (spec 5.4): one request queue; the driver offers a device-writable buffer and the
// device fills some prefix of it with entropy from the host. Used for TCP initial sequence
// numbers and hash seeds. Reads are synchronous and short: a request waits (polling the used
// ring, bounded) for the device to answer.
using System;
using OSv.Drivers.Virtio.Core;
using OSv.Drivers.Virtio.Transport;
using OSv.Drivers.Virtio.Virtqueue;

namespace OSv.Drivers.Virtio.Rng
{
    public sealed unsafe class VirtioRngDevice
    {
        public const uint DeviceType = 4;
        public const int RequestBytesMax = 256;
        private const int RequestQueueIndex = 0;
        private const int QueueSize = 8;
        private const int PollsMax = 10_000_000;

        private readonly VirtioTransport _transport;
        private readonly SplitVirtqueue _queue;
        private readonly DmaRegion _buffer;

        public long BytesRead { get; private set; }
        public long Timeouts { get; private set; }

        private VirtioRngDevice(VirtioTransport transport, SplitVirtqueue queue, DmaRegion buffer)
        {
            _transport = transport;
            _queue = queue;
            _buffer = buffer;
        }

        public static VirtioRngDevice? TryStart(VirtioTransport transport, DmaAllocator dma, out string? error)
        {
            if (!DeviceSetup.TryNegotiate(transport, wanted: 0, required: 0, out ulong features, out error))
                return null;
            int max = transport.QueueSizeMax(RequestQueueIndex);
            if (max < QueueSize)
            {
                DeviceSetup.MarkFailed(transport);
                error = "virtio-rng: the request queue is missing or too small";
                return null;
            }
            DmaRegion ring = dma.Allocate(VirtqLayout.RequiredBytes(QueueSize), "a virtqueue");
            var queue = new SplitVirtqueue(RequestQueueIndex, QueueSize, ring, features);
            transport.EnableQueue(RequestQueueIndex, QueueSize, queue.DescriptorTablePhysicalAddress, queue.AvailableRingPhysicalAddress, queue.UsedRingPhysicalAddress);
            DmaRegion buffer = dma.Allocate(RequestBytesMax, "virtio-rng buffer");
            DeviceSetup.MarkDriverOk(transport);
            return new VirtioRngDevice(transport, queue, buffer);
        }

        // Fills destination with entropy, in requests of at most RequestBytesMax; returns how many
        // bytes were filled (fewer only when the device stopped answering).
        public int Read(Span<byte> destination)
        {
            int filled = 0;
            while (filled < destination.Length)
            {
                int want = Math.Min(destination.Length - filled, RequestBytesMax);
                int got = RequestOnce(want);
                if (got <= 0)
                    break;
                new ReadOnlySpan<byte>(_buffer.Pointer, got).CopyTo(destination.Slice(filled));
                filled += got;
            }
            BytesRead += filled;
            return filled;
        }

        private int RequestOnce(int length)
        {
            Span<BufferSegment> writable = stackalloc BufferSegment[1];
            writable[0] = new BufferSegment(_buffer.PhysicalAddress, (uint)length);
            if (!_queue.TryAdd(default, writable, out _))
                return 0;
            _queue.Publish();
            if (_queue.ShouldNotify())
                _transport.Notify(RequestQueueIndex);
            for (int poll = 0; poll < PollsMax; poll++)
            {
                if (_queue.TryTakeUsed(out UsedBuffer used))
                    return (int)used.WrittenBytes;
            }
            Timeouts++;
            return 0;
        }
    }
}
