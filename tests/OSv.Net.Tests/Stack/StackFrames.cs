// Frames the tests feed to a NetStack, built with the Wire emitters (tested on their own in
// Wire/), and the fixture's addresses: QEMU's user-mode network (slirp), where the guest is
// 10.0.2.15/24 behind the gateway 10.0.2.2.
using System;
using OSv.Net.Dhcp;
using OSv.Net.Wire;

namespace OSv.Net.Tests.Stack
{
    internal static class StackFrames
    {
        public static readonly MacAddress OurMac = new MacAddress(0x52, 0x54, 0x00, 0x12, 0x34, 0x56);
        public static readonly MacAddress GatewayMac = new MacAddress(0x52, 0x55, 0x0a, 0x00, 0x02, 0x02);
        public static readonly MacAddress PeerMac = new MacAddress(0x52, 0x54, 0x00, 0x00, 0x00, 0x03);
        public static readonly MacAddress OtherMac = new MacAddress(0x52, 0x54, 0x00, 0x00, 0x00, 0x99);
        public static readonly Ipv4Address Ours = new Ipv4Address(10, 0, 2, 15);
        public static readonly Ipv4Address Mask24 = new Ipv4Address(255, 255, 255, 0);
        public static readonly Ipv4Address Gateway = new Ipv4Address(10, 0, 2, 2);
        public static readonly Ipv4Address Peer = new Ipv4Address(10, 0, 2, 3);
        public static readonly Ipv4Address Remote = new Ipv4Address(93, 184, 216, 34);
        public static readonly Ipv4Address SubnetBroadcast = new Ipv4Address(10, 0, 2, 255);

        public static byte[] Arp(ArpOperation operation, MacAddress senderMac, Ipv4Address senderIp,
            MacAddress targetMac, Ipv4Address targetIp, MacAddress destination)
        {
            var frame = new byte[EthernetFrame.HeaderBytes + ArpPacket.PacketBytes];
            new EthernetHeader(destination, senderMac, EtherType.Arp).TryEmit(frame, out _);
            new ArpMessage(operation, senderMac, senderIp, targetMac, targetIp).TryEmit(frame.AsSpan(EthernetFrame.HeaderBytes), out _);
            return frame;
        }

        public static byte[] ArpRequest(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) =>
            Arp(ArpOperation.Request, senderMac, senderIp, MacAddress.Zero, targetIp, MacAddress.Broadcast);

        public static byte[] ArpReply(MacAddress senderMac, Ipv4Address senderIp) =>
            Arp(ArpOperation.Reply, senderMac, senderIp, OurMac, Ours, OurMac);

        // An Ethernet frame carrying one IPv4 datagram (20-byte header) with the given payload.
        public static byte[] Ipv4(MacAddress sourceMac, MacAddress destinationMac, Ipv4Address source, Ipv4Address destination,
            IpProtocol protocol, ReadOnlySpan<byte> payload, ushort identification = 0x1234,
            bool moreFragments = false, int fragmentOffsetBytes = 0, bool dontFragment = false)
        {
            var frame = new byte[EthernetFrame.HeaderBytes + Ipv4Packet.HeaderBytesMin + payload.Length];
            new EthernetHeader(destinationMac, sourceMac, EtherType.Ipv4).TryEmit(frame, out _);
            var header = new Ipv4Header(source, destination, protocol, payload.Length)
            {
                Identification = identification,
                MoreFragments = moreFragments,
                DontFragment = dontFragment,
                FragmentOffsetBytes = fragmentOffsetBytes,
            };
            Xunit.Assert.True(header.TryEmit(frame.AsSpan(EthernetFrame.HeaderBytes), out _));
            payload.CopyTo(frame.AsSpan(EthernetFrame.HeaderBytes + Ipv4Packet.HeaderBytesMin));
            return frame;
        }

