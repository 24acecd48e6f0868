// virtio-net (spec 5.1): one receive queue (0) and one transmit queue (1), frames behind the
// 12-byte virtio_net_hdr that VIRTIO_F_VERSION_1 makes fixed-size. It is the network stack's
// FrameDevice (OSv.Net/Link/FrameDevice.cs).
//
// Receive hands frames up without copying: TryTake lends a FrameLease naming a buffer in the
// device's DMA pool, Bytes views it, and Return gives the buffer back to the device (the layer
// above decides when it is done; a classifier may claim frames first). Every buffer is
// BufferBytes, a whole frame, so a frame never spans buffers even with VIRTIO_NET_F_MRG_RXBUF.
// Transmit copies the frame once, behind a zeroed header, into a pooled buffer (no checksum
// offload: QEMU offers none without a vnet-header backend, and the stack computes them), and
// reclaims buffers the device has finished with before taking one. TrySendGather sends a
// payload from the caller's memory as a second segment (scatter-gather, no copy) and reports
// when the device is done with it. Notifications follow the queue's event index, and unflushed
// sends share one, so a burst costs one register write at most.
//
// What the device writes is checked before it is used: the virtqueue rejects impossible used
// elements (SplitVirtqueue.TryTakeUsed), and a frame shorter than the header or longer than
// FrameBytesLimit is dropped and counted.
using System;
using OSv.Core.Sync;
using OSv.Drivers.Virtio.Core;
using OSv.Drivers.Virtio.Transport;
using OSv.Drivers.Virtio.Virtqueue;
using OSv.Net.Link;
using OSv.Net.Wire;

namespace OSv.Drivers.Virtio.Net
{
    public sealed unsafe class VirtioNetDevice : FrameDevice
    {
        public const uint DeviceType = 1;
        public const int HeaderBytes = 12;
        public const int BufferBytes = 2048;
        public const int FrameBytesLimit = 1518; // Ethernet with one VLAN tag, no FCS
        public const int QueueSizeMax = 256;

        public const ulong FeatureMac = 1UL << 5;      // VIRTIO_NET_F_MAC
        public const ulong FeatureMergeableReceiveBuffers = 1UL << 15; // VIRTIO_NET_F_MRG_RXBUF
        public const ulong FeatureChecksum = 1UL << 0;  // VIRTIO_NET_F_CSUM: the device completes partial checksums we send
        public const ulong FeatureStatus = 1UL << 16;  // VIRTIO_NET_F_STATUS
        private const int ConfigMacOffset = 0;
        private const int ConfigStatusOffset = 6;
        private const ushort StatusLinkUp = 1;
        private const int ConfigReadAttemptsMax = 16;

        private const int HeaderNumBuffersOffset = 10; // virtio_net_hdr.num_buffers (le16)
        private const int HeaderFlagsOffset = 0;       // virtio_net_hdr.flags
        private const int HeaderChecksumStartOffset = 6;  // csum_start (le16)
        private const int HeaderChecksumOffsetOffset = 8; // csum_offset (le16)
        private const byte HeaderFlagNeedsChecksum = 1;   // VIRTIO_NET_HDR_F_NEEDS_CSUM

        private const int ReceiveQueueIndex = 0;
        private const int TransmitQueueIndex = 1;

        private readonly VirtioTransport _transport;
        private readonly ulong _features;
        private readonly SplitVirtqueue _receive;
        private readonly SplitVirtqueue _transmit;
        private readonly DmaRegion _receiveBuffers;
        private readonly DmaRegion _transmitBuffers;
        private readonly int[] _receiveBufferOfHead;

        // Receive buffers lent to the layer above (a FrameLease is out): Return accepts only these,
        // so a lease returned twice, or one never lent, cannot post a buffer the device holds.
        private readonly bool[] _receiveLent;
        private readonly int[] _transmitBufferOfHead;
        private readonly int[] _freeTransmitBuffers;
        private int _freeTransmitCount;

