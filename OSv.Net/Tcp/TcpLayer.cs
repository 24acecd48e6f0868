// STUB: the seam between the IP layer and TCP, with the signatures both sides build against.
// The TCP work replaces the bodies (and this comment); the signatures stay.
using System;
using OSv.Net.Wire;

namespace OSv.Net.Tcp
{
    public sealed class TcpLayer
    {
        public TcpLayer(TcpSettings settings, SegmentTransmitter transmitter, uint secret)
        {
            Settings = settings;
        }

        public TcpSettings Settings { get; }

        // Input from IP: the IPv4 header was validated and is addressed to us; tcpSegment is the
        // IP payload (TCP header and data), its checksum not yet verified.
        public void Receive(Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> tcpSegment, long nowNs)
        {
        }

        // Timers (retransmission, delayed ACK, keep-alive, zero-window probe, TIME_WAIT) and any
        // output that is due: the IP layer calls it when NextDeadlineNs passes and after each
        // batch of input.
        public void Poll(long nowNs)
        {
        }

        public long NextDeadlineNs => long.MaxValue;

        // A passive open on localAddress:port (Any for every local address); null when the port
        // is taken or the listener table is full.
        public TcpListenerBlock? Listen(Ipv4Address localAddress, ushort port, int backlog) => null;

        // An active open from localAddress (an ephemeral port is chosen); null when no connection
        // block or port is free.
        public TcpControlBlock? Connect(Ipv4Address localAddress, Ipv4Address remoteAddress, ushort remotePort, long nowNs) => null;

        // The connection block of an established (or synchronising) flow, for the net-channel
        // consumer; null when there is none.
        public TcpControlBlock? Find(in FlowKey flow) => null;
    }

    public sealed class TcpSettings
    {
        public int ReceiveBufferBytes { get; set; } = 64 * 1024;
        public int SendBufferBytes { get; set; } = 64 * 1024;
        public bool Nagle { get; set; } = true;
        public bool DelayedAck { get; set; } = true;
        public int ConnectionsMax { get; set; } = 1024;
    }

    public sealed class TcpListenerBlock
    {
        public ushort Port { get; }
        public Sockets.SocketWaker? Waker { get; set; }
        public bool TryAccept(out TcpControlBlock? connection)
        {
            connection = null;
            return false;
        }
        public void Close()
        {
        }
    }

    public sealed class TcpControlBlock
    {
        public FlowKey Flow { get; }
        public Sockets.SocketWaker? Waker { get; set; }
        public Sockets.SocketEvents Readiness => Sockets.SocketEvents.None;

        // Copies up to data.Length bytes into the send buffer; the count taken (0 when full).
        public int Send(ReadOnlySpan<byte> data, long nowNs) => 0;

        // Received bytes in order, the contiguous part at the head of the receive buffer: the
        // zero-copy read. Consume releases them (and may open the window).
        public ReadOnlySpan<byte> PeekReceived() => default;
        public void Consume(int bytes, long nowNs)
        {
        }

        // Copies out and consumes; 0 with the peer's FIN seen means end of stream.
        public int Receive(Span<byte> buffer, long nowNs) => 0;

        public void Close(long nowNs)
        {
        }

        public void Abort(long nowNs)
        {
        }

        // The application is done with the block; the layer reuses it once the connection has
        // fully closed (TIME_WAIT included).
        public void Release()
        {
        }
    }
}