        public static byte[] Echo(IcmpType type, ushort identifier, ushort sequence, ReadOnlySpan<byte> data)
        {
            var message = new byte[IcmpPacket.HeaderBytes + data.Length];
            data.CopyTo(message.AsSpan(IcmpPacket.HeaderBytes));
            uint rest = (uint)identifier << 16 | sequence;
            new IcmpHeader(type, 0, rest, data.Length).TryEmit(message, out _);
            return message;
        }

        public static byte[] UdpBytes(Ipv4Address source, Ipv4Address destination, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
        {
            var datagram = new byte[UdpDatagram.HeaderBytes + payload.Length];
            payload.CopyTo(datagram.AsSpan(UdpDatagram.HeaderBytes));
            new UdpHeader(sourcePort, destinationPort, payload.Length).TryEmit(datagram, source, destination, out _);
            return datagram;
        }

        public static byte[] EchoRequestFrame(Ipv4Address source, MacAddress sourceMac, ushort sequence, ReadOnlySpan<byte> data) =>
            Ipv4(sourceMac, OurMac, source, Ours, IpProtocol.Icmp, Echo(IcmpType.EchoRequest, 0x4242, sequence, data));

        public static byte[] UdpFrame(MacAddress sourceMac, Ipv4Address source, Ipv4Address destination,
            ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload, MacAddress? destinationMac = null) =>
            Ipv4(sourceMac, destinationMac ?? OurMac, source, destination, IpProtocol.Udp,
                UdpBytes(source, destination, sourcePort, destinationPort, payload));

        // A DHCP server's reply (BOOTREPLY) with the given options, as slirp sends it.
        public static byte[] DhcpReply(DhcpMessageType type, uint transactionId, Ipv4Address yourAddress, MacAddress client,
            params (byte Code, byte[] Value)[] options)
        {
            var message = new byte[548];
            message[0] = 2;
            message[1] = 1;
            message[2] = 6;
            WriteUInt32(message, 4, transactionId);
            yourAddress.Write(message.AsSpan(16));
            Gateway.Write(message.AsSpan(20));
            client.Write(message.AsSpan(28));
            WriteUInt32(message, 236, 0x63825363);
            int position = 240;
            message[position++] = 53;
            message[position++] = 1;
            message[position++] = (byte)type;
            foreach ((byte code, byte[] value) in options)
            {
                message[position++] = code;
                message[position++] = (byte)value.Length;
                value.CopyTo(message, position);
                position += value.Length;
            }
            message[position] = 255;
            return message;
        }

        public static (byte, byte[]) Option(byte code, Ipv4Address address)
        {
            var value = new byte[4];
            address.Write(value);
            return (code, value);
        }

        public static (byte, byte[]) Option(byte code, uint value)
        {
            var bytes = new byte[4];
            WriteUInt32(bytes, 0, value);
            return (code, bytes);
        }

        // Slirp's offer and ack: 10.0.2.15/24, router and server 10.0.2.2, DNS 10.0.2.3, 1 day.
        public static byte[] SlirpReply(DhcpMessageType type, uint transactionId, uint leaseSeconds = 86400) =>
            DhcpReply(type, transactionId, Ours, OurMac,
                Option(54, Gateway), Option(51, leaseSeconds), Option(1, Mask24), Option(3, Gateway), Option(6, Peer));

        public static byte[] DhcpFrame(byte[] dhcpPayload, Ipv4Address destination) =>
            UdpFrame(GatewayMac, Gateway, destination, 67, 68, dhcpPayload,
                destination.IsBroadcast ? MacAddress.Broadcast : OurMac);

        public static void WriteUInt32(byte[] bytes, int offset, uint value)
        {
            bytes[offset] = (byte)(value >> 24);
            bytes[offset + 1] = (byte)(value >> 16);
            bytes[offset + 2] = (byte)(value >> 8);
            bytes[offset + 3] = (byte)value;
        }

        public static ushort ReadUInt16(byte[] bytes, int offset) => (ushort)(bytes[offset] << 8 | bytes[offset + 1]);

        public static uint ReadUInt32(byte[] bytes, int offset) =>
            (uint)(bytes[offset] << 24 | bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3]);

        public static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", ""));
    }
}
