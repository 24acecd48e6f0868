// A FrameDevice for the network benchmarks (after tests/OSv.Net.Tests' SimulatedFrameDevice, cut
// down): received frames live in a fixed pool of buffers and are lent by number, as a driver lends
// its receive ring's buffers. Setup wires two of them together (Peer: what one sends is copied
// into the other's receive queue) so that ARP and the TCP handshake run for real; in the measured
// phase the peer is cut and sends go to a sink that only counts them (the receiver's ACKs).
//
// The measured frame is never copied: the benchmark reserves one buffer (Reserve), patches the
// frame in it in place, and queues that buffer again for each segment (QueueReserved), so a
// segment costs the stack's work, not a 1.5 KB copy. Return of a reserved buffer only marks it
// returned; it never enters the free stack.
//
// Nothing on the measured path allocates: arrays are made in the constructor.
using System;
using OSv.Net.Link;
using OSv.Net.Wire;

namespace OSv.Benchmarks.Hosted
{
    internal sealed class NetBenchFrameDevice : FrameDevice
    {
        public const int FrameBytesMaxDefault = 1514; // 1500-byte MTU + Ethernet header
        private const int BuffersDefault = 64;

        private readonly byte[][] _buffers;
        private readonly int[] _lengths;
        private readonly bool[] _lent;
        private readonly bool[] _reserved;
        private readonly int[] _free;      // stack of free buffer numbers
        private int _freeCount;
        private readonly int[] _received;  // FIFO ring of queued buffer numbers
        private int _receivedHead;
        private int _receivedCount;
        private readonly byte[] _captured = new byte[FrameBytesMaxDefault];

        public NetBenchFrameDevice(MacAddress address)
        {
            Address = address;
            _buffers = new byte[BuffersDefault][];
            _lengths = new int[BuffersDefault];
            _lent = new bool[BuffersDefault];
            _reserved = new bool[BuffersDefault];
            _free = new int[BuffersDefault];
            _received = new int[BuffersDefault];
            for (int i = 0; i < BuffersDefault; i++)
            {
                _buffers[i] = new byte[FrameBytesMaxDefault];
                _free[i] = BuffersDefault - 1 - i;
            }
            _freeCount = BuffersDefault;
        }

        public override MacAddress Address { get; }
        public override bool LinkUp => true;
        public override int FrameBytesMax => FrameBytesMaxDefault;

        // Setup only: where sent frames go; null = the sink.
        public NetBenchFrameDevice? Peer { get; set; }

        // Sink mode: also copy each sent frame into Captured (setup uses it to grab a data frame).
        public bool Capture { get; set; }
        public ReadOnlySpan<byte> Captured => _captured.AsSpan(0, CapturedLength);
        public int CapturedLength { get; private set; }

        public long SentToSink { get; private set; }
        public long BadReturns { get; private set; }
        public int FramesQueued => _receivedCount;

        // Copies a frame into a free buffer and queues it; false when none is free.
        public bool TryInject(ReadOnlySpan<byte> frame)
        {
            if (frame.Length == 0 || frame.Length > FrameBytesMaxDefault || _freeCount == 0)
                return false;
            int buffer = _free[--_freeCount];
            frame.CopyTo(_buffers[buffer]);
            Enqueue(buffer, frame.Length);
            return true;
        }

        // Takes one buffer out of the pool for good: the benchmark's in-place frame.
        public int Reserve()
        {
            int buffer = _free[--_freeCount];
            _reserved[buffer] = true;
            return buffer;
        }

        public Span<byte> Buffer(int buffer) => _buffers[buffer];

        // Queues the reserved buffer as a received frame of length bytes (no copy).
        public void QueueReserved(int buffer, int length) => Enqueue(buffer, length);

        private void Enqueue(int buffer, int length)
        {
            _lengths[buffer] = length;
            _received[(_receivedHead + _receivedCount) % _received.Length] = buffer;
            _receivedCount++;
        }

        public override bool TryTake(out FrameLease frame)
        {
            if (_receivedCount == 0)
            {
                frame = default;
                return false;
            }
            int buffer = _received[_receivedHead];
            _receivedHead = (_receivedHead + 1) % _received.Length;
            _receivedCount--;
            _lent[buffer] = true;
            frame = new FrameLease(buffer, _lengths[buffer]);
            return true;
        }

        public override ReadOnlySpan<byte> Bytes(in FrameLease frame) => _buffers[frame.Buffer].AsSpan(0, frame.Length);

        public override void Return(in FrameLease frame)
        {
            int buffer = frame.Buffer;
            if (!_lent[buffer])
            {
                BadReturns++;
                return;
            }
            _lent[buffer] = false;
            if (!_reserved[buffer])
                _free[_freeCount++] = buffer;
        }

        public override bool TrySend(ReadOnlySpan<byte> frame)
        {
            if (frame.Length == 0 || frame.Length > FrameBytesMaxDefault)
                return false;
            if (Peer != null)
                return Peer.TryInject(frame);
            SentToSink++;
            if (Capture)
            {
                frame.CopyTo(_captured);
                CapturedLength = frame.Length;
            }
            return true;
        }

        public override bool WaitForFrames(long timeoutNanoseconds) => _receivedCount > 0;

        // Driven from one thread: nobody ever blocks in WaitForFrames.
        public override void InterruptWait()
        {
        }
    }
}