        // Scatter-gather sends (TrySendGather): the caller's token for the payload a transmit
        // buffer's chain carries, and the tokens of payloads the device is done with, in
        // completion order, until the caller takes them. At most QueueSize payloads are
        // outstanding (sent and not yet taken back), so the ring never overflows.
        private readonly long[] _payloadTokenOfBuffer;
        private readonly bool[] _bufferCarriesPayload;
        private readonly long[] _sentPayloadTokens;
        private int _sentPayloadHead, _sentPayloadCount, _payloadsOutstanding;

        private readonly byte[] _mac = new byte[6];

        // Raised by the interrupt handler when the device reports used buffers (a WakeSignal:
        // interrupt handlers must not take locks).
        private readonly WakeSignal _received = new WakeSignal();

        public long FramesReceived { get; private set; }
        public long FramesSent { get; private set; }
        public long ReceiveDrops { get; private set; }
        public long InvalidReturns { get; private set; }
        public long TransmitQueueFull { get; private set; }

        private VirtioNetDevice(VirtioTransport transport, ulong features, SplitVirtqueue receive, SplitVirtqueue transmit,
            DmaRegion receiveBuffers, DmaRegion transmitBuffers)
        {
            _transport = transport;
            _features = features;
            _receive = receive;
            _transmit = transmit;
            _receiveBuffers = receiveBuffers;
            _transmitBuffers = transmitBuffers;
            _receiveBufferOfHead = new int[receive.QueueSize];
            _receiveLent = new bool[receive.QueueSize];
            _transmitBufferOfHead = new int[transmit.QueueSize];
            _freeTransmitBuffers = new int[transmit.QueueSize];
            for (int i = 0; i < transmit.QueueSize; i++)
                _freeTransmitBuffers[i] = transmit.QueueSize - 1 - i;
            _freeTransmitCount = transmit.QueueSize;
            _payloadTokenOfBuffer = new long[transmit.QueueSize];
            _bufferCarriesPayload = new bool[transmit.QueueSize];
            _sentPayloadTokens = new long[transmit.QueueSize];
        }

        public VirtioTransport Transport => _transport;
        public ulong NegotiatedFeatures => _features;
        public ReadOnlySpan<byte> MacAddressBytes => _mac;

        // Notifications sent to the device, per queue (what event index saves).
        public long ReceiveNotifications => _receive.NotificationsSent;
        public long TransmitNotifications => _transmit.NotificationsSent;

        // Transmitted frames the device has not yet given back.
        public int TransmitInFlight
        {
            get
            {
                ReclaimTransmitted();
                return _transmit.QueueSize - _freeTransmitCount;
            }
        }

        public override MacAddress Address => MacAddress.Read(_mac);

        public override int FrameBytesMax => FrameBytesLimit;
        public int ReceiveQueueSize => _receive.QueueSize;
        public int TransmitQueueSize => _transmit.QueueSize;

        // Link status: up unless the device offers VIRTIO_NET_F_STATUS and says down.
        public override bool LinkUp => (_features & FeatureStatus) == 0 || (ReadConfig16Consistent(ConfigStatusOffset) & StatusLinkUp) != 0;

        // Negotiates, sets up both queues, fills the receive queue and sets DRIVER_OK. Null (and
        // the device marked FAILED) with the reason when any step fails.
        // eventIndex false leaves VIRTIO_F_EVENT_IDX out, to measure what it saves.
        public static VirtioNetDevice? TryStart(VirtioTransport transport, DmaAllocator dma, out string? error, bool eventIndex = true)
        {
            ulong wanted = FeatureMac | FeatureStatus | FeatureMergeableReceiveBuffers | FeatureChecksum
                | (eventIndex ? VirtqConstants.FeatureEventIndex : 0);
            if (!DeviceSetup.TryNegotiate(transport, wanted, required: 0, out ulong features, out error))
                return null;
            int receiveSize = ChooseQueueSize(transport.QueueSizeMax(ReceiveQueueIndex));
            int transmitSize = ChooseQueueSize(transport.QueueSizeMax(TransmitQueueIndex));
            if (receiveSize == 0 || transmitSize == 0)
            {
                DeviceSetup.MarkFailed(transport);
                error = "virtio-net: the device has no receive or transmit queue";
                return null;
            }
            SplitVirtqueue receive = CreateQueue(transport, dma, ReceiveQueueIndex, receiveSize, features);
            SplitVirtqueue transmit = CreateQueue(transport, dma, TransmitQueueIndex, transmitSize, features);
            DmaRegion receiveBuffers = dma.Allocate(receiveSize * BufferBytes, "virtio-net receive buffers");
            DmaRegion transmitBuffers = dma.Allocate(transmitSize * BufferBytes, "virtio-net transmit buffers");
            // Transmitted buffers are reclaimed on the next send: no interrupt is wanted for them.
            transmit.DisableCallbacks();
            var device = new VirtioNetDevice(transport, features, receive, transmit, receiveBuffers, transmitBuffers);
            device.ReadMac();
            for (int buffer = 0; buffer < receiveSize; buffer++)
                device.PostReceiveBuffer(buffer);
            DeviceSetup.MarkDriverOk(transport);
            device.FlushReceive();
            return device;
        }

