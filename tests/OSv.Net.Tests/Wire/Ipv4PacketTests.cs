using System;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Wire
{
    public class Ipv4PacketTests
    {
        // The DNS query with a 4-byte Router Alert option (RFC 2113): IHL 6, total length +4.
        private static byte[] WithRouterAlertOption()
        {
            byte[] plain = Captured.DnsQueryIp;
            var bytes = new byte[plain.Length + 4];
            plain.AsSpan(0, 20).CopyTo(bytes);
            Captured.Hex("94 04 00 00").CopyTo(bytes, 20);
            plain.AsSpan(20).CopyTo(bytes.AsSpan(24));
            bytes[0] = 0x46;
            bytes[3] += 4;
            return Reference.WithIpv4Checksum(bytes);
        }

        [Fact]
        public void TryCreate_CapturedEchoRequest_ReadsEveryField()
        {
            byte[] bytes = Captured.EchoRequestIp;
            Expect.Ok(Ipv4Packet.TryCreate(bytes, out Ipv4Packet packet));
            Assert.Equal(4, packet.Version);
            Assert.Equal(20, packet.HeaderLength);
            Assert.Equal(0, packet.TypeOfService);
            Assert.Equal(0, packet.Dscp);
            Assert.Equal(0, packet.Ecn);
            Assert.Equal(76, packet.TotalLength);
            Assert.Equal(0x1c46, packet.Identification);
            Assert.False(packet.ReservedFlagSet);
            Assert.True(packet.DontFragment);
            Assert.False(packet.MoreFragments);
            Assert.Equal(0, packet.FragmentOffset);
            Assert.Equal(0, packet.FragmentOffsetBytes);
            Assert.False(packet.IsFragment);
            Assert.Equal(64, packet.TimeToLive);
            Assert.Equal(IpProtocol.Icmp, packet.Protocol);
            Assert.Equal(0x065b, packet.HeaderChecksum);
            Assert.Equal(Captured.GatewayIp, packet.Source);
            Assert.Equal(Captured.GuestIp, packet.Destination);
            Assert.Equal(0, packet.Options.Length);
            Assert.Equal(20, packet.Header.Length);
            Assert.True(packet.Payload.SequenceEqual(Captured.EchoRequestIcmp));
            Assert.Equal(76, packet.Bytes.Length);
        }

        [Fact]
        public void HeaderChecksum_CapturedPackets_MatchesReference()
        {
            foreach (byte[] bytes in new[] { Captured.EchoRequestIp, Captured.DnsQueryIp })
            {
                byte[] header = bytes[..20];
                ushort captured = (ushort)((header[10] << 8) | header[11]);
                header[10] = 0;
                header[11] = 0;
                Assert.Equal(Reference.Checksum(header), captured);
            }
        }

        [Fact]
        public void TryCreate_TosByte_SplitsDscpAndEcn()
        {
            byte[] bytes = Captured.EchoRequestIp;
            bytes[1] = 0xB9; // DSCP 46 (expedited forwarding), ECN 1
            Expect.Ok(Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out Ipv4Packet packet));
            Assert.Equal(0xB9, packet.TypeOfService);
            Assert.Equal(46, packet.Dscp);
            Assert.Equal(1, packet.Ecn);
        }

        [Fact]
        public void TryCreate_EveryPrefix_TruncatedNeverThrows()
        {
            byte[] bytes = Captured.EchoRequestIp;
            for (int length = 0; length < bytes.Length; length++)
            {
                WireResult result = Ipv4Packet.TryCreate(bytes.AsSpan(0, length), out _);
                WireReason reason = length < 20 ? WireReason.HeaderTruncated : WireReason.PayloadTruncated;
                Expect.Truncated(reason, result);
            }
        }

        [Fact]
        public void TryCreate_EveryPrefixWithOptions_TruncatedNeverThrows()
        {
            byte[] bytes = WithRouterAlertOption();
            for (int length = 0; length < bytes.Length; length++)
            {
                WireResult result = Ipv4Packet.TryCreate(bytes.AsSpan(0, length), out _);
                WireReason reason = length < 24 ? WireReason.HeaderTruncated : WireReason.PayloadTruncated;
                Expect.Truncated(reason, result);
            }
        }

        [Fact]
        public void TryCreate_RouterAlertOption_SplitsOptionsAndPayload()
        {
            Expect.Ok(Ipv4Packet.TryCreate(WithRouterAlertOption(), out Ipv4Packet packet));
            Assert.Equal(24, packet.HeaderLength);
            Assert.True(packet.Options.SequenceEqual(Captured.Hex("94 04 00 00")));
            Assert.True(packet.Payload.SequenceEqual(Captured.DnsQueryUdp));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(5)]
        [InlineData(6)]
        [InlineData(15)]
        public void TryCreate_VersionNotFour_MalformedBadVersion(int version)
        {
            byte[] bytes = Captured.EchoRequestIp;
            bytes[0] = (byte)((version << 4) | 5);
            Expect.Malformed(WireReason.BadVersion, Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out _));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(4)]
        public void TryCreate_IhlBelowFive_MalformedBadHeaderLength(int ihl)
        {
            byte[] bytes = Captured.EchoRequestIp;
            bytes[0] = (byte)(0x40 | ihl);
            Expect.Malformed(WireReason.BadHeaderLength, Ipv4Packet.TryCreate(bytes, out _));
        }

        [Fact]
        public void TryCreate_IhlBeyondBuffer_TruncatedHeader()
        {
            byte[] bytes = Captured.EchoRequestIp[..40];
            bytes[0] = 0x4F; // 60-byte header in a 40-byte buffer
            Expect.Truncated(WireReason.HeaderTruncated, Ipv4Packet.TryCreate(bytes, out _));
        }

        [Theory]
        [InlineData(1)]  // type of service
        [InlineData(4)]  // identification
        [InlineData(8)]  // TTL
        [InlineData(9)]  // protocol
        [InlineData(11)] // the checksum itself
        [InlineData(19)] // last byte of the destination
        public void TryCreate_HeaderBitFlipped_MalformedBadChecksum(int offset)
        {
            byte[] bytes = Captured.EchoRequestIp;
            bytes[offset] ^= 0x01;
            Expect.Malformed(WireReason.BadChecksum, Ipv4Packet.TryCreate(bytes, out _));
        }

        [Fact]
        public void TryCreate_CorruptTotalLength_MalformedBadChecksumNotTruncated()
        {
            byte[] bytes = Captured.EchoRequestIp;
            bytes[2] = 0x10; // 4172 bytes claimed, checksum not fixed
            Expect.Malformed(WireReason.BadChecksum, Ipv4Packet.TryCreate(bytes, out _));
        }

        [Fact]
        public void TryCreate_TotalLengthBelowHeaderLength_MalformedBadTotalLength()
        {
            byte[] bytes = Captured.EchoRequestIp;
            bytes[2] = 0;
            bytes[3] = 19;
            Expect.Malformed(WireReason.BadTotalLength, Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out _));
        }

        [Fact]
        public void TryCreate_TotalLengthBeyondBuffer_TruncatedPayload()
        {
            byte[] bytes = Captured.EchoRequestIp;
            bytes[3] += 1;
            Expect.Truncated(WireReason.PayloadTruncated, Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out _));
        }

        [Fact]
        public void TryCreate_TotalLengthEqualsHeader_OkWithEmptyPayload()
        {
            byte[] bytes = Captured.EchoRequestIp;
            bytes[2] = 0;
            bytes[3] = 20;
            Expect.Ok(Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out Ipv4Packet packet));
            Assert.Equal(0, packet.Payload.Length);
        }

        [Fact]
        public void TryCreate_EthernetPadding_PayloadEndsAtTotalLength()
        {
            byte[] bytes = new byte[Captured.DnsQueryIp.Length + 7];
            Captured.DnsQueryIp.CopyTo(bytes, 0);
            Expect.Ok(Ipv4Packet.TryCreate(bytes, out Ipv4Packet packet));
            Assert.Equal(Captured.DnsQueryIp.Length, packet.Bytes.Length);
            Assert.Equal(Captured.DnsQueryUdp.Length, packet.Payload.Length);
        }

        [Fact]
        public void TryCreate_MiddleFragment_ReadsFlagsAndOffset()
        {
            byte[] bytes = Captured.DnsQueryIp;
            bytes[6] = 0x20 | 0x00; // MF, offset 185 (1480 bytes)
            bytes[7] = 185;
            Expect.Ok(Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out Ipv4Packet packet));
            Assert.True(packet.MoreFragments);
            Assert.False(packet.DontFragment);
            Assert.Equal(185, packet.FragmentOffset);
            Assert.Equal(1480, packet.FragmentOffsetBytes);
            Assert.True(packet.IsFragment);
        }

        [Fact]
        public void TryCreate_ReservedFlagSet_OkAndExposed()
        {
            byte[] bytes = Captured.DnsQueryIp;
            bytes[6] |= 0x80;
            Expect.Ok(Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out Ipv4Packet packet));
            Assert.True(packet.ReservedFlagSet);
            Assert.True(packet.DontFragment);
        }

        [Fact]
        public void TryCreate_FragmentPastLargestDatagram_MalformedBadFragmentOffset()
        {
            // Offset 8189 * 8 = 65512, plus 37 bytes of payload: ends past 65535 - 20.
            byte[] bytes = Captured.DnsQueryIp;
            bytes[6] = 0x1F;
            bytes[7] = 0xFD;
            Expect.Malformed(WireReason.BadFragmentOffset, Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out _));
        }

        [Fact]
        public void TryCreate_LastFragmentEndingAtLargestDatagram_Ok()
        {
            // 20-byte header + payload ending exactly at 65535: offset 8186 * 8 = 65488, 27 bytes.
            byte[] bytes = Captured.DnsQueryIp[..47];
            bytes[3] = 47;
            bytes[6] = 0x1F;
            bytes[7] = 0xFA;
            Expect.Ok(Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out Ipv4Packet packet));
            Assert.Equal(65535, packet.HeaderLength + packet.FragmentOffsetBytes + packet.Payload.Length);
        }

        [Fact]
        public void TryEmit_CapturedHeaders_ReproduceBytes()
        {
            foreach (byte[] bytes in new[] { Captured.EchoRequestIp, Captured.DnsQueryIp })
            {
                Ipv4Packet.TryCreate(bytes, out Ipv4Packet packet);
                var buffer = new byte[Ipv4Packet.HeaderBytesMin];
                Assert.True(Ipv4Header.Parse(packet).TryEmit(buffer, out int written));
                Assert.Equal(Ipv4Packet.HeaderBytesMin, written);
                Assert.Equal(bytes[..20], buffer);
            }
        }

        [Fact]
        public void TryEmit_ParseEmitParse_RoundTripsFields()
        {
            var header = new Ipv4Header(Captured.GuestIp, new Ipv4Address(192, 168, 7, 9), IpProtocol.Tcp, 100)
            {
                TimeToLive = 3,
                TypeOfService = 0x2E,
                Identification = 0xBEEF,
                MoreFragments = true,
                FragmentOffsetBytes = 2960,
            };
            var buffer = new byte[Ipv4Packet.HeaderBytesMin + 100];
            Assert.True(header.TryEmit(buffer, out _));
            Expect.Ok(Ipv4Packet.TryCreate(buffer, out Ipv4Packet packet));
            Assert.Equal(header, Ipv4Header.Parse(packet));
        }

        [Fact]
        public void TryEmit_WithOptionsInSource_DropsOptions()
        {
            Ipv4Packet.TryCreate(WithRouterAlertOption(), out Ipv4Packet packet);
            Ipv4Header header = Ipv4Header.Parse(packet);
            var buffer = new byte[Ipv4Packet.HeaderBytesMin + header.PayloadLength];
            Assert.True(header.TryEmit(buffer, out _));
            Assert.Equal(Captured.DnsQueryIp[..20], buffer[..20]);
        }

        [Fact]
        public void TryEmit_BufferShorterThanHeader_ReturnsFalse()
        {
            var header = new Ipv4Header(Captured.GuestIp, Captured.GatewayIp, IpProtocol.Udp, 0);
            Assert.False(header.TryEmit(new byte[Ipv4Packet.HeaderBytesMin - 1], out int written));
            Assert.Equal(0, written);
        }

        [Fact]
        public void TryEmit_PayloadLongerThanLargestDatagram_ReturnsFalse()
        {
            var header = new Ipv4Header(Captured.GuestIp, Captured.GatewayIp, IpProtocol.Udp, Ipv4Header.PayloadLengthMax + 1);
            Assert.False(header.TryEmit(new byte[Ipv4Packet.HeaderBytesMin], out _));
            header.PayloadLength = Ipv4Header.PayloadLengthMax;
            Assert.True(header.TryEmit(new byte[Ipv4Packet.HeaderBytesMin], out _));
        }

        [Fact]
        public void TryEmit_FragmentOffsetNotMultipleOfEight_ReturnsFalse()
        {
            var header = new Ipv4Header(Captured.GuestIp, Captured.GatewayIp, IpProtocol.Udp, 8) { FragmentOffsetBytes = 12 };
            Assert.False(header.TryEmit(new byte[Ipv4Packet.HeaderBytesMin], out _));
        }

        [Fact]
        public void TryEmit_NegativePayloadLength_ReturnsFalse()
        {
            var header = new Ipv4Header(Captured.GuestIp, Captured.GatewayIp, IpProtocol.Udp, -1);
            Assert.False(header.TryEmit(new byte[Ipv4Packet.HeaderBytesMin], out _));
        }

        [Fact]
        public void Constructor_Defaults_TtlSixtyFourNoFragmentation()
        {
            var header = new Ipv4Header(Captured.GuestIp, Captured.GatewayIp, IpProtocol.Udp, 8);
            Assert.Equal(64, header.TimeToLive);
            Assert.False(header.DontFragment);
            Assert.False(header.MoreFragments);
            Assert.Equal(0, header.FragmentOffsetBytes);
        }
    }

    public class Ipv4AddressTests
    {
        [Fact]
        public void ToString_VariousOctetWidths_DottedDecimal()
        {
            Assert.Equal("10.0.2.15", Captured.GuestIp.ToString());
            Assert.Equal("255.255.255.255", Ipv4Address.Broadcast.ToString());
            Assert.Equal("0.0.0.0", Ipv4Address.Any.ToString());
            Assert.Equal("192.168.100.9", new Ipv4Address(192, 168, 100, 9).ToString());
        }

        [Fact]
        public void Value_GuestAddress_FirstOctetHighest()
        {
            Assert.Equal(0x0A00020Fu, Captured.GuestIp.Value);
        }

        [Fact]
        public void Classification_SpecialAddresses_Recognised()
        {
            Assert.True(Ipv4Address.Any.IsUnspecified);
            Assert.True(Ipv4Address.Broadcast.IsBroadcast);
            Assert.True(new Ipv4Address(224, 0, 0, 1).IsMulticast);
            Assert.True(new Ipv4Address(239, 255, 255, 250).IsMulticast);
            Assert.False(new Ipv4Address(240, 0, 0, 1).IsMulticast);
            Assert.True(new Ipv4Address(127, 0, 0, 1).IsLoopback);
            Assert.False(Captured.GuestIp.IsUnspecified);
            Assert.False(Captured.GuestIp.IsBroadcast);
            Assert.False(Captured.GuestIp.IsMulticast);
            Assert.False(Captured.GuestIp.IsLoopback);
        }

        [Fact]
        public void WriteRead_AtOffset_RoundTrips()
        {
            var buffer = new byte[6];
            Captured.DnsIp.Write(buffer.AsSpan(1));
            Assert.Equal(Captured.Hex("00 0a 00 02 03 00"), buffer);
            Assert.Equal(Captured.DnsIp, Ipv4Address.Read(buffer.AsSpan(1)));
        }

        [Fact]
        public void Equality_SameAndDifferentAddresses_ComparesValue()
        {
            var copy = new Ipv4Address(Captured.GuestIp.Value);
            Assert.True(copy == Captured.GuestIp);
            Assert.False(copy != Captured.GuestIp);
            Assert.True(copy.Equals((object)Captured.GuestIp));
            Assert.Equal(copy.GetHashCode(), Captured.GuestIp.GetHashCode());
            Assert.True(Captured.GuestIp != Captured.GatewayIp);
        }
    }
}
