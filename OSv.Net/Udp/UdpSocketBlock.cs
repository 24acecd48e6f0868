// One bound UDP socket (RFC 768; RFC 1122 4.1): the port it owns, its receive queue, and the
// readiness the socket layer polls. Blocks are allocated once by UdpLayer and recycled by
// Close/Bind; the socket layer wraps one per socket and installs its Waker.
//
// The receive queue is a fixed byte ring of NetLimits.UdpReceiveQueueBytes holding records:
//   | payload length (2) | source port (2) | source address (4) | payload ... |
// written and read in FIFO order, each field possibly wrapping around the ring's end. A datagram
// whose record does not fit the free space is dropped and counted (the queue never grows), as a
// kernel does when the socket's receive buffer is full. Datagrams are never split or merged:
// TryReceive returns exactly one, and a buffer too small for it gets its first part, the rest
// being discarded (recvfrom without MSG_PEEK on a too-small buffer, POSIX's MSG_TRUNC case).
//
// Invariants: 0 <= _used <= ring length; _used is the sum of the queued records; _datagrams == 0
// exactly when _used == 0. Readiness: Readable while a datagram is queued, Writable while bound
// (sends never block: a datagram is sent, held for ARP or dropped at once), HangUp once closed.
// Wake(Readable) is called when the queue goes from empty to non-empty, with the stack's lock held.
using System;
using OSv.Net.Sockets;
using OSv.Net.Wire;

namespace OSv.Net.Udp
{
    public sealed class UdpSocketBlock
    {
        private const int RecordHeaderBytes = NetLimits.UdpRecordHeaderBytes;

        private readonly UdpLayer _layer;
        private readonly byte[] _ring = new byte[NetLimits.UdpReceiveQueueBytes];
        private readonly byte[] _recordHeader = new byte[RecordHeaderBytes];
        private int _head;      // offset of the oldest record
        private int _used;      // bytes of queued records
        private int _datagrams; // records queued

        internal UdpSocketBlock(UdpLayer layer) => _layer = layer;

        public bool IsBound { get; private set; }

        public ushort LocalPort { get; private set; }

        public SocketWaker? Waker { get; set; }

        public int QueuedDatagrams => _datagrams;

        public int QueuedBytes => _used;

        public long QueueFullDrops { get; private set; }

        public long TruncatedReceives { get; private set; }

        public SocketEvents Readiness
        {
            get
            {
                if (!IsBound)
                    return SocketEvents.HangUp;
                return _datagrams > 0 ? SocketEvents.Readable | SocketEvents.Writable : SocketEvents.Writable;
            }
        }

        // Sends one datagram from this socket's port (RFC 768); the payload must fit one unfragmented
        // datagram (UdpLayer.PayloadBytesMax), else PayloadTooLarge and nothing is sent.
        public UdpSendResult TrySendTo(Ipv4Address remoteAddress, ushort remotePort, ReadOnlySpan<byte> payload)
        {
            if (!IsBound)
                return UdpSendResult.NotBound;
            return _layer.Send(LocalPort, remoteAddress, remotePort, payload);
        }

        // The oldest datagram: its first min(length, buffer.Length) bytes into buffer; false when none.
        public bool TryReceive(Span<byte> buffer, out int length, out Ipv4Address from, out ushort fromPort)
        {
            length = 0;
            from = default;
            fromPort = 0;
            if (_datagrams == 0)
                return false;
            Read(_head, _recordHeader);
            int payloadLength = NetworkOrder.ReadUInt16(_recordHeader, 0);
            fromPort = NetworkOrder.ReadUInt16(_recordHeader, 2);
            from = Ipv4Address.Read(_recordHeader.AsSpan(4));
            length = Math.Min(payloadLength, buffer.Length);
            Read(Advance(_head, RecordHeaderBytes), buffer.Slice(0, length));
            if (length < payloadLength)
                TruncatedReceives++;
            int recordBytes = RecordHeaderBytes + payloadLength;
            _head = Advance(_head, recordBytes);
            _used -= recordBytes;
            _datagrams--;
            if (_datagrams == 0)
                _head = 0; // an empty ring starts over, so small records do not wrap needlessly
            return true;
        }

        // Releases the port and drops whatever is queued; the block goes back to the layer.
        public void Close()
        {
            if (!IsBound)
                return;
            _layer.Release(this);
        }

        internal void Open(ushort port)
        {
            IsBound = true;
            LocalPort = port;
            _head = 0;
            _used = 0;
            _datagrams = 0;
            QueueFullDrops = 0;
            TruncatedReceives = 0;
        }

        internal void Shut()
        {
            IsBound = false;
            _datagrams = 0;
            _used = 0;
            SocketWaker? waker = Waker;
            Waker = null;
            waker?.Wake(SocketEvents.HangUp);
        }

        // Queues one datagram; false (counted) when its record does not fit.
        internal bool Enqueue(Ipv4Address from, ushort fromPort, ReadOnlySpan<byte> payload)
        {
            int recordBytes = RecordHeaderBytes + payload.Length;
            if (recordBytes > _ring.Length - _used)
            {
                QueueFullDrops++;
                return false;
            }
            NetworkOrder.WriteUInt16(_recordHeader, 0, (ushort)payload.Length);
            NetworkOrder.WriteUInt16(_recordHeader, 2, fromPort);
            from.Write(_recordHeader.AsSpan(4));
            int tail = Advance(_head, _used);
            Write(tail, _recordHeader);
            Write(Advance(tail, RecordHeaderBytes), payload);
            _used += recordBytes;
            _datagrams++;
            if (_datagrams == 1)
                Waker?.Wake(SocketEvents.Readable);
            return true;
        }

        private int Advance(int offset, int bytes)
        {
            int next = offset + bytes;
            return next >= _ring.Length ? next - _ring.Length : next;
        }

        // Copies into the ring at offset, wrapping at its end (source fits the free space).
        private void Write(int offset, ReadOnlySpan<byte> source)
        {
            int first = Math.Min(source.Length, _ring.Length - offset);
            source.Slice(0, first).CopyTo(new Span<byte>(_ring, offset, first));
            source.Slice(first).CopyTo(new Span<byte>(_ring, 0, source.Length - first));
        }

        private void Read(int offset, Span<byte> destination)
        {
            int first = Math.Min(destination.Length, _ring.Length - offset);
            new ReadOnlySpan<byte>(_ring, offset, first).CopyTo(destination);
            new ReadOnlySpan<byte>(_ring, 0, destination.Length - first).CopyTo(destination.Slice(first));
        }
    }
}