        // The largest power of two the device allows, at most QueueSizeMax; 0 for no queue.
        private static int ChooseQueueSize(int deviceMax)
        {
            int size = 0;
            for (int candidate = 1; candidate <= QueueSizeMax && candidate <= deviceMax; candidate <<= 1)
                size = candidate;
            return size;
        }

        private static SplitVirtqueue CreateQueue(VirtioTransport transport, DmaAllocator dma, int index, int size, ulong features)
        {
            DmaRegion ring = dma.Allocate(VirtqLayout.RequiredBytes(size), "a virtqueue");
            var queue = new SplitVirtqueue(index, size, ring, features);
            transport.EnableQueue(index, size, queue.DescriptorTablePhysicalAddress, queue.AvailableRingPhysicalAddress, queue.UsedRingPhysicalAddress);
            return queue;
        }

        // The next received frame, if any; its bytes stay valid until Return.
        public override bool TryTake(out FrameLease frame)
        {
            while (_receive.TryTakeUsed(out UsedBuffer used))
            {
                int buffer = _receiveBufferOfHead[used.Head];
                int length = (int)used.WrittenBytes - HeaderBytes;
                int spread = BuffersOfFrame(buffer, length);
                if (length <= 0 || length > FrameBytesLimit || spread != 1)
                {
                    ReceiveDrops++;
                    PostReceiveBuffer(buffer);
                    DropFollowingBuffers(spread - 1);
                    FlushReceive();
                    continue;
                }
                FramesReceived++;
                _receiveLent[buffer] = true;
                frame = new FrameLease(buffer, length);
                return true;
            }
            frame = default;
            return false;
        }

        // With mergeable receive buffers the header says over how many buffers the device spread
        // the frame (num_buffers). Every buffer holds a whole frame and no segmentation offload
        // is negotiated, so it is always 1 from an honest device; anything else is dropped.
        private int BuffersOfFrame(int buffer, int length)
        {
            if ((_features & FeatureMergeableReceiveBuffers) == 0 || length < 0)
                return 1;
            byte* header = _receiveBuffers.Pointer + buffer * BufferBytes;
            return header[HeaderNumBuffersOffset] | header[HeaderNumBuffersOffset + 1] << 8;
        }

        // The rest of a frame spread over several buffers: taken and re-posted unread (bounded by
        // what the device has marked used; a lying count cannot make this wait or overrun).
        private void DropFollowingBuffers(int count)
        {
            for (int i = 0; i < count && _receive.TryTakeUsed(out UsedBuffer used); i++)
                PostReceiveBuffer(_receiveBufferOfHead[used.Head]);
        }

        public override ReadOnlySpan<byte> Bytes(in FrameLease frame) =>
            new ReadOnlySpan<byte>(_receiveBuffers.Pointer + frame.Buffer * BufferBytes + HeaderBytes, frame.Length);

        // Gives the frame's buffer back to the device. A lease that is not out (returned twice,
        // or never lent) is refused and counted: posting it would hand the device a buffer twice.
        public override void Return(in FrameLease frame)
        {
            if ((uint)frame.Buffer >= (uint)_receiveLent.Length || !_receiveLent[frame.Buffer])
            {
                InvalidReturns++;
                return;
            }
            _receiveLent[frame.Buffer] = false;
            PostReceiveBuffer(frame.Buffer);
            FlushReceive();
        }

