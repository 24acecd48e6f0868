// The driver of one network interface: Ethernet in and out, ARP (RFC 826), IPv4 (RFC 791, RFC
// 1122 3.2.1) with fragment reassembly, ICMP echo (RFC 792; the appliance answers ping) and port
// unreachable, UDP (RFC 768) to UdpLayer and to the DHCP client, TCP to TcpLayer. Pure, as the
// protocol machines under it: no threads, clock reads or locks; the caller (the interface's
// thread, holding the stack's lock) passes nowNs to every call and sleeps until NextDeadlineNs
// or the device's next frame.
//
// Receive (ProcessFrame), each refusal counted by NetDropReason, never thrown:
//   Ethernet: to our address or broadcast; other unicast and multicast dropped.
//   ARP: a packet whose target is our address teaches the sender's address (ArpCache.Learn) and,
//     if a request, is answered; any other teaches only an address already cached (Update,
//     RFC 826's merge); either releases the packets waiting for that address.
//   IPv4: header checks by Ipv4Packet; sources that are broadcast, multicast or loopback dropped;
//     accepted destinations are our address, 255.255.255.255 and the subnet broadcast, and, while
//     unconfigured, any address for UDP (the DHCP reply may be unicast to the offered address,
//     RFC 2131 4.1); fragments go through Ipv4Reassembly into a 64 KiB buffer.
//   ICMP: echo requests to our address are answered (data echoed); other types ignored.
//   UDP: port 68 to the DHCP client while it runs, else UdpLayer; no socket: port unreachable
//     quoting the datagram's header and 8 bytes (RFC 1122 3.2.2.1), rate limited
//     (IcmpErrorLimiter), never for a broadcast (IP or link level) or an invalid source (3.2.2).
//   TCP: unicast only, to TcpLayer.Receive.
// Output is Ipv4Transmitter's (see there): ARP resolution with a pending-packet pool.
//
// Departures: no ICMP protocol unreachable or reassembly time exceeded (both optional), no
// output fragmentation (UDP refuses, TCP sizes to the MTU), no multicast, no IP options acted on.
using System;
using OSv.Net.Arp;
using OSv.Net.Dhcp;
using OSv.Net.Ip;
using OSv.Net.Link;
using OSv.Net.Tcp;
using OSv.Net.Udp;
using OSv.Net.Wire;

namespace OSv.Net.Stack
{
    public sealed class NetStack
    {
        private const int ReassembledBytesMax = Ipv4Packet.TotalLengthMax;

        private readonly FrameDevice _device;
        private readonly MacAddress _mac;
        private readonly ArpCache _arp = new ArpCache();
        private readonly Ipv4Reassembly _reassembly = new Ipv4Reassembly();
        private readonly byte[] _reassembled = new byte[ReassembledBytesMax];
        private readonly byte[] _dhcpMessage = new byte[NetLimits.DhcpMessageBytesMin];
        private readonly Ipv4Transmitter _output;
        private readonly IcmpErrorLimiter _icmpErrors = new IcmpErrorLimiter();
        private readonly DhcpClient? _dhcp;

        public NetStack(FrameDevice device, NetConfiguration configuration, TcpSettings tcpSettings, uint secret)
        {
            _device = device;
            _mac = device.Address;
            Configuration = configuration;
            Counters = new NetCounters();
            _output = new Ipv4Transmitter(device, _arp, Counters, secret);
            _output.Interface = configuration.UseDhcp ? default : configuration.Interface;
            Udp = new UdpLayer(_output, secret);
            TcpOutput = new StackSegmentTransmitter(_output);
            Tcp = new TcpLayer(tcpSettings, TcpOutput, secret);
            if (configuration.UseDhcp)
            {
                _dhcp = new DhcpClient(_mac, secret);
                Udp.ReservedPort = DhcpMessage.ClientPort;
            }
        }

        public NetConfiguration Configuration { get; }
        public TcpLayer Tcp { get; }

