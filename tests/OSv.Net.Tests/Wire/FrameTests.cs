// Whole frames through every layer, as the receive path will take them: Ethernet, then IPv4,
// then ICMP or UDP; and a reply built layer by layer into one transmit buffer.
using System;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;

namespace OSv.Net.Tests.Wire
{
    public class FrameTests
    {
        // The first result that is not Ok, walking down the layers the way the stack will.
        private static WireResult ParseLayers(ReadOnlySpan<byte> bytes)
        {
            WireResult result = EthernetFrame.TryCreate(bytes, out EthernetFrame frame);
            if (!result.IsOk)
                return result;
            if (frame.EtherType == EtherType.Arp)
                return ArpPacket.TryCreate(frame.Payload, out _);
            result = Ipv4Packet.TryCreate(frame.Payload, out Ipv4Packet packet);
            if (!result.IsOk)
                return result;
            if (packet.Protocol == IpProtocol.Icmp)
                return IcmpPacket.TryCreate(packet.Payload, out _);
            return UdpDatagram.TryCreate(packet.Payload, packet.Source, packet.Destination, out _);
        }

        public static TheoryData<string> FrameNames => new TheoryData<string> { "arp-request", "arp-reply", "echo-request", "dns-query" };

        private static byte[] Frame(string name) => name switch
        {
            "arp-request" => Captured.ArpRequestFrame,
            "arp-reply" => Captured.ArpReplyFrame,
            "echo-request" => Captured.EchoRequestFrame,
            _ => Captured.DnsQueryFrame,
        };

        [Theory]
        [MemberData(nameof(FrameNames))]
        public void ParseLayers_CapturedFrame_EveryLayerOk(string name)
        {
            Expect.Ok(ParseLayers(Frame(name)));
        }

        [Theory]
        [MemberData(nameof(FrameNames))]
        public void ParseLayers_EveryPrefixOfFrame_TruncatedNeverThrows(string name)
        {
            byte[] bytes = Frame(name);
            int end = name == "arp-reply" ? EthernetFrame.HeaderBytes + ArpPacket.PacketBytes : bytes.Length;
            for (int length = 0; length < end; length++)
                Assert.Equal(WireStatus.Truncated, ParseLayers(bytes.AsSpan(0, length)).Status);
        }

        [Fact]
        public void ParseLayers_ArpReplyPaddingCut_StillOk()
        {
            byte[] bytes = Captured.ArpReplyFrame;
            for (int length = EthernetFrame.HeaderBytes + ArpPacket.PacketBytes; length <= bytes.Length; length++)
                Expect.Ok(ParseLayers(bytes.AsSpan(0, length)));
        }

        [Fact]
        public void ParseLayers_RandomCorruptionsOfEchoRequest_NeverThrow()
        {
            var random = new Random(792);
            byte[] original = Captured.EchoRequestFrame;
            var bytes = new byte[original.Length];
            for (int round = 0; round < 20000; round++)
            {
                original.CopyTo(bytes, 0);
                int flips = 1 + random.Next(4);
                for (int i = 0; i < flips; i++)
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                WireResult result = ParseLayers(bytes.AsSpan(0, random.Next(bytes.Length + 1)));
                Assert.True(result.IsOk || result.Reason != WireReason.None);
            }
        }

        // The echo responder's whole job at the wire level: parse the request frame, build the
        // reply into a transmit buffer (data copied once), and the reply parses back.
        private static int BuildEchoReply(ReadOnlySpan<byte> request, Span<byte> transmit, MacAddress ourMac)
        {
            Expect.Ok(EthernetFrame.TryCreate(request, out EthernetFrame frame));
            Expect.Ok(Ipv4Packet.TryCreate(frame.Payload, out Ipv4Packet packet));
            Expect.Ok(IcmpPacket.TryCreate(packet.Payload, out IcmpPacket icmp));
            Assert.True(icmp.IsEchoRequest);

            const int ipOffset = EthernetFrame.HeaderBytes;
            const int icmpOffset = ipOffset + Ipv4Packet.HeaderBytesMin;
            icmp.Data.CopyTo(transmit.Slice(icmpOffset + IcmpPacket.HeaderBytes));
            IcmpHeader echoReply = IcmpHeader.EchoReplyTo(icmp);
            Assert.True(echoReply.TryEmit(transmit.Slice(icmpOffset), out int icmpBytes));
            var ip = new Ipv4Header(packet.Destination, packet.Source, IpProtocol.Icmp, icmpBytes + echoReply.DataLength);
            Assert.True(ip.TryEmit(transmit.Slice(ipOffset), out int ipBytes));
            var ethernet = new EthernetHeader(frame.Source, ourMac, EtherType.Ipv4);
            Assert.True(ethernet.TryEmit(transmit, out int ethernetBytes));
            return ethernetBytes + ipBytes + ip.PayloadLength;
        }