        // Whether the device completes transport checksums (VIRTIO_NET_F_CSUM, offered by QEMU only
        // with a vnet-header backend such as tap): the stack then leaves the checksum field holding
        // the pseudo-header sum and passes where it is (TrySendWithChecksumOffload).
        public bool TransmitChecksumOffload => (_features & FeatureChecksum) != 0;

        // Queues one frame for transmission (copied once); false when the transmit queue is full
        // or the frame is empty or too long.
        public override bool TrySend(ReadOnlySpan<byte> frame) => TrySend(frame, flush: true);

        // As TrySend, asking the device to compute the checksum over frame[checksumStart..] and
        // store it at checksumStart + checksumOffset (spec 5.1.6.2). False, sending nothing, when
        // the device did not offer the offload or the positions are outside the frame.
        public bool TrySendWithChecksumOffload(ReadOnlySpan<byte> frame, int checksumStart, int checksumOffset, bool flush = true)
        {
            if (!TransmitChecksumOffload || checksumStart < 0 || checksumOffset < 0 || checksumStart + checksumOffset + 2 > frame.Length)
                return false;
            int buffer = Queue(frame, default);
            if (buffer < 0)
                return false;
            byte* header = _transmitBuffers.Pointer + buffer * BufferBytes;
            header[HeaderFlagsOffset] = HeaderFlagNeedsChecksum;
            header[HeaderChecksumStartOffset] = (byte)checksumStart;
            header[HeaderChecksumStartOffset + 1] = (byte)(checksumStart >> 8);
            header[HeaderChecksumOffsetOffset] = (byte)checksumOffset;
            header[HeaderChecksumOffsetOffset + 1] = (byte)(checksumOffset >> 8);
            if (flush)
                Flush();
            return true;
        }

        // With flush false the frame waits for Flush: a burst then costs one publication and at
        // most one notification.
        public bool TrySend(ReadOnlySpan<byte> frame, bool flush)
        {
            if (Queue(frame, default) < 0)
                return false;
            if (flush)
                Flush();
            return true;
        }

        // Scatter-gather transmit: headers (Ethernet through transport) are copied behind the virtio
        // header into a pooled buffer; the payload goes from where it lies, as a second segment of
        // the chain: no copy. The caller keeps the payload memory unchanged until
        // TryTakeSentPayload returns its token. False when the queue is full, too many payloads
        // are outstanding, or the frame is empty or too long.
        public bool TrySendGather(ReadOnlySpan<byte> headers, BufferSegment payload, long token, bool flush = true)
        {
            if (payload.LengthBytes == 0 || headers.Length == 0 || headers.Length + (long)payload.LengthBytes > FrameBytesLimit)
                return false;
            if (_payloadsOutstanding == _transmit.QueueSize)
            {
                TransmitQueueFull++;
                return false;
            }
            int buffer = Queue(headers, payload);
            if (buffer < 0)
                return false;
            _payloadTokenOfBuffer[buffer] = token;
            _bufferCarriesPayload[buffer] = true;
            _payloadsOutstanding++;
            if (flush)
                Flush();
            return true;
        }

        // Copies `copied` behind a zeroed virtio header into a free transmit buffer and offers it
        // to the device (unpublished: the caller flushes), with the payload, when it has one, as
        // a second segment. The buffer, or -1 when the frame is empty or too long, or the queue
        // is full (counted).
        private int Queue(ReadOnlySpan<byte> copied, BufferSegment payload)
        {
            if (copied.Length == 0 || copied.Length + (long)payload.LengthBytes > FrameBytesLimit)
                return -1;
            ReclaimTransmitted();
            if (_freeTransmitCount == 0)
            {
                TransmitQueueFull++;
                return -1;
            }
            int buffer = _freeTransmitBuffers[--_freeTransmitCount];
            byte* start = _transmitBuffers.Pointer + buffer * BufferBytes;
            new Span<byte>(start, HeaderBytes).Clear();
            copied.CopyTo(new Span<byte>(start + HeaderBytes, copied.Length));
            Span<BufferSegment> readable = stackalloc BufferSegment[2];
            readable[0] = new BufferSegment(_transmitBuffers.PhysicalAddress + (ulong)(buffer * BufferBytes), (uint)(HeaderBytes + copied.Length));
            readable[1] = payload;
            if (!_transmit.TryAdd(readable.Slice(0, payload.LengthBytes == 0 ? 1 : 2), default, out ushort head))
            {
                _freeTransmitBuffers[_freeTransmitCount++] = buffer;
                TransmitQueueFull++;
                return -1;
            }
            _transmitBufferOfHead[head] = buffer;
            FramesSent++;
            return buffer;
        }

