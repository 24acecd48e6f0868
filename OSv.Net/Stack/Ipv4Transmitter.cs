// The IPv4 output path every protocol shares (ICMP replies and errors, UDP, DHCP, TCP through
// StackSegmentTransmitter), after RFC 1122 3.3.1 (routing outbound datagrams) and 2.3.2 (ARP).
//
// One transmit scratch frame, allocated once: a protocol asks for BeginPayload (a span starting
// after room for the 14-byte Ethernet and 20-byte IPv4 headers), writes its header and data
// there, and calls Send, which writes the IPv4 header (identification from a counter, DF when
// asked, TTL 64, checksum) and the Ethernet header in front, so the payload is never copied
// again. Send picks the next hop (Ipv4Interface.Route), then its Ethernet address:
//   - broadcast destinations go to ff:ff:ff:ff:ff:ff without ARP;
//   - ArpCache.Lookup Resolved: sent at once;
//   - Pending: the whole frame is copied into the PendingPacketPool, its handle queued in the
//     ArpCache, and the cache's Tick run so that the request goes out now; when a reply arrives
//     (Release) the held frames get their destination address and go, oldest first; when the
//     resolution fails (Tick) they are freed and counted;
//   - no route, no address, no ARP entry, no pool buffer, a full device: counted drops.
// The ARP request and reply frames have their own small buffer, so sending one never disturbs a
// payload being built in the scratch frame.
//
// Time: Send has no "now" (SegmentTransmitter.Transmit has none), so the stack stores the time of
// the call it is serving in NowNs before running any protocol code; ARP uses it.
// Caller rules: one owner (the stack's lock); a span from BeginPayload is valid until the next
// Send or BeginPayload. Nothing allocates after construction.
using System;
using OSv.Net.Arp;
using OSv.Net.Ip;
using OSv.Net.Link;
using OSv.Net.Wire;

namespace OSv.Net.Stack
{
    public enum Ipv4SendResult : byte
    {
        Sent,
        Queued,          // held until the next hop resolves
        NotConfigured,
        NoRoute,
        ArpCacheFull,
        PendingPoolFull,
        DeviceFull,
        TooLarge,        // the payload does not fit the MTU
    }

    internal sealed class Ipv4Transmitter
    {
        public const int HeadersBytes = EthernetFrame.HeaderBytes + Ipv4Packet.HeaderBytesMin;
        private const int ArpFrameBytes = EthernetFrame.HeaderBytes + ArpPacket.PacketBytes;

        private readonly FrameDevice _device;
        private readonly MacAddress _mac;
        private readonly ArpCache _arp;
        private readonly NetCounters _counters;
        private readonly PendingPacketPool _pending;
        private readonly byte[] _frame;
        private readonly byte[] _arpFrame = new byte[ArpFrameBytes];
        private readonly ArpRequest[] _requests = new ArpRequest[NetLimits.ArpTickRequestsMax];
        private readonly int[] _failed = new int[NetLimits.ArpTickFailedPacketsMax];
        private readonly int[] _released = new int[NetLimits.ArpPendingPacketsPerEntryMax];
        private ushort _identification;

        public Ipv4Transmitter(FrameDevice device, ArpCache arp, NetCounters counters, uint secret)
        {
            _device = device;
            _mac = device.Address;
            _arp = arp;
            _counters = counters;
            int mtu = Math.Min(NetLimits.EthernetMtuBytes, device.FrameBytesMax - EthernetFrame.HeaderBytes);
            MtuBytes = mtu;
            _frame = new byte[EthernetFrame.HeaderBytes + mtu];
            _pending = new PendingPacketPool(EthernetFrame.HeaderBytes + mtu);
            // A per-boot starting point, so that identifications do not repeat across reboots
            // in the same order (RFC 6864 4.2 asks only for uniqueness within the flow's lifetime).
            _identification = (ushort)(secret ^ (secret >> 16));
            ArpNextDueNs = long.MaxValue;
        }

        public Ipv4Interface Interface { get; set; }

        public long NowNs { get; set; }

        public int MtuBytes { get; }

        public int PayloadBytesMax => MtuBytes - Ipv4Packet.HeaderBytesMin;

        public long ArpNextDueNs { get; private set; }

        public int PendingHeld => _pending.HeldCount;

        public Span<byte> BeginPayload() => new Span<byte>(_frame, HeadersBytes, PayloadBytesMax);

