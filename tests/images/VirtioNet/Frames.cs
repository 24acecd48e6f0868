// Hand-built ARP and DHCP frames (RFC 826, RFC 2131/2132), so that this test depends on the
// driver alone and not on the network stack it will later serve.
using System;

internal static class Frames
{
    public const int EthernetHeaderBytes = 14;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeIpv4 = 0x0800;
    public const uint DhcpTransactionId = 0x05ca1ab1;

    public static readonly byte[] GuestIp = { 10, 0, 2, 15 };
    public static readonly byte[] GatewayIp = { 10, 0, 2, 2 };

    public static int ArpRequest(Span<byte> frame, ReadOnlySpan<byte> mac)
    {
        EthernetHeader(frame, Broadcast, mac, EtherTypeArp);
        Span<byte> arp = frame.Slice(EthernetHeaderBytes, 28);
        Write16(arp, 0, 1);          // Ethernet
        Write16(arp, 2, 0x0800);     // IPv4
        arp[4] = 6;
        arp[5] = 4;
        Write16(arp, 6, 1);          // request
        mac.CopyTo(arp.Slice(8));
        new ReadOnlySpan<byte>(GuestIp).CopyTo(arp.Slice(14));
        arp.Slice(18, 6).Clear();
        new ReadOnlySpan<byte>(GatewayIp).CopyTo(arp.Slice(24));
        return EthernetHeaderBytes + 28;
    }

    // True when frame is an ARP reply from the gateway; senderMac receives its address.
    public static bool IsArpReplyFromGateway(ReadOnlySpan<byte> frame, Span<byte> senderMac)
    {
        if (frame.Length < EthernetHeaderBytes + 28 || Read16(frame, 12) != EtherTypeArp)
            return false;
        ReadOnlySpan<byte> arp = frame.Slice(EthernetHeaderBytes);
        if (Read16(arp, 6) != 2 || !arp.Slice(14, 4).SequenceEqual(GatewayIp))
            return false;
        arp.Slice(8, 6).CopyTo(senderMac);
        return true;
    }

    public static int DhcpDiscover(Span<byte> frame, ReadOnlySpan<byte> mac)
    {
        const int ipBytes = 20, udpBytes = 8, bootpBytes = 236, optionBytes = 4 + 3 + 1;
        int payload = bootpBytes + optionBytes;
        frame.Slice(0, EthernetHeaderBytes + ipBytes + udpBytes + payload).Clear();
        EthernetHeader(frame, Broadcast, mac, EtherTypeIpv4);
        Span<byte> ip = frame.Slice(EthernetHeaderBytes, ipBytes);
        ip[0] = 0x45;
        Write16(ip, 2, (ushort)(ipBytes + udpBytes + payload));
        ip[8] = 64;
        ip[9] = 17; // UDP
        ip.Slice(12, 4).Clear();            // 0.0.0.0
        ip.Slice(16, 4).Fill(255);          // 255.255.255.255
        Write16(ip, 10, Checksum(ip));
        Span<byte> udp = frame.Slice(EthernetHeaderBytes + ipBytes, udpBytes + payload);
        Write16(udp, 0, 68);
        Write16(udp, 2, 67);
        Write16(udp, 4, (ushort)(udpBytes + payload));
        // UDP checksum 0: none (allowed over IPv4).
        Span<byte> bootp = udp.Slice(udpBytes);
        bootp[0] = 1;       // BOOTREQUEST
        bootp[1] = 1;       // Ethernet
        bootp[2] = 6;
        Write32(bootp, 4, DhcpTransactionId);
        Write16(bootp, 10, 0x8000); // broadcast flag: answer to the broadcast address
        mac.CopyTo(bootp.Slice(28));
        Span<byte> options = bootp.Slice(bootpBytes);
        Write32(options, 0, 0x63825363); // magic cookie
        options[4] = 53;    // DHCP message type
        options[5] = 1;
        options[6] = 1;     // DHCPDISCOVER
        options[7] = 255;   // end
        return EthernetHeaderBytes + ipBytes + udpBytes + payload;
    }

    // True when frame is a DHCPOFFER for our transaction; offered receives yiaddr.
    public static bool IsDhcpOffer(ReadOnlySpan<byte> frame, Span<byte> offered)
    {
        if (frame.Length < EthernetHeaderBytes + 20 + 8 + 240 || Read16(frame, 12) != EtherTypeIpv4)
            return false;
        ReadOnlySpan<byte> ip = frame.Slice(EthernetHeaderBytes);
        int ipHeader = (ip[0] & 0x0F) * 4;
        if (ip[9] != 17 || ipHeader < 20 || ip.Length < ipHeader + 8 + 240)
            return false;
        ReadOnlySpan<byte> udp = ip.Slice(ipHeader);
        if (Read16(udp, 0) != 67 || Read16(udp, 2) != 68)
            return false;
        ReadOnlySpan<byte> bootp = udp.Slice(8);
        if (bootp[0] != 2 || Read32(bootp, 4) != DhcpTransactionId || Read32(bootp, 236) != 0x63825363)
            return false;
        for (int at = 240; at + 2 < bootp.Length && bootp[at] != 255;)
        {
            if (bootp[at] == 0)
            {
                at++;
                continue;
            }
            int length = bootp[at + 1];
            if (bootp[at] == 53 && length == 1 && at + 2 < bootp.Length && bootp[at + 2] == 2)
            {
                bootp.Slice(16, 4).CopyTo(offered);
                return true;
            }
            at += 2 + length;
        }
        return false;
    }

    public static string FormatMac(ReadOnlySpan<byte> mac) => OSv.Net.Wire.MacAddress.Read(mac).ToString();

    public static string FormatIp(ReadOnlySpan<byte> ip) => ip[0] + "." + ip[1] + "." + ip[2] + "." + ip[3];

    private static readonly byte[] Broadcast = { 255, 255, 255, 255, 255, 255 };

    private static void EthernetHeader(Span<byte> frame, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> source, ushort etherType)
    {
        destination.CopyTo(frame);
        source.CopyTo(frame.Slice(6));
        Write16(frame, 12, etherType);
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < header.Length; i += 2)
            sum += (uint)(header[i] << 8 | header[i + 1]);
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    private static ushort Read16(ReadOnlySpan<byte> bytes, int offset) => (ushort)(bytes[offset] << 8 | bytes[offset + 1]);

    private static uint Read32(ReadOnlySpan<byte> bytes, int offset) =>
        (uint)(bytes[offset] << 24 | bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3]);

    private static void Write16(Span<byte> bytes, int offset, ushort value)
    {
        bytes[offset] = (byte)(value >> 8);
        bytes[offset + 1] = (byte)value;
    }

    private static void Write32(Span<byte> bytes, int offset, uint value)
    {
        Write16(bytes, offset, (ushort)(value >> 16));
        Write16(bytes, offset + 2, (ushort)value);
    }
}
