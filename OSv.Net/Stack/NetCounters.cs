// What the interface driver counts: every frame or packet it drops, by reason (style rule 3:
// "when full, return false and count it"), and the traffic it handled. Allocated once with the
// stack; incrementing allocates nothing. Read them for diagnostics and in tests.
namespace OSv.Net.Stack
{
    public enum NetDropReason : byte
    {
        None,

        // Ethernet.
        FrameTruncated,        // shorter than the 14-byte header
        FrameMalformed,        // an IEEE 802.3 length instead of an EtherType
        NotOurFrame,           // unicast to another station's MAC address
        MulticastFrame,        // group address other than broadcast (no multicast groups joined)
        UnknownEtherType,      // neither ARP nor IPv4 (IPv6, VLAN, ...)

        // ARP.
        ArpMalformed,          // not Ethernet/IPv4 ARP, truncated, or an unknown opcode
        ArpAddressConflict,    // another station claims our address (RFC 5227); not answered

        // IPv4.
        Ipv4Truncated,
        Ipv4Malformed,         // version, header length, total length, fragment offset
        Ipv4BadChecksum,
        Ipv4BadSource,         // broadcast, multicast or loopback source (RFC 1122 3.2.1.3)
        Ipv4NotForUs,          // not our address nor a broadcast (or not DHCP while unconfigured)
        Ipv4UnknownProtocol,
        ReassemblyDropped,     // refused by Ipv4Reassembly (its DropCount says why)

        // ICMP.
        IcmpMalformed,         // truncated or bad checksum
        IcmpBroadcastEcho,     // echo to a broadcast address, not answered (RFC 1122 3.2.2.6)
        EchoReplyTooLarge,     // the reply would not fit the MTU (no output fragmentation)

        // UDP.
        UdpMalformed,          // truncated, bad length or checksum
        UdpNoSocket,           // no socket on the port (port unreachable sent unless limited)
        UdpQueueFull,          // the socket's receive queue had no room
        IcmpErrorRateLimited,  // a port unreachable the token bucket held back
        TcpBroadcast,          // TCP to a broadcast address

        // Output.
        NotConfigured,         // no address yet, and not a broadcast
        NoRoute,               // off-link without a gateway, or an unroutable destination
        ArpCacheFull,          // every ARP entry is resolving: the next hop cannot be looked up
        PendingPoolFull,       // no buffer to hold a packet while its next hop resolves
        PendingDroppedOldest,  // a resolving next hop's queue was full; its oldest packet went
        ArpUnresolved,         // a held packet whose next hop never answered
        DeviceFull,            // FrameDevice.TrySend refused the frame
    }

    public sealed class NetCounters
    {
        public const int ReasonCount = (int)NetDropReason.DeviceFull + 1;

        private readonly long[] _drops = new long[ReasonCount];

        public long Drops(NetDropReason reason) => _drops[(int)reason];

        public long DropsTotal { get; private set; }

        public long FramesReceived { get; internal set; }
        public long FramesSent { get; internal set; }
        public long ArpRequestsSent { get; internal set; }
        public long ArpRepliesSent { get; internal set; }
        public long EchoRepliesSent { get; internal set; }
        public long PortUnreachablesSent { get; internal set; }
        public long PacketsHeld { get; internal set; }        // waited for ARP resolution
        public long PacketsReleased { get; internal set; }    // sent after their next hop resolved
        public long DatagramsDelivered { get; internal set; } // UDP, to sockets and to DHCP
        public long SegmentsToTcp { get; internal set; }

        internal void Drop(NetDropReason reason)
        {
            _drops[(int)reason]++;
            DropsTotal++;
        }
    }
}
