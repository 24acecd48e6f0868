using System;
using OSv.Net.Tests.Wire;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Ip
{
    // Builds IPv4 fragments of a payload, as a sender would, through the wire layer's emitter.
    internal static class Fragments
    {
        public static readonly Ipv4Address Source = new Ipv4Address(10, 0, 2, 2);
        public static readonly Ipv4Address Destination = new Ipv4Address(10, 0, 2, 15);

        // length bytes that differ from one datagram to the next.
        public static byte[] Payload(int length, int salt)
        {
            var payload = new byte[length];
            for (int i = 0; i < length; i++)
                payload[i] = (byte)(i * 7 + salt * 31 + (i >> 8));
            return payload;
        }

        // The fragment carrying payload[start, start + length), with more set or not; optionBytes
        // (a multiple of 4) of NOP options lengthen the header.
        public static byte[] Build(ushort identification, byte[] payload, int start, int length, bool more,
            IpProtocol protocol = IpProtocol.Udp, int optionBytes = 0, Ipv4Address source = default)
        {
            var header = new Ipv4Header(source.IsUnspecified ? Source : source, Destination, protocol, length)
            {
                Identification = identification,
                MoreFragments = more,
                FragmentOffsetBytes = start,
            };
            int headerBytes = Ipv4Packet.HeaderBytesMin + optionBytes;
            var bytes = new byte[headerBytes + length];
            Assert.True(header.TryEmit(bytes, out _));
            payload.AsSpan(start, length).CopyTo(bytes.AsSpan(headerBytes));
            if (optionBytes == 0)
                return bytes;
            bytes.AsSpan(Ipv4Packet.HeaderBytesMin, optionBytes).Fill(1); // NOP (RFC 791)
            bytes[0] = (byte)(0x40 | headerBytes / 4);
            bytes[2] = (byte)(bytes.Length >> 8);
            bytes[3] = (byte)bytes.Length;
            return Reference.WithIpv4Checksum(bytes);
        }
    }
}
