using System;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Wire
{
    public class EthernetFrameTests
    {
        [Fact]
        public void TryCreate_ArpRequestFrame_ReadsEveryField()
        {
            byte[] bytes = Captured.ArpRequestFrame;
            Expect.Ok(EthernetFrame.TryCreate(bytes, out EthernetFrame frame));
            Assert.Equal(MacAddress.Broadcast, frame.Destination);
            Assert.Equal(Captured.GuestMac, frame.Source);
            Assert.Equal(EtherType.Arp, frame.EtherType);
            Assert.Equal(ArpPacket.PacketBytes, frame.Payload.Length);
            Assert.True(frame.Payload.SequenceEqual(bytes.AsSpan(EthernetFrame.HeaderBytes)));
            Assert.Equal(bytes.Length, frame.Bytes.Length);
        }

        [Fact]
        public void TryCreate_EchoRequestFrame_ReadsIpv4EtherType()
        {
            Expect.Ok(EthernetFrame.TryCreate(Captured.EchoRequestFrame, out EthernetFrame frame));
            Assert.Equal(Captured.GuestMac, frame.Destination);
            Assert.Equal(Captured.GatewayMac, frame.Source);
            Assert.Equal(EtherType.Ipv4, frame.EtherType);
        }

        [Fact]
        public void TryCreate_EveryPrefixShorterThanHeader_Truncated()
        {
            byte[] bytes = Captured.ArpRequestFrame;
            for (int length = 0; length < EthernetFrame.HeaderBytes; length++)
                Expect.Truncated(WireReason.HeaderTruncated, EthernetFrame.TryCreate(bytes.AsSpan(0, length), out _));
        }

        [Fact]
        public void TryCreate_HeaderOnly_OkWithEmptyPayload()
        {
            Expect.Ok(EthernetFrame.TryCreate(Captured.ArpRequestFrame.AsSpan(0, EthernetFrame.HeaderBytes), out EthernetFrame frame));
            Assert.Equal(0, frame.Payload.Length);
        }

        [Fact]
        public void TryCreate_Ieee8023LengthField_MalformedNotEthernetII()
        {
            byte[] bytes = Captured.ArpRequestFrame;
            bytes[12] = 0x05;
            bytes[13] = 0xDC; // 1500: an 802.3 length
            Expect.Malformed(WireReason.NotEthernetII, EthernetFrame.TryCreate(bytes, out _));
        }

        [Fact]
        public void TryCreate_SmallestEtherType_Ok()
        {
            byte[] bytes = Captured.ArpRequestFrame;
            bytes[12] = 0x06;
            bytes[13] = 0x00;
            Expect.Ok(EthernetFrame.TryCreate(bytes, out EthernetFrame frame));
            Assert.Equal(0x0600, (int)frame.EtherType);
        }

        [Fact]
        public void TryEmit_CapturedHeader_ReproducesBytes()
        {
            byte[] bytes = Captured.EchoRequestFrame;
            EthernetFrame.TryCreate(bytes, out EthernetFrame frame);
            var buffer = new byte[EthernetFrame.HeaderBytes];
            Assert.True(EthernetHeader.Parse(frame).TryEmit(buffer, out int written));
            Assert.Equal(EthernetFrame.HeaderBytes, written);
            Assert.Equal(bytes[..EthernetFrame.HeaderBytes], buffer);
        }

        [Fact]
        public void TryEmit_ParseEmitParse_RoundTripsFields()
        {
            var header = new EthernetHeader(Captured.GatewayMac, Captured.GuestMac, EtherType.Ipv6);
            var buffer = new byte[64];
            Assert.True(header.TryEmit(buffer, out int written));
            Expect.Ok(EthernetFrame.TryCreate(buffer, out EthernetFrame frame));
            EthernetHeader parsed = EthernetHeader.Parse(frame);
            Assert.Equal(header, parsed);
            Assert.Equal(buffer.Length - written, frame.Payload.Length);
        }

        [Fact]
        public void TryEmit_BufferShorterThanHeader_ReturnsFalse()
        {
            var header = new EthernetHeader(MacAddress.Broadcast, Captured.GuestMac, EtherType.Arp);
            var buffer = new byte[EthernetFrame.HeaderBytes - 1];
            Assert.False(header.TryEmit(buffer, out int written));
            Assert.Equal(0, written);
            Assert.All(buffer, b => Assert.Equal(0, b));
        }

        [Fact]
        public void TryEmit_EtherTypeBelow0x0600_ReturnsFalse()
        {
            var header = new EthernetHeader(MacAddress.Broadcast, Captured.GuestMac, (EtherType)46);
            Assert.False(header.TryEmit(new byte[EthernetFrame.HeaderBytes], out _));
        }
    }

    public class MacAddressTests
    {
        [Fact]
        public void ToString_GuestAddress_ColonSeparatedLowercaseHex()
        {
            Assert.Equal("52:54:00:12:34:56", Captured.GuestMac.ToString());
            Assert.Equal("ff:ff:ff:ff:ff:ff", MacAddress.Broadcast.ToString());
        }

        [Fact]
        public void Value_GuestAddress_FirstOctetHighest()
        {
            Assert.Equal(0x5254_0012_3456UL, Captured.GuestMac.Value);
        }

        [Fact]
        public void Constructor_ValueAbove48Bits_Masked()
        {
            Assert.Equal(MacAddress.Broadcast, new MacAddress(ulong.MaxValue));
        }

        [Fact]
        public void Classification_Broadcast_IsBroadcastAndMulticast()
        {
            Assert.True(MacAddress.Broadcast.IsBroadcast);
            Assert.True(MacAddress.Broadcast.IsMulticast);
            Assert.False(MacAddress.Broadcast.IsUnicast);
        }

        [Fact]
        public void Classification_Ipv4MulticastMac_IsMulticastNotBroadcast()
        {
            var address = new MacAddress(0x01, 0x00, 0x5e, 0x00, 0x00, 0x01); // 224.0.0.1 (RFC 1112)
            Assert.True(address.IsMulticast);
            Assert.False(address.IsBroadcast);
            Assert.False(address.IsUnicast);
        }

        [Fact]
        public void Classification_GuestAddress_IsUnicast()
        {
            Assert.True(Captured.GuestMac.IsUnicast);
            Assert.False(Captured.GuestMac.IsMulticast);
        }

        [Fact]
        public void WriteRead_AtOffset_RoundTrips()
        {
            var buffer = new byte[9];
            Captured.GatewayMac.Write(buffer.AsSpan(2));
            Assert.Equal(Captured.Hex("00 00 52 55 0a 00 02 02 00"), buffer);
            Assert.Equal(Captured.GatewayMac, MacAddress.Read(buffer.AsSpan(2)));
        }

        [Fact]
        public void Equality_SameAndDifferentAddresses_ComparesValue()
        {
            var copy = new MacAddress(Captured.GuestMac.Value);
            Assert.True(copy == Captured.GuestMac);
            Assert.False(copy != Captured.GuestMac);
            Assert.True(copy.Equals((object)Captured.GuestMac));
            Assert.Equal(copy.GetHashCode(), Captured.GuestMac.GetHashCode());
            Assert.True(Captured.GatewayMac != Captured.GuestMac);
        }
    }
}
