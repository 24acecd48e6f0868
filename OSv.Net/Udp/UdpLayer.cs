// UDP for one interface (RFC 768, RFC 1122 4.1): the table of bound sockets, input demultiplexing
// by destination port, and output through the stack's IPv4 path.
//
// Sockets: NetLimits.UdpSocketsMax blocks, allocated at construction with their receive rings and
// recycled (Bind takes a free one, Close gives it back). Every socket is bound to the interface's
// address (a single-interface host has no other), so a port names at most one socket and lookup
// is a linear scan of 32 entries. Bind(0) picks an ephemeral port from RFC 6335's dynamic range,
// scanning from a cursor that starts at a secret-derived point (RFC 6056 algorithm 1's "simple
// port randomisation" reduced to a random start, enough to avoid reusing the same ports in the
// same order across reboots).
//
// Output: the payload is copied once, into the transmit scratch frame after room for the UDP
// header, then the header and checksum (RFC 768; a zero result sent as 0xFFFF) go in front.
// Nothing is fragmented: a payload above PayloadBytesMax is refused with PayloadTooLarge.
// Input: Deliver queues the datagram on the port's socket; NoSocket lets the stack answer with
// ICMP port unreachable (RFC 1122 3.2.2.1, 4.1.3.1), QueueFull is counted by the socket.
// Caller rules: one owner (the stack's lock); nothing allocates after construction.
using System;
using OSv.Net.Stack;
using OSv.Net.Wire;

namespace OSv.Net.Udp
{
    public enum UdpSendResult : byte
    {
        Sent,
        Queued,            // held until the next hop's Ethernet address is known
        NotBound,
        PayloadTooLarge,   // above PayloadBytesMax: UDP does not fragment here
        BadDestination,    // port 0, or address 0.0.0.0
        NotConfigured,     // no address yet
        NoRoute,
        Dropped,           // ARP table or pending pool full, or the device refused the frame
    }

    public enum UdpDeliverResult : byte
    {
        Delivered,
        NoSocket,
        QueueFull,
    }

    public sealed class UdpLayer
    {
        private readonly UdpSocketBlock[] _blocks = new UdpSocketBlock[NetLimits.UdpSocketsMax];
        private readonly Ipv4Transmitter _output;
        private int _nextEphemeral; // offset into the ephemeral range
        private int _inUse;

        internal UdpLayer(Ipv4Transmitter output, uint secret)
        {
            _output = output;
            for (int i = 0; i < _blocks.Length; i++)
                _blocks[i] = new UdpSocketBlock(this);
            _nextEphemeral = (int)(secret % NetLimits.UdpEphemeralPortCount);
        }

        // The largest payload one unfragmented datagram carries on this interface.
        public int PayloadBytesMax => _output.PayloadBytesMax - UdpDatagram.HeaderBytes;

        public int SocketsInUse => _inUse;

        // A port Bind refuses (the DHCP client's 68 while DHCP runs); 0 for none.
        internal ushort ReservedPort { get; set; }

        // A socket on port (0: an ephemeral one); null when the port is taken or no block is free.
        public UdpSocketBlock? Bind(ushort port)
        {
            if (_inUse == _blocks.Length)
                return null;
            if (port == 0)
            {
                port = NextEphemeralPort();
                if (port == 0)
                    return null;
            }
            else if (port == ReservedPort || Find(port) != null)
            {
                return null;
            }
            for (int i = 0; i < _blocks.Length; i++)
            {
                if (_blocks[i].IsBound)
                    continue;
                _blocks[i].Open(port);
                _inUse++;
                return _blocks[i];
            }
            return null;
        }

        internal void Release(UdpSocketBlock block)
        {
            block.Shut();
            _inUse--;
        }

        internal UdpSocketBlock? Find(ushort port)
        {
            for (int i = 0; i < _blocks.Length; i++)
                if (_blocks[i].IsBound && _blocks[i].LocalPort == port)
                    return _blocks[i];
            return null;
        }

        internal UdpDeliverResult Deliver(Ipv4Address source, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
        {
            UdpSocketBlock? block = Find(destinationPort);
            if (block == null)
                return UdpDeliverResult.NoSocket;
            return block.Enqueue(source, sourcePort, payload) ? UdpDeliverResult.Delivered : UdpDeliverResult.QueueFull;
        }

        // One datagram from the interface's address (0.0.0.0 while unconfigured, which only a
        // broadcast can use: the DHCP client's case, RFC 2131 4.1).
        internal UdpSendResult Send(ushort localPort, Ipv4Address remoteAddress, ushort remotePort, ReadOnlySpan<byte> payload)
        {
            if (payload.Length > PayloadBytesMax)
                return UdpSendResult.PayloadTooLarge;
            if (remotePort == 0 || remoteAddress.IsUnspecified)
                return UdpSendResult.BadDestination;
            Span<byte> datagram = _output.BeginPayload();
            payload.CopyTo(datagram.Slice(UdpDatagram.HeaderBytes));
            Ipv4Address source = _output.Interface.Address;
            new UdpHeader(localPort, remotePort, payload.Length).TryEmit(datagram, source, remoteAddress, out _);
            Ipv4SendResult result = _output.Send(source, remoteAddress, IpProtocol.Udp,
                UdpDatagram.HeaderBytes + payload.Length, dontFragment: false);
            switch (result)
            {
                case Ipv4SendResult.Sent: return UdpSendResult.Sent;
                case Ipv4SendResult.Queued: return UdpSendResult.Queued;
                case Ipv4SendResult.NotConfigured: return UdpSendResult.NotConfigured;
                case Ipv4SendResult.NoRoute: return UdpSendResult.NoRoute;
                case Ipv4SendResult.TooLarge: return UdpSendResult.PayloadTooLarge;
                default: return UdpSendResult.Dropped;
            }
        }

        // The next free port of the dynamic range, scanning at most the whole range; 0 if none.
        private ushort NextEphemeralPort()
        {
            for (int tried = 0; tried < NetLimits.UdpEphemeralPortCount; tried++)
            {
                ushort port = (ushort)(NetLimits.UdpEphemeralPortFirst + _nextEphemeral);
                _nextEphemeral = (_nextEphemeral + 1) % NetLimits.UdpEphemeralPortCount;
                if (port != ReservedPort && Find(port) == null)
                    return port;
            }
            return 0;
        }
    }
}
