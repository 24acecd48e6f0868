using System;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Wire
{
    public class IcmpPacketTests
    {
        [Fact]
        public void TryCreate_CapturedEchoRequest_ReadsEveryField()
        {
            byte[] bytes = Captured.EchoRequestIcmp;
            Expect.Ok(IcmpPacket.TryCreate(bytes, out IcmpPacket packet));
            Assert.Equal(IcmpType.EchoRequest, packet.Type);
            Assert.Equal(0, packet.Code);
            Assert.Equal(0xdb00, packet.Checksum);
            Assert.Equal(0x0bad0001u, packet.RestOfHeader);
            Assert.Equal(0x0bad, packet.Identifier);
            Assert.Equal(1, packet.SequenceNumber);
            Assert.True(packet.IsEchoRequest);
            Assert.Equal(Captured.EchoRequestDataBytes, packet.Data.Length);
            Assert.True(packet.Data.SequenceEqual(bytes.AsSpan(IcmpPacket.HeaderBytes)));
            Assert.Equal(bytes.Length, packet.Bytes.Length);
        }

        [Fact]
        public void Checksum_CapturedEchoRequest_MatchesReference()
        {
            byte[] bytes = Captured.EchoRequestIcmp;
            bytes[2] = 0;
            bytes[3] = 0;
            Assert.Equal(0xdb00, Reference.Checksum(bytes));
        }

        [Fact]
        public void TryCreate_EveryPrefixShorterThanHeader_Truncated()
        {
            byte[] bytes = Captured.EchoRequestIcmp;
            for (int length = 0; length < IcmpPacket.HeaderBytes; length++)
                Expect.Truncated(WireReason.HeaderTruncated, IcmpPacket.TryCreate(bytes.AsSpan(0, length), out _));
        }

        [Fact]
        public void TryCreate_MessageCutShort_MalformedBadChecksum()
        {
            // ICMP has no length field: a message cut inside its data only shows in the checksum.
            byte[] bytes = Captured.EchoRequestIcmp;
            for (int length = IcmpPacket.HeaderBytes; length < bytes.Length; length++)
                Expect.Malformed(WireReason.BadChecksum, IcmpPacket.TryCreate(bytes.AsSpan(0, length), out _));
        }

        [Theory]
        [InlineData(0)]  // type
        [InlineData(3)]  // checksum
        [InlineData(5)]  // identifier
        [InlineData(55)] // last data byte
        public void TryCreate_BitFlipped_MalformedBadChecksum(int offset)
        {
            byte[] bytes = Captured.EchoRequestIcmp;
            bytes[offset] ^= 0x10;
            Expect.Malformed(WireReason.BadChecksum, IcmpPacket.TryCreate(bytes, out _));
        }

        [Fact]
        public void TryCreate_UnknownTypeWithGoodChecksum_Ok()
        {
            var buffer = new byte[IcmpPacket.HeaderBytes];
            Assert.True(new IcmpHeader((IcmpType)42, 7, 0x01020304, 0).TryEmit(buffer, out _));
            Expect.Ok(IcmpPacket.TryCreate(buffer, out IcmpPacket packet));
            Assert.Equal((IcmpType)42, packet.Type);
            Assert.Equal(7, packet.Code);
            Assert.False(packet.IsEchoRequest);
        }

        [Fact]
        public void EchoReplyTo_CapturedRequest_EmitsVerifyingReply()
        {
            IcmpPacket.TryCreate(Captured.EchoRequestIcmp, out IcmpPacket request);
            var buffer = new byte[IcmpPacket.HeaderBytes + request.Data.Length];
            request.Data.CopyTo(buffer.AsSpan(IcmpPacket.HeaderBytes));
            IcmpHeader reply = IcmpHeader.EchoReplyTo(request);
            Assert.True(reply.TryEmit(buffer, out int written));
            Assert.Equal(IcmpPacket.HeaderBytes, written);

            Expect.Ok(IcmpPacket.TryCreate(buffer, out IcmpPacket parsed));
            Assert.Equal(IcmpType.EchoReply, parsed.Type);
            Assert.Equal(0, parsed.Code);
            Assert.Equal(0x0bad, parsed.Identifier);
            Assert.Equal(1, parsed.SequenceNumber);
            Assert.True(parsed.Data.SequenceEqual(request.Data));
            // Only the type changed (8 -> 0), so the checksum rose by 0x0800 (RFC 1624).
            Assert.Equal(0xe300, parsed.Checksum);
            byte[] zeroed = buffer[..];
            zeroed[2] = 0;
            zeroed[3] = 0;
            Assert.Equal(Reference.Checksum(zeroed), parsed.Checksum);
        }

        [Fact]
        public void TryEmit_CapturedRequest_ReproducesBytes()
        {
            byte[] bytes = Captured.EchoRequestIcmp;
            var buffer = new byte[bytes.Length];
            bytes.AsSpan(IcmpPacket.HeaderBytes).CopyTo(buffer.AsSpan(IcmpPacket.HeaderBytes));
            IcmpHeader header = IcmpHeader.EchoRequest(0x0bad, 1, Captured.EchoRequestDataBytes);
            Assert.True(header.TryEmit(buffer, out _));
            Assert.Equal(bytes, buffer);
        }

        [Fact]
        public void TryEmit_ParseEmitParse_RoundTripsFields()
        {
            byte[] bytes = Captured.EchoRequestIcmp;
            IcmpPacket.TryCreate(bytes, out IcmpPacket packet);
            IcmpHeader header = IcmpHeader.Parse(packet);
            Assert.Equal(IcmpType.EchoRequest, header.Type);
            Assert.Equal(0x0bad, header.Identifier);
            Assert.Equal(1, header.SequenceNumber);
            Assert.Equal(Captured.EchoRequestDataBytes, header.DataLength);
            var buffer = bytes[..];
            buffer.AsSpan(0, IcmpPacket.HeaderBytes).Clear();
            Assert.True(header.TryEmit(buffer, out _));
            Expect.Ok(IcmpPacket.TryCreate(buffer, out IcmpPacket again));
            Assert.Equal(header, IcmpHeader.Parse(again));
        }

        [Fact]
        public void TryEmit_PortUnreachable_QuotesDataAndVerifies()
        {
            // RFC 792 destination unreachable: unused rest of header, then the offending datagram's
            // IP header and first 8 bytes of its payload.
            byte[] quoted = Captured.DnsQueryIp[..28];
            var buffer = new byte[IcmpPacket.HeaderBytes + quoted.Length];
            quoted.CopyTo(buffer, IcmpPacket.HeaderBytes);
            var header = new IcmpHeader(IcmpType.DestinationUnreachable, IcmpHeader.CodePortUnreachable, 0, quoted.Length);
            Assert.True(header.TryEmit(buffer, out _));
            Expect.Ok(IcmpPacket.TryCreate(buffer, out IcmpPacket packet));
            Assert.Equal(IcmpType.DestinationUnreachable, packet.Type);
            Assert.Equal(3, packet.Code);
            Assert.Equal(0u, packet.RestOfHeader);
            Assert.True(packet.Data.SequenceEqual(quoted));
        }

        [Fact]
        public void TryEmit_BufferShorterThanHeaderAndData_ReturnsFalse()
        {
            IcmpHeader header = IcmpHeader.EchoRequest(1, 2, 10);
            var buffer = new byte[IcmpPacket.HeaderBytes + 9];
            Assert.False(header.TryEmit(buffer, out int written));
            Assert.Equal(0, written);
            Assert.All(buffer, b => Assert.Equal(0, b));
        }

        [Fact]
        public void TryEmit_DataLongerThanLargestDatagram_ReturnsFalse()
        {
            IcmpHeader header = IcmpHeader.EchoRequest(1, 2, IcmpHeader.DataLengthMax + 1);
            Assert.False(header.TryEmit(new byte[IcmpPacket.HeaderBytes + IcmpHeader.DataLengthMax + 1], out _));
            Assert.False(IcmpHeader.EchoRequest(1, 2, -1).TryEmit(new byte[IcmpPacket.HeaderBytes], out _));
        }
    }
}