        [Fact]
        public void EchoReply_BuiltLayerByLayer_ParsesBackAsReply()
        {
            var transmit = new byte[1514];
            int length = BuildEchoReply(Captured.EchoRequestFrame, transmit, Captured.GuestMac);
            Assert.Equal(Captured.EchoRequestFrame.Length, length);

            Expect.Ok(EthernetFrame.TryCreate(transmit.AsSpan(0, length), out EthernetFrame frame));
            Assert.Equal(Captured.GatewayMac, frame.Destination);
            Assert.Equal(Captured.GuestMac, frame.Source);
            Expect.Ok(Ipv4Packet.TryCreate(frame.Payload, out Ipv4Packet packet));
            Assert.Equal(Captured.GuestIp, packet.Source);
            Assert.Equal(Captured.GatewayIp, packet.Destination);
            Expect.Ok(IcmpPacket.TryCreate(packet.Payload, out IcmpPacket icmp));
            Assert.Equal(IcmpType.EchoReply, icmp.Type);
            Assert.Equal(0x0bad, icmp.Identifier);
            Assert.True(icmp.Data.SequenceEqual(Captured.EchoRequestIcmp.AsSpan(IcmpPacket.HeaderBytes)));
        }

        [Fact]
        public void ParseAndEmit_WarmPath_AllocatesNothing()
        {
            byte[] request = Captured.EchoRequestFrame;
            byte[] dns = Captured.DnsQueryFrame;
            byte[] arp = Captured.ArpRequestFrame;
            var transmit = new byte[1514];
            // AllocationMeter's warm-up run takes JIT and static initialisation first.
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 100; i++)
                    RunPath(request, dns, arp, transmit);
            });
            Assert.Equal(0, allocated);
        }

        private static void RunPath(byte[] request, byte[] dns, byte[] arp, byte[] transmit)
        {
            EthernetFrame.TryCreate(request, out EthernetFrame frame);
            Ipv4Packet.TryCreate(frame.Payload, out Ipv4Packet packet);
            IcmpPacket.TryCreate(packet.Payload, out IcmpPacket icmp);
            icmp.Data.CopyTo(transmit.AsSpan(42));
            IcmpHeader.EchoReplyTo(icmp).TryEmit(transmit.AsSpan(34), out _);
            new Ipv4Header(packet.Destination, packet.Source, IpProtocol.Icmp, icmp.Bytes.Length).TryEmit(transmit.AsSpan(14), out _);
            new EthernetHeader(frame.Source, frame.Destination, EtherType.Ipv4).TryEmit(transmit, out _);

            EthernetFrame.TryCreate(dns, out frame);
            Ipv4Packet.TryCreate(frame.Payload, out packet);
            UdpDatagram.TryCreate(packet.Payload, packet.Source, packet.Destination, out UdpDatagram udp);
            new UdpHeader(udp.DestinationPort, udp.SourcePort, 0).TryEmit(transmit.AsSpan(34), packet.Destination, packet.Source, out _);

            EthernetFrame.TryCreate(arp, out frame);
            ArpPacket.TryCreate(frame.Payload, out ArpPacket arpPacket);
            ArpMessage.Parse(arpPacket, out ArpMessage message);
            message.ReplyFrom(Captured.GatewayMac).TryEmit(transmit.AsSpan(14), out _);
        }
    }
}
