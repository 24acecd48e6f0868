// Frames as a guest on QEMU's user-mode network (slirp) sees them: the guest is
// 52:54:00:12:34:56 at 10.0.2.15, the virtual gateway is 52:55:0a:00:02:02 at 10.0.2.2, the
// virtual DNS server is 10.0.2.3. Written out byte by byte, so the parsers are checked against
// the wire format rather than against our own emitters; the checksums inside were computed
// separately and are re-checked by Reference.Checksum in the tests.
using System;
using OSv.Net.Wire;

namespace OSv.Net.Tests.Wire
{
    internal static class Captured
    {
        public static readonly MacAddress GuestMac = new MacAddress(0x52, 0x54, 0x00, 0x12, 0x34, 0x56);
        public static readonly MacAddress GatewayMac = new MacAddress(0x52, 0x55, 0x0a, 0x00, 0x02, 0x02);
        public static readonly Ipv4Address GuestIp = new Ipv4Address(10, 0, 2, 15);
        public static readonly Ipv4Address GatewayIp = new Ipv4Address(10, 0, 2, 2);
        public static readonly Ipv4Address DnsIp = new Ipv4Address(10, 0, 2, 3);

        // The guest asks who has 10.0.2.2: broadcast, 42 bytes, unpadded (virtio sends it so).
        public static byte[] ArpRequestFrame => Hex(
            "ff ff ff ff ff ff 52 54 00 12 34 56 08 06" +
            " 00 01 08 00 06 04 00 01 52 54 00 12 34 56 0a 00 02 0f" +
            " 00 00 00 00 00 00 0a 00 02 02");

        // Slirp's answer, padded with zeros to the 60-byte Ethernet minimum.
        public static byte[] ArpReplyFrame => Hex(
            "52 54 00 12 34 56 52 55 0a 00 02 02 08 06" +
            " 00 01 08 00 06 04 00 02 52 55 0a 00 02 02 0a 00 02 02" +
            " 52 54 00 12 34 56 0a 00 02 0f" +
            " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");

        public const int ArpRequestFrameBytes = 42;

        // The host pings the guest: 10.0.2.2 -> 10.0.2.15, DF, TTL 64, identification 0x1c46;
        // ICMP echo request identifier 0x0bad, sequence 1, 48 data bytes (an 8-byte timestamp,
        // then 0x10..0x37 as Linux ping fills them). IPv4 checksum 0x065b, ICMP checksum 0xdb00.
        public static byte[] EchoRequestFrame => Hex(
            "52 54 00 12 34 56 52 55 0a 00 02 02 08 00" +
            " 45 00 00 4c 1c 46 40 00 40 01 06 5b 0a 00 02 02 0a 00 02 0f" +
            " 08 00 db 00 0b ad 00 01" +
            " a1 b2 c3 d4 e5 f6 07 00 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f" +
            " 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37");

        public const int EchoRequestIpOffset = 14;
        public const int EchoRequestIcmpOffset = 34;
        public const int EchoRequestDataBytes = 48;

        // The guest asks the DNS server for example.com: 10.0.2.15:40000 -> 10.0.2.3:53,
        // identification 0x3e1f, DF, TTL 64; IPv4 checksum 0xe483, UDP checksum 0x697b.
        public static byte[] DnsQueryFrame => Hex(
            "52 55 0a 00 02 02 52 54 00 12 34 56 08 00" +
            " 45 00 00 39 3e 1f 40 00 40 11 e4 83 0a 00 02 0f 0a 00 02 03" +
            " 9c 40 00 35 00 25 69 7b" +
            " 12 34 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01");

        public const int DnsQueryIpOffset = 14;
        public const int DnsQueryUdpOffset = 34;
        public const int DnsQueryPayloadBytes = 29;

        public static byte[] EchoRequestIp => EchoRequestFrame[EchoRequestIpOffset..];

        public static byte[] EchoRequestIcmp => EchoRequestFrame[EchoRequestIcmpOffset..];

        public static byte[] DnsQueryIp => DnsQueryFrame[DnsQueryIpOffset..];

        public static byte[] DnsQueryUdp => DnsQueryFrame[DnsQueryUdpOffset..];

        public static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", ""));
    }

    // Independent implementations to check ours against: RFC 1071 as written, word by word.
    internal static class Reference
    {
        public static ushort Checksum(byte[] data)
        {
            int sum = 0;
            for (int i = 0; i < data.Length; i += 2)
            {
                int word = data[i] << 8;
                if (i + 1 < data.Length)
                    word |= data[i + 1];
                sum += word;
                while (sum > 0xFFFF)
                    sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (ushort)~sum;
        }

        public static ushort UdpChecksum(byte[] datagram, byte[] source, byte[] destination)
        {
            var summed = new byte[12 + datagram.Length];
            source.CopyTo(summed, 0);
            destination.CopyTo(summed, 4);
            summed[9] = 17;
            summed[10] = (byte)(datagram.Length >> 8);
            summed[11] = (byte)datagram.Length;
            datagram.CopyTo(summed, 12);
            return Checksum(summed);
        }

        // Sets an IPv4 header's checksum field after a test has changed another field.
        public static byte[] WithIpv4Checksum(byte[] packet)
        {
            int headerLength = (packet[0] & 0xF) * 4;
            packet[10] = 0;
            packet[11] = 0;
            ushort checksum = Checksum(packet[..Math.Min(headerLength, packet.Length)]);
            packet[10] = (byte)(checksum >> 8);
            packet[11] = (byte)checksum;
            return packet;
        }
    }

    internal static class Expect
    {
        public static void Ok(WireResult result)
        {
            Xunit.Assert.Equal(WireStatus.Ok, result.Status);
            Xunit.Assert.Equal(WireReason.None, result.Reason);
        }

        public static void Truncated(WireReason reason, WireResult result)
        {
            Xunit.Assert.Equal(WireStatus.Truncated, result.Status);
            Xunit.Assert.Equal(reason, result.Reason);
        }

        public static void Malformed(WireReason reason, WireResult result)
        {
            Xunit.Assert.Equal(WireStatus.Malformed, result.Status);
            Xunit.Assert.Equal(reason, result.Reason);
        }
    }
}