        // The SegmentTransmitter the TcpLayer was given (for tests and simulations driving it).
        public SegmentTransmitter TcpOutput { get; }
        public UdpLayer Udp { get; }
        public NetCounters Counters { get; }
        public DhcpClient? Dhcp => _dhcp;
        public ArpCache Arp => _arp;
        public Ipv4Reassembly Reassembly => _reassembly;
        public MacAddress HardwareAddress => _mac;
        public Ipv4Address Address => _output.Interface.Address;
        public Ipv4Address Mask => _output.Interface.Mask;
        public Ipv4Address Gateway => _output.Interface.Gateway;
        public bool IsConfigured => _output.Interface.IsConfigured;
        public int MtuBytes => _output.MtuBytes;
        public int PendingPacketsHeld => _output.PendingHeld;

        // Where a datagram to destination would go: the routing decision and the next hop.
        public RouteResult Route(Ipv4Address destination, out Ipv4Address nextHop) => _output.Interface.Route(destination, out nextHop);

        // The earliest time Poll has work: ARP, reassembly, DHCP or TCP timers.
        public long NextDeadlineNs
        {
            get
            {
                long deadline = Math.Min(_output.ArpNextDueNs, _reassembly.NextTimeoutNs);
                if (_dhcp != null)
                    deadline = Math.Min(deadline, _dhcp.NextDeadlineNs);
                return Math.Min(deadline, Tcp.NextDeadlineNs);
            }
        }

        // Sends from sockets (UdpSocketBlock.TrySendTo, TCP's output outside Receive/Poll) carry no
        // time; ARP stamps them with the time of the latest ProcessFrame, PollDevice, Poll or this
        // call. The socket layer calls it before sending when its clock has moved on.
        public void AdvanceTime(long nowNs) => _output.NowNs = nowNs;

        // Takes up to budget frames from the device's default path, processes and returns each;
        // then lets TCP send what the batch made due. Returns the frames processed.
        public int PollDevice(long nowNs, int budget)
        {
            int processed = 0;
            while (processed < budget && _device.TryTakeUnclaimed(out FrameLease frame))
            {
                ProcessFrame(_device.Bytes(frame), nowNs);
                _device.Return(frame);
                processed++;
            }
            if (processed > 0)
                Tcp.Poll(nowNs);
            return processed;
        }

        // Timers: ARP requests and give-ups, reassembly expiry, DHCP, TCP.
        public void Poll(long nowNs)
        {
            _output.NowNs = nowNs;
            _output.Tick(nowNs);
            _reassembly.Tick(nowNs);
            if (_dhcp != null)
                PollDhcp(nowNs);
            Tcp.Poll(nowNs);
        }

        public void ProcessFrame(ReadOnlySpan<byte> frame, long nowNs)
        {
            _output.NowNs = nowNs;
            Counters.FramesReceived++;
            WireResult result = EthernetFrame.TryCreate(frame, out EthernetFrame ethernet);
            if (!result.IsOk)
            {
                Counters.Drop(result.Status == WireStatus.Truncated ? NetDropReason.FrameTruncated : NetDropReason.FrameMalformed);
                return;
            }
            MacAddress destination = ethernet.Destination;
            bool linkBroadcast = destination.IsBroadcast;
            if (destination != _mac && !linkBroadcast)
            {
                Counters.Drop(destination.IsMulticast ? NetDropReason.MulticastFrame : NetDropReason.NotOurFrame);
                return;
            }
            EtherType type = ethernet.EtherType;
            if (type == EtherType.Arp)
                ReceiveArp(ethernet.Payload);
            else if (type == EtherType.Ipv4)
                ReceiveIpv4(ethernet.Payload, linkBroadcast, nowNs);
            else
                Counters.Drop(NetDropReason.UnknownEtherType);
        }

        private void ReceiveArp(ReadOnlySpan<byte> payload)
        {
            if (!ArpPacket.TryCreate(payload, out ArpPacket packet).IsOk ||
                !ArpMessage.Parse(packet, out ArpMessage message).IsOk)
            {
                Counters.Drop(NetDropReason.ArpMalformed);
                return;
            }
            Ipv4Address ours = Address;
            if (IsConfigured && message.SenderProtocolAddress == ours && message.SenderHardwareAddress != _mac)
            {
                Counters.Drop(NetDropReason.ArpAddressConflict);
                return;
            }
            bool forUs = IsConfigured && message.TargetProtocolAddress == ours;
            _output.LearnAndRelease(message.SenderProtocolAddress, message.SenderHardwareAddress, forUs);
            if (forUs && message.Operation == ArpOperation.Request)
            {
                // RFC 826: swap the fields, put our hardware address in, reply to the asker only.
                if (_output.SendArp(message.ReplyFrom(_mac), message.SenderHardwareAddress))
                    Counters.ArpRepliesSent++;
            }
        }

