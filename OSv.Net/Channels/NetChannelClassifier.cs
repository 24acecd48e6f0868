// The receive thread's packet classifier for Van Jacobson net channels (OSv: core/net_channel.cc,
// classifier::post_packet): for each received frame, a fast bounds-checked look at the Ethernet,
// IPv4 and TCP headers decides whether the frame belongs to an established TCP flow that has a
// channel; if so the frame's lease is pushed into that channel and claimed, and the connection's
// own thread runs the TCP input. Everything else goes on to the normal path.
//
// Claimed only when all hold (each refusal is counted under its ClassifierOutcome):
// - Ethernet II type IPv4 (a VLAN tag is not looked through);
// - IPv4 version 4, IHL >= 5, the header and a 20-byte TCP header inside both the frame and
//   the total length, total length >= header length (RFC 791 3.1);
// - not a fragment (MF clear, offset 0): fragments need reassembly on the normal path;
// - protocol TCP, destination = LocalAddress (settable: DHCP assigns it after the classifier is
//   installed; unspecified claims nothing);
// - TCP data offset >= 5 and inside the segment, and none of SYN, FIN, RST (RFC 9293 3.1): only
//   established traffic (ACKs, data, PSH, URG) takes the fast path, as in OSv, so connection
//   setup and teardown and their state changes stay on the stack's serialised path;
// - the flow (local = destination, remote = source) is in the FlowTable, and its channel serves
//   this device and has room.
//
// No checksum is verified here (the IPv4 header's nor the TCP segment's): the consumer passes the
// frame through Ipv4Packet.TryCreate (header checksum) and the full TCP input (segment checksum
// over the pseudo-header), which drop corruption exactly as the normal path does. A corrupted
// header can at worst send a frame to the wrong channel, where that input rejects or
// demultiplexes it.
//
// Caller rules: one receive thread per classifier (it is the producer of every channel it
// pushes to, and the only writer of the counters). Nothing here allocates or throws.
using System;
using OSv.Net.Link;
using OSv.Net.Tcp;
using OSv.Net.Wire;

namespace OSv.Net.Channels
{
    public enum ClassifierOutcome : byte
    {
        Claimed,
        Disabled,
        NotIpv4,          // too short for Ethernet, or another EtherType (ARP, VLAN, IPv6)
        Malformed,        // IPv4 or TCP header fields that contradict each other or the frame
        Fragment,
        NotTcp,
        NotForUs,         // destination is not LocalAddress
        ControlSegment,   // SYN, FIN or RST
        UnknownFlow,
        OtherDevice,      // the flow's channel holds another device's leases
        ChannelFull,
    }

    public sealed class NetChannelClassifier : FrameClassifier
    {
        public const int OutcomeCount = (int)ClassifierOutcome.ChannelFull + 1;

        // TCP header fields the classifier reads (RFC 9293 3.1).
        internal const int TcpHeaderBytesMin = 20;
        internal const int TcpSourcePortOffset = 0;
        internal const int TcpDestinationPortOffset = 2;
        internal const int TcpDataOffsetOffset = 12;
        internal const int TcpFlagsOffset = 13;
        internal const byte TcpFin = 0x01;
        internal const byte TcpSyn = 0x02;
        internal const byte TcpRst = 0x04;

        private const int IpVersionIhlOffset = 0;
        private const int IpTotalLengthOffset = 2;
        private const int IpFlagsFragmentOffset = 6;
        private const int IpProtocolOffset = 9;
        private const int IpSourceOffset = 12;
        private const int IpDestinationOffset = 16;
        private const ushort IpMoreFragmentsAndOffsetMask = 0x3FFF;

        private readonly FlowTable _flows;
        private readonly long[] _outcomes = new long[OutcomeCount];

        public NetChannelClassifier(FlowTable flows)
        {
            _flows = flows;
        }

        // Off until the stack turns it on (net.channels=on).
        public bool Enabled { get; set; }

