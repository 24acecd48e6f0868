using System;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Wire
{
    public class UdpDatagramTests
    {
        private static readonly byte[] GuestIpBytes = { 10, 0, 2, 15 };
        private static readonly byte[] DnsIpBytes = { 10, 0, 2, 3 };

        private static WireResult Create(ReadOnlySpan<byte> bytes, out UdpDatagram datagram) =>
            UdpDatagram.TryCreate(bytes, Captured.GuestIp, Captured.DnsIp, out datagram);

        [Fact]
        public void TryCreate_CapturedDnsQuery_ReadsEveryField()
        {
            byte[] bytes = Captured.DnsQueryUdp;
            Expect.Ok(Create(bytes, out UdpDatagram datagram));
            Assert.Equal(40000, datagram.SourcePort);
            Assert.Equal(53, datagram.DestinationPort);
            Assert.Equal(37, datagram.Length);
            Assert.Equal(0x697b, datagram.Checksum);
            Assert.True(datagram.HasChecksum);
            Assert.Equal(Captured.DnsQueryPayloadBytes, datagram.Payload.Length);
            Assert.True(datagram.Payload.SequenceEqual(bytes.AsSpan(UdpDatagram.HeaderBytes)));
            Assert.Equal(bytes.Length, datagram.Bytes.Length);
        }

        [Fact]
        public void Checksum_CapturedDnsQuery_MatchesReference()
        {
            byte[] bytes = Captured.DnsQueryUdp;
            bytes[6] = 0;
            bytes[7] = 0;
            Assert.Equal(0x697b, Reference.UdpChecksum(bytes, GuestIpBytes, DnsIpBytes));
        }

        [Fact]
        public void TryCreate_EveryPrefix_TruncatedNeverThrows()
        {
            byte[] bytes = Captured.DnsQueryUdp;
            for (int length = 0; length < bytes.Length; length++)
            {
                WireReason reason = length < UdpDatagram.HeaderBytes ? WireReason.HeaderTruncated : WireReason.PayloadTruncated;
                Expect.Truncated(reason, Create(bytes.AsSpan(0, length), out _));
            }
        }

        [Fact]
        public void TryCreate_LengthLargerThanBuffer_TruncatedPayload()
        {
            byte[] bytes = Captured.DnsQueryUdp;
            bytes[4] = 0x01; // 293 claimed, 37 present
            Expect.Truncated(WireReason.PayloadTruncated, Create(bytes, out _));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(7)]
        public void TryCreate_LengthBelowHeader_MalformedBadLength(int length)
        {
            byte[] bytes = Captured.DnsQueryUdp;
            bytes[4] = 0;
            bytes[5] = (byte)length;
            Expect.Malformed(WireReason.BadLength, Create(bytes, out _));
        }

        [Theory]
        [InlineData(0)]  // source port
        [InlineData(7)]  // checksum
        [InlineData(36)] // last payload byte
        public void TryCreate_BitFlipped_MalformedBadChecksum(int offset)
        {
            byte[] bytes = Captured.DnsQueryUdp;
            bytes[offset] ^= 0x04;
            Expect.Malformed(WireReason.BadChecksum, Create(bytes, out _));
        }

        [Fact]
        public void TryCreate_WrongPseudoHeaderAddress_MalformedBadChecksum()
        {
            Expect.Malformed(WireReason.BadChecksum,
                UdpDatagram.TryCreate(Captured.DnsQueryUdp, Captured.GuestIp, Captured.GatewayIp, out _));
        }

        [Fact]
        public void TryCreate_ZeroChecksumWithCorruptPayload_OkNoChecksum()
        {
            // RFC 768: zero means the sender computed no checksum, so nothing can be verified.
            byte[] bytes = Captured.DnsQueryUdp;
            bytes[6] = 0;
            bytes[7] = 0;
            bytes[20] ^= 0xFF;
            Expect.Ok(Create(bytes, out UdpDatagram datagram));
            Assert.False(datagram.HasChecksum);
        }

        [Fact]
        public void TryCreate_TrailingBytes_ViewEndsAtLength()
        {
            byte[] bytes = new byte[Captured.DnsQueryUdp.Length + 5];
            Captured.DnsQueryUdp.CopyTo(bytes, 0);
            Expect.Ok(Create(bytes, out UdpDatagram datagram));
            Assert.Equal(37, datagram.Bytes.Length);
            Assert.Equal(Captured.DnsQueryPayloadBytes, datagram.Payload.Length);
        }

        [Fact]
        public void TryCreate_HeaderOnly_OkWithEmptyPayload()
        {
            var buffer = new byte[UdpDatagram.HeaderBytes];
            Assert.True(new UdpHeader(9, 7, 0).TryEmit(buffer, Captured.GuestIp, Captured.DnsIp, out _));
            Expect.Ok(Create(buffer, out UdpDatagram datagram));
            Assert.Equal(0, datagram.Payload.Length);
        }

        [Fact]
        public void TryEmit_CapturedDnsQuery_ReproducesBytes()
        {
            byte[] bytes = Captured.DnsQueryUdp;
            var buffer = new byte[bytes.Length];
            bytes.AsSpan(UdpDatagram.HeaderBytes).CopyTo(buffer.AsSpan(UdpDatagram.HeaderBytes));
            var header = new UdpHeader(40000, 53, Captured.DnsQueryPayloadBytes);
            Assert.True(header.TryEmit(buffer, Captured.GuestIp, Captured.DnsIp, out int written));
            Assert.Equal(UdpDatagram.HeaderBytes, written);
            Assert.Equal(bytes, buffer);
        }

        [Fact]
        public void TryEmit_ParseEmitParse_RoundTripsFields()
        {
            Create(Captured.DnsQueryUdp, out UdpDatagram datagram);
            UdpHeader header = UdpHeader.Parse(datagram);
            Assert.Equal(new UdpHeader(40000, 53, Captured.DnsQueryPayloadBytes), header);
            byte[] buffer = Captured.DnsQueryUdp;
            buffer.AsSpan(0, UdpDatagram.HeaderBytes).Clear();
            Assert.True(header.TryEmit(buffer, Captured.GuestIp, Captured.DnsIp, out _));
            Expect.Ok(Create(buffer, out UdpDatagram again));
            Assert.Equal(header, UdpHeader.Parse(again));
        }

        [Fact]
        public void TryEmit_ComputedChecksumZero_SendsAllOnes()
        {
            // Emit once, then put the resulting checksum into a payload word: the sum over the
            // datagram becomes 0xFFFF, so the computed checksum is zero and must go out as 0xFFFF.
            var buffer = new byte[UdpDatagram.HeaderBytes + 4];
            var header = new UdpHeader(1234, 5678, 4);
            Assert.True(header.TryEmit(buffer, Captured.GuestIp, Captured.DnsIp, out _));
            buffer[8] = buffer[6];
            buffer[9] = buffer[7];
            Assert.True(header.TryEmit(buffer, Captured.GuestIp, Captured.DnsIp, out _));
            Assert.Equal(0xFF, buffer[6]);
            Assert.Equal(0xFF, buffer[7]);
            Expect.Ok(Create(buffer, out UdpDatagram datagram));
            Assert.True(datagram.HasChecksum);
        }

        [Fact]
        public void TryEmit_BufferShorterThanHeaderAndPayload_ReturnsFalse()
        {
            var header = new UdpHeader(1, 2, 10);
            var buffer = new byte[UdpDatagram.HeaderBytes + 9];
            Assert.False(header.TryEmit(buffer, Captured.GuestIp, Captured.DnsIp, out int written));
            Assert.Equal(0, written);
            Assert.All(buffer, b => Assert.Equal(0, b));
        }

        [Fact]
        public void TryEmit_PayloadLongerThanLargestDatagram_ReturnsFalse()
        {
            var header = new UdpHeader(1, 2, UdpHeader.PayloadLengthMax + 1);
            var buffer = new byte[UdpDatagram.HeaderBytes + UdpHeader.PayloadLengthMax + 1];
            Assert.False(header.TryEmit(buffer, Captured.GuestIp, Captured.DnsIp, out _));
            Assert.False(new UdpHeader(1, 2, -1).TryEmit(buffer, Captured.GuestIp, Captured.DnsIp, out _));
        }
    }
}