        private void ReceiveIpv4(ReadOnlySpan<byte> payload, bool linkBroadcast, long nowNs)
        {
            WireResult result = Ipv4Packet.TryCreate(payload, out Ipv4Packet packet);
            if (!result.IsOk)
            {
                Counters.Drop(result.Status == WireStatus.Truncated ? NetDropReason.Ipv4Truncated
                    : result.Reason == WireReason.BadChecksum ? NetDropReason.Ipv4BadChecksum : NetDropReason.Ipv4Malformed);
                return;
            }
            Ipv4Address source = packet.Source;
            if (source.IsBroadcast || source.IsMulticast || source.IsLoopback || _output.Interface.IsBroadcast(source))
            {
                Counters.Drop(NetDropReason.Ipv4BadSource);
                return;
            }
            Ipv4Address destination = packet.Destination;
            bool broadcast = _output.Interface.IsBroadcast(destination);
            bool toUs = IsConfigured && destination == Address;
            // Unconfigured, anything may be the DHCP reply: UDP only, checked for port 68 below.
            bool dhcpOnly = !toUs && !broadcast && !IsConfigured && _dhcp != null && packet.Protocol == IpProtocol.Udp;
            if (!toUs && !broadcast && !dhcpOnly)
            {
                Counters.Drop(NetDropReason.Ipv4NotForUs);
                return;
            }
            ReadOnlySpan<byte> data = packet.Payload;
            if (packet.IsFragment)
            {
                ReassemblyResult reassembly = _reassembly.Accept(packet, nowNs, _reassembled);
                if (reassembly.Status == ReassemblyStatus.Dropped)
                    Counters.Drop(NetDropReason.ReassemblyDropped);
                if (reassembly.Status != ReassemblyStatus.Complete)
                    return;
                data = new ReadOnlySpan<byte>(_reassembled, 0, reassembly.Length);
            }
            bool anyBroadcast = broadcast || linkBroadcast;
            switch (packet.Protocol)
            {
                case IpProtocol.Icmp:
                    ReceiveIcmp(source, data, anyBroadcast);
                    break;
                case IpProtocol.Udp:
                    ReceiveUdp(packet.Header, source, destination, data, anyBroadcast, dhcpOnly, nowNs);
                    break;
                case IpProtocol.Tcp:
                    ReceiveTcp(source, destination, data, anyBroadcast, nowNs);
                    break;
                default:
                    Counters.Drop(NetDropReason.Ipv4UnknownProtocol);
                    break;
            }
        }

        private void ReceiveIcmp(Ipv4Address source, ReadOnlySpan<byte> message, bool broadcast)
        {
            if (!IcmpPacket.TryCreate(message, out IcmpPacket request).IsOk)
            {
                Counters.Drop(NetDropReason.IcmpMalformed);
                return;
            }
            if (!request.IsEchoRequest)
                return; // other types: nothing for a host to do here (RFC 1122 3.2.2)
            if (broadcast)
            {
                Counters.Drop(NetDropReason.IcmpBroadcastEcho);
                return;
            }
            if (message.Length > _output.PayloadBytesMax)
            {
                Counters.Drop(NetDropReason.EchoReplyTooLarge);
                return;
            }
            // RFC 792: the reply carries the request's identifier, sequence number and data.
            Span<byte> reply = _output.BeginPayload();
            message.CopyTo(reply);
            IcmpHeader.EchoReplyTo(request).TryEmit(reply, out _);
            Ipv4SendResult sent = _output.Send(Address, source, IpProtocol.Icmp, message.Length, dontFragment: false);
            if (sent == Ipv4SendResult.Sent || sent == Ipv4SendResult.Queued)
                Counters.EchoRepliesSent++;
        }