        // The token of a payload the device has finished reading (its memory is the caller's
        // again), in completion order.
        public bool TryTakeSentPayload(out long token)
        {
            ReclaimTransmitted();
            if (_sentPayloadCount == 0)
            {
                token = 0;
                return false;
            }
            token = _sentPayloadTokens[_sentPayloadHead];
            _sentPayloadHead = (_sentPayloadHead + 1) % _sentPayloadTokens.Length;
            _sentPayloadCount--;
            _payloadsOutstanding--;
            return true;
        }

        // Makes every frame queued so far visible to the device and notifies it if it wants.
        public void Flush()
        {
            _transmit.Publish();
            if (_transmit.ShouldNotify())
                _transport.Notify(TransmitQueueIndex);
        }

        public override bool WaitForFrames(long timeoutNanoseconds) => _received.Wait(timeoutNanoseconds);

        public override void InterruptWait() => _received.Raise();

        // The interrupt's work (VirtioNetInterrupt): acknowledge it (the ISR read, for a line
        // interrupt) and wake whoever waits for frames. The wake is unconditional: with MSI-X the
        // ISR is not maintained, and a needless wake only costs the consumer one look at the rings.
        public void OnInterrupt()
        {
            _transport.AcknowledgeInterrupt();
            _received.Raise();
        }

        // Whether a frame is waiting (for a driver thread deciding whether to sleep).
        public bool HasReceived => _receive.HasUsed;

        private void ReclaimTransmitted()
        {
            while (_transmit.TryTakeUsed(out UsedBuffer used))
            {
                int buffer = _transmitBufferOfHead[used.Head];
                _freeTransmitBuffers[_freeTransmitCount++] = buffer;
                if (!_bufferCarriesPayload[buffer])
                    continue;
                _bufferCarriesPayload[buffer] = false;
                _sentPayloadTokens[(_sentPayloadHead + _sentPayloadCount) % _sentPayloadTokens.Length] = _payloadTokenOfBuffer[buffer];
                _sentPayloadCount++;
            }
        }

        private void PostReceiveBuffer(int buffer)
        {
            Span<BufferSegment> writable = stackalloc BufferSegment[1];
            writable[0] = new BufferSegment(_receiveBuffers.PhysicalAddress + (ulong)(buffer * BufferBytes), BufferBytes);
            // Never full: there are exactly as many buffers as descriptors, and a buffer is posted
            // only when neither the device nor a lease holds it.
            bool added = _receive.TryAdd(default, writable, out ushort head);
            OSv.Core.Diagnostics.Invariant.Assert(added, "virtio-net: receive queue full while a buffer was free");
            _receiveBufferOfHead[head] = buffer;
        }

        private void FlushReceive()
        {
            _receive.Publish();
            if (_receive.ShouldNotify())
                _transport.Notify(ReceiveQueueIndex);
        }

        private void ReadMac()
        {
            if ((_features & FeatureMac) == 0)
                return; // no address offered: all zero until the stack assigns one
            for (int attempt = 0; attempt < ConfigReadAttemptsMax; attempt++)
            {
                uint generation = _transport.ConfigGeneration;
                for (int i = 0; i < _mac.Length; i++)
                    _mac[i] = _transport.ReadConfig8(ConfigMacOffset + i);
                if (_transport.ConfigGeneration == generation)
                    return;
            }
        }

        private ushort ReadConfig16Consistent(int offset)
        {
            ushort value = 0;
            for (int attempt = 0; attempt < ConfigReadAttemptsMax; attempt++)
            {
                uint generation = _transport.ConfigGeneration;
                value = _transport.ReadConfig16(offset);
                if (_transport.ConfigGeneration == generation)
                    break;
            }
            return value;
        }
    }
}