        // Sends the payloadLength bytes at BeginPayload's span as one IPv4 datagram.
        public Ipv4SendResult Send(Ipv4Address source, Ipv4Address destination, IpProtocol protocol,
            int payloadLength, bool dontFragment)
        {
            if ((uint)payloadLength > (uint)PayloadBytesMax)
                return Ipv4SendResult.TooLarge;
            RouteResult route = Interface.Route(destination, out Ipv4Address nextHop);
            if (route == RouteResult.NotConfigured)
                return Refuse(NetDropReason.NotConfigured, Ipv4SendResult.NotConfigured);
            if (route == RouteResult.NoRoute)
                return Refuse(NetDropReason.NoRoute, Ipv4SendResult.NoRoute);
            var header = new Ipv4Header(source, destination, protocol, payloadLength);
            header.Identification = _identification++;
            header.DontFragment = dontFragment;
            header.TryEmit(new Span<byte>(_frame, EthernetFrame.HeaderBytes, Ipv4Packet.HeaderBytesMin), out _);
            WriteEthernet(_frame, MacAddress.Zero, EtherType.Ipv4);
            int frameLength = HeadersBytes + payloadLength;
            if (route == RouteResult.Broadcast)
                return SendFrame(new Span<byte>(_frame, 0, frameLength), MacAddress.Broadcast);
            ArpLookupResult lookup = _arp.Lookup(nextHop, NowNs, out MacAddress hardwareAddress);
            if (lookup == ArpLookupResult.Resolved)
                return SendFrame(new Span<byte>(_frame, 0, frameLength), hardwareAddress);
            if (lookup != ArpLookupResult.Pending)
                return Refuse(NetDropReason.ArpCacheFull, Ipv4SendResult.ArpCacheFull);
            return Hold(nextHop, frameLength);
        }

        // The next hop is resolving: keep a copy of the frame in the pool, queued on its entry.
        private Ipv4SendResult Hold(Ipv4Address nextHop, int frameLength)
        {
            if (!_pending.TryHold(new Span<byte>(_frame, 0, frameLength), out int handle))
                return Refuse(NetDropReason.PendingPoolFull, Ipv4SendResult.PendingPoolFull);
            ArpEnqueueResult queued = _arp.Enqueue(nextHop, handle, out int dropped);
            if (queued == ArpEnqueueResult.NotPending)
            {
                _pending.Free(handle); // cannot happen after a Pending lookup; kept safe anyway
                return Refuse(NetDropReason.ArpCacheFull, Ipv4SendResult.ArpCacheFull);
            }
            if (queued == ArpEnqueueResult.QueuedDroppedOldest)
            {
                _pending.Free(dropped);
                _counters.Drop(NetDropReason.PendingDroppedOldest);
            }
            _counters.PacketsHeld++;
            Tick(NowNs); // the first request is due now
            return Ipv4SendResult.Queued;
        }

        // ARP's timers: requests to send, held packets whose next hop gave up.
        public void Tick(long nowNs)
        {
            ArpTickResult result = _arp.Tick(nowNs, _requests, _failed);
            for (int i = 0; i < result.RequestCount; i++)
            {
                ArpMessage request = ArpMessage.Request(_mac, Interface.Address, _requests[i].Target);
                if (SendArp(request, _requests[i].Destination))
                    _counters.ArpRequestsSent++;
            }
            for (int i = 0; i < result.FailedPacketCount; i++)
            {
                _pending.Free(_failed[i]);
                _counters.Drop(NetDropReason.ArpUnresolved);
            }
            ArpNextDueNs = result.NextDueNs;
        }

        // An ARP packet told us where address is (Learn when it was addressed to us, else Update):
        // send whatever was waiting for it.
        public void LearnAndRelease(Ipv4Address address, MacAddress hardwareAddress, bool addressedToUs)
        {
            int count;
            if (addressedToUs)
                _arp.Learn(address, hardwareAddress, NowNs, _released, out count);
            else
                _arp.Update(address, hardwareAddress, NowNs, _released, out count);
            for (int i = 0; i < count; i++)
            {
                int handle = _released[i];
                if (SendFrame(_pending.Frame(handle), hardwareAddress) == Ipv4SendResult.Sent)
                    _counters.PacketsReleased++;
                _pending.Free(handle);
            }
        }

        public bool SendArp(in ArpMessage message, MacAddress destination)
        {
            WriteEthernet(_arpFrame, destination, EtherType.Arp);
            message.TryEmit(_arpFrame.AsSpan(EthernetFrame.HeaderBytes), out _);
            return SendFrame(_arpFrame, destination) == Ipv4SendResult.Sent;
        }

        private Ipv4SendResult SendFrame(Span<byte> frame, MacAddress destination)
        {
            // The source address and type are in place; only the next hop's address is new.
            destination.Write(frame.Slice(EthernetFrame.DestinationOffset));
            if (!_device.TrySend(frame))
                return Refuse(NetDropReason.DeviceFull, Ipv4SendResult.DeviceFull);
            _counters.FramesSent++;
            return Ipv4SendResult.Sent;
        }

        private void WriteEthernet(Span<byte> frame, MacAddress destination, EtherType type) =>
            new EthernetHeader(destination, _mac, type).TryEmit(frame, out _);

        private Ipv4SendResult Refuse(NetDropReason reason, Ipv4SendResult result)
        {
            _counters.Drop(reason);
            return result;
        }
    }
}