        private void ReceiveUdp(ReadOnlySpan<byte> ipHeader, Ipv4Address source, Ipv4Address destination,
            ReadOnlySpan<byte> data, bool broadcast, bool dhcpOnly, long nowNs)
        {
            if (!UdpDatagram.TryCreate(data, source, destination, out UdpDatagram datagram).IsOk)
            {
                Counters.Drop(NetDropReason.UdpMalformed);
                return;
            }
            ushort port = datagram.DestinationPort;
            if (_dhcp != null && port == DhcpMessage.ClientPort)
            {
                Counters.DatagramsDelivered++;
                ApplyDhcp(_dhcp.Receive(datagram.Payload, nowNs));
                PollDhcp(nowNs);
                return;
            }
            if (dhcpOnly)
            {
                Counters.Drop(NetDropReason.Ipv4NotForUs);
                return;
            }
            UdpDeliverResult delivered = Udp.Deliver(source, datagram.SourcePort, port, datagram.Payload);
            if (delivered == UdpDeliverResult.Delivered)
                Counters.DatagramsDelivered++;
            else if (delivered == UdpDeliverResult.QueueFull)
                Counters.Drop(NetDropReason.UdpQueueFull);
            else
            {
                Counters.Drop(NetDropReason.UdpNoSocket);
                if (!broadcast && Ipv4Interface.IsHostAddress(source))
                    SendPortUnreachable(ipHeader, source, data, nowNs);
            }
        }

        // RFC 792 destination unreachable, code 3: the offending header and its first 8 data bytes.
        private void SendPortUnreachable(ReadOnlySpan<byte> ipHeader, Ipv4Address destination, ReadOnlySpan<byte> data, long nowNs)
        {
            if (!_icmpErrors.TryTake(nowNs))
            {
                Counters.Drop(NetDropReason.IcmpErrorRateLimited);
                return;
            }
            int quoteData = Math.Min(data.Length, NetLimits.IcmpErrorQuoteDataBytes);
            int dataLength = ipHeader.Length + quoteData;
            Span<byte> message = _output.BeginPayload();
            ipHeader.CopyTo(message.Slice(IcmpPacket.HeaderBytes));
            data.Slice(0, quoteData).CopyTo(message.Slice(IcmpPacket.HeaderBytes + ipHeader.Length));
            new IcmpHeader(IcmpType.DestinationUnreachable, IcmpHeader.CodePortUnreachable, 0, dataLength).TryEmit(message, out _);
            Ipv4SendResult sent = _output.Send(Address, destination, IpProtocol.Icmp, IcmpPacket.HeaderBytes + dataLength, dontFragment: false);
            if (sent == Ipv4SendResult.Sent || sent == Ipv4SendResult.Queued)
                Counters.PortUnreachablesSent++;
        }

        private void ReceiveTcp(Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> segment, bool broadcast, long nowNs)
        {
            if (broadcast)
            {
                Counters.Drop(NetDropReason.TcpBroadcast);
                return;
            }
            Counters.SegmentsToTcp++;
            Tcp.Receive(source, destination, segment, nowNs);
        }

        private void PollDhcp(long nowNs)
        {
            DhcpClient dhcp = _dhcp!;
            ApplyDhcp(dhcp.Tick(nowNs));
            if (!dhcp.TryTakeMessage(nowNs, _dhcpMessage, out int length, out Ipv4Address destination))
                return;
            // Before a lease the source is 0.0.0.0 (RFC 2131 4.1), which only a broadcast can use.
            Udp.Send(DhcpMessage.ClientPort, destination, DhcpMessage.ServerPort, new ReadOnlySpan<byte>(_dhcpMessage, 0, length));
        }

        private void ApplyDhcp(DhcpEvent dhcpEvent)
        {
            if (dhcpEvent == DhcpEvent.Bound || dhcpEvent == DhcpEvent.Renewed)
            {
                DhcpLease lease = _dhcp!.Lease;
                Ipv4Address gateway = new Ipv4Interface(lease.Address, lease.Mask, default).IsOnLink(lease.Router) ? lease.Router : default;
                _output.Interface = new Ipv4Interface(lease.Address, lease.Mask, gateway);
            }
            else if (dhcpEvent == DhcpEvent.Lost)
            {
                _output.Interface = default;
            }
        }
    }
}
