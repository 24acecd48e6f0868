using System;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Wire
{
    public class ArpPacketTests
    {
        private static byte[] RequestPacket => Captured.ArpRequestFrame[EthernetFrame.HeaderBytes..];

        private static byte[] ReplyPacket => Captured.ArpReplyFrame[EthernetFrame.HeaderBytes..];

        [Fact]
        public void TryCreate_SlirpArpRequest_ReadsEveryField()
        {
            Expect.Ok(ArpPacket.TryCreate(RequestPacket, out ArpPacket packet));
            Assert.Equal(1, packet.HardwareType);
            Assert.Equal(0x0800, packet.ProtocolType);
            Assert.Equal(6, packet.HardwareLength);
            Assert.Equal(4, packet.ProtocolLength);
            Assert.Equal(ArpOperation.Request, packet.Operation);
            Assert.Equal(Captured.GuestMac, packet.SenderHardwareAddress);
            Assert.Equal(Captured.GuestIp, packet.SenderProtocolAddress);
            Assert.Equal(MacAddress.Zero, packet.TargetHardwareAddress);
            Assert.Equal(Captured.GatewayIp, packet.TargetProtocolAddress);
        }

        [Fact]
        public void TryCreate_ReplyPaddedTo60Bytes_ViewIs28Bytes()
        {
            byte[] bytes = ReplyPacket;
            Assert.Equal(60 - EthernetFrame.HeaderBytes, bytes.Length);
            Expect.Ok(ArpPacket.TryCreate(bytes, out ArpPacket packet));
            Assert.Equal(ArpPacket.PacketBytes, packet.Bytes.Length);
            Assert.Equal(ArpOperation.Reply, packet.Operation);
            Assert.Equal(Captured.GatewayMac, packet.SenderHardwareAddress);
            Assert.Equal(Captured.GatewayIp, packet.SenderProtocolAddress);
            Assert.Equal(Captured.GuestMac, packet.TargetHardwareAddress);
            Assert.Equal(Captured.GuestIp, packet.TargetProtocolAddress);
        }

        [Fact]
        public void TryCreate_EveryPrefix_TruncatedNeverThrows()
        {
            byte[] bytes = RequestPacket;
            for (int length = 0; length < ArpPacket.PacketBytes; length++)
                Expect.Truncated(WireReason.HeaderTruncated, ArpPacket.TryCreate(bytes.AsSpan(0, length), out _));
        }

        [Fact]
        public void TryCreate_HardwareTypeNotEthernet_Malformed()
        {
            byte[] bytes = RequestPacket;
            bytes[1] = 6; // IEEE 802 networks
            Expect.Malformed(WireReason.UnsupportedHardwareType, ArpPacket.TryCreate(bytes, out _));
        }

        [Fact]
        public void TryCreate_ProtocolTypeNotIpv4_Malformed()
        {
            byte[] bytes = RequestPacket;
            bytes[2] = 0x86;
            bytes[3] = 0xDD;
            Expect.Malformed(WireReason.UnsupportedProtocolType, ArpPacket.TryCreate(bytes, out _));
        }

        [Fact]
        public void TryCreate_HardwareLengthNotSix_Malformed()
        {
            byte[] bytes = RequestPacket;
            bytes[4] = 8;
            Expect.Malformed(WireReason.BadAddressLength, ArpPacket.TryCreate(bytes, out _));
        }

        [Fact]
        public void TryCreate_ProtocolLengthNotFour_Malformed()
        {
            byte[] bytes = RequestPacket;
            bytes[5] = 16;
            Expect.Malformed(WireReason.BadAddressLength, ArpPacket.TryCreate(bytes, out _));
        }

        [Fact]
        public void TryCreate_BadFixedFieldsInShortBuffer_MalformedBeforeTruncated()
        {
            byte[] bytes = RequestPacket[..ArpPacket.FixedFieldsBytes];
            bytes[1] = 6;
            Expect.Malformed(WireReason.UnsupportedHardwareType, ArpPacket.TryCreate(bytes, out _));
        }

        [Fact]
        public void Parse_SlirpRequest_CopiesEveryField()
        {
            ArpPacket.TryCreate(RequestPacket, out ArpPacket packet);
            Expect.Ok(ArpMessage.Parse(packet, out ArpMessage message));
            Assert.Equal(ArpMessage.Request(Captured.GuestMac, Captured.GuestIp, Captured.GatewayIp), message);
        }

        [Fact]
        public void Parse_RarpOperation_MalformedUnsupportedOperation()
        {
            byte[] bytes = RequestPacket;
            bytes[7] = 3; // RARP request (RFC 903)
            Expect.Ok(ArpPacket.TryCreate(bytes, out ArpPacket packet));
            Expect.Malformed(WireReason.UnsupportedOperation, ArpMessage.Parse(packet, out _));
        }

        [Fact]
        public void ReplyFrom_SlirpRequest_EmitsSlirpReplyBytes()
        {
            ArpPacket.TryCreate(RequestPacket, out ArpPacket packet);
            ArpMessage.Parse(packet, out ArpMessage request);
            var buffer = new byte[ArpPacket.PacketBytes];
            Assert.True(request.ReplyFrom(Captured.GatewayMac).TryEmit(buffer, out int written));
            Assert.Equal(ArpPacket.PacketBytes, written);
            Assert.Equal(ReplyPacket[..ArpPacket.PacketBytes], buffer);
        }

        [Fact]
        public void TryEmit_CapturedRequest_ReproducesBytes()
        {
            var buffer = new byte[ArpPacket.PacketBytes];
            ArpMessage request = ArpMessage.Request(Captured.GuestMac, Captured.GuestIp, Captured.GatewayIp);
            Assert.True(request.TryEmit(buffer, out _));
            Assert.Equal(RequestPacket, buffer);
        }

        [Fact]
        public void TryEmit_ParseEmitParse_RoundTripsFields()
        {
            ArpPacket.TryCreate(ReplyPacket, out ArpPacket first);
            ArpMessage.Parse(first, out ArpMessage message);
            var buffer = new byte[ArpPacket.PacketBytes];
            Assert.True(message.TryEmit(buffer, out _));
            Expect.Ok(ArpPacket.TryCreate(buffer, out ArpPacket second));
            Expect.Ok(ArpMessage.Parse(second, out ArpMessage again));
            Assert.Equal(message, again);
        }

        [Fact]
        public void TryEmit_BufferTooSmall_ReturnsFalse()
        {
            ArpMessage request = ArpMessage.Request(Captured.GuestMac, Captured.GuestIp, Captured.GatewayIp);
            Assert.False(request.TryEmit(new byte[ArpPacket.PacketBytes - 1], out int written));
            Assert.Equal(0, written);
        }
    }
}