        public Ipv4Address LocalAddress { get; set; }

        public FlowTable Flows => _flows;

        public long Count(ClassifierOutcome outcome) => _outcomes[(int)outcome];

        public override bool TryClaim(FrameDevice device, in FrameLease frame, ReadOnlySpan<byte> bytes)
        {
            ClassifierOutcome outcome = ClassifierOutcome.Disabled;
            if (Enabled)
            {
                outcome = Classify(bytes, LocalAddress, out FlowKey flow);
                if (outcome == ClassifierOutcome.Claimed)
                    outcome = Deliver(device, frame, flow);
            }
            _outcomes[(int)outcome]++;
            return outcome == ClassifierOutcome.Claimed;
        }

        private ClassifierOutcome Deliver(FrameDevice device, in FrameLease frame, in FlowKey flow)
        {
            if (!_flows.TryFind(flow, out NetChannel? channel) || channel == null)
                return ClassifierOutcome.UnknownFlow;
            if (channel.Device != device)
                return ClassifierOutcome.OtherDevice;
            return channel.TryPush(frame) ? ClassifierOutcome.Claimed : ClassifierOutcome.ChannelFull;
        }

        // The header checks of the design comment, without the table: Claimed means "an
        // established-looking TCP segment for localAddress", and flow is its key.
        public static ClassifierOutcome Classify(ReadOnlySpan<byte> frame, Ipv4Address localAddress, out FlowKey flow)
        {
            flow = default;
            if (frame.Length < EthernetFrame.HeaderBytes ||
                NetworkOrder.ReadUInt16(frame, EthernetFrame.EtherTypeOffset) != (ushort)EtherType.Ipv4)
                return ClassifierOutcome.NotIpv4;
            ReadOnlySpan<byte> ip = frame.Slice(EthernetFrame.HeaderBytes);
            if (ip.Length < Ipv4Packet.HeaderBytesMin || ip[IpVersionIhlOffset] >> 4 != Ipv4Packet.Version4)
                return ClassifierOutcome.Malformed;
            int headerBytes = (ip[IpVersionIhlOffset] & 0xF) * 4;
            int totalLength = NetworkOrder.ReadUInt16(ip, IpTotalLengthOffset);
            if (headerBytes < Ipv4Packet.HeaderBytesMin || totalLength < headerBytes || totalLength > ip.Length)
                return ClassifierOutcome.Malformed;
            if ((NetworkOrder.ReadUInt16(ip, IpFlagsFragmentOffset) & IpMoreFragmentsAndOffsetMask) != 0)
                return ClassifierOutcome.Fragment;
            if (ip[IpProtocolOffset] != (byte)IpProtocol.Tcp)
                return ClassifierOutcome.NotTcp;
            Ipv4Address destination = Ipv4Address.Read(ip.Slice(IpDestinationOffset));
            if (localAddress.IsUnspecified || destination != localAddress)
                return ClassifierOutcome.NotForUs;
            // The total length (within the frame) must hold a whole TCP header.
            ReadOnlySpan<byte> tcp = ip.Slice(headerBytes, totalLength - headerBytes);
            if (tcp.Length < TcpHeaderBytesMin)
                return ClassifierOutcome.Malformed;
            int dataOffsetBytes = (tcp[TcpDataOffsetOffset] >> 4) * 4;
            if (dataOffsetBytes < TcpHeaderBytesMin || dataOffsetBytes > tcp.Length)
                return ClassifierOutcome.Malformed;
            if ((tcp[TcpFlagsOffset] & (TcpSyn | TcpFin | TcpRst)) != 0)
                return ClassifierOutcome.ControlSegment;
            flow = new FlowKey(destination, NetworkOrder.ReadUInt16(tcp, TcpDestinationPortOffset),
                Ipv4Address.Read(ip.Slice(IpSourceOffset)), NetworkOrder.ReadUInt16(tcp, TcpSourcePortOffset));
            return ClassifierOutcome.Claimed;
        }
    }
}
