using System;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Tcp
{
    public class TcpSegmentTests
    {
        private static readonly Ipv4Address Source = new Ipv4Address(192, 168, 1, 2);
        private static readonly Ipv4Address Destination = new Ipv4Address(192, 168, 1, 1);

        private static byte[] Build(TcpHeader header, int payloadLength)
        {
            byte[] bytes = new byte[header.HeaderBytes + payloadLength];
            Assert.True(header.TryEmit(bytes, out int headerBytes));
            for (int index = headerBytes; index < bytes.Length; index++)
                bytes[index] = (byte)index;
            TcpHeader.FillChecksum(bytes, Source, Destination);
            return bytes;
        }

        private static TcpHeader SynHeader()
        {
            TcpHeader header = new TcpHeader
            {
                SourcePort = 1234,
                DestinationPort = 80,
                SequenceNumber = 0xDEADBEEF,
                AcknowledgmentNumber = 0x01020304,
                Flags = TcpFlags.Syn | TcpFlags.Ack,
                Window = 29200,
            };
            header.Options.Mss = 1460;
            header.Options.HasWindowScale = true;
            header.Options.WindowScale = 7;
            header.Options.SackPermitted = true;
            header.Options.HasTimestamps = true;
            header.Options.TimestampValue = 11;
            header.Options.TimestampEcho = 22;
            return header;
        }

        [Fact]
        public void EmitThenParse_EveryFieldAndOptionRoundTrips()
        {
            byte[] bytes = Build(SynHeader(), 10);
            Assert.True(TcpSegment.TryCreate(bytes, Source, Destination, out TcpSegment segment).IsOk);
            TcpHeader parsed = TcpHeader.Parse(segment);
            Assert.Equal(1234, parsed.SourcePort);
            Assert.Equal(80, parsed.DestinationPort);
            Assert.Equal(0xDEADBEEF, parsed.SequenceNumber);
            Assert.Equal(0x01020304u, parsed.AcknowledgmentNumber);
            Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, parsed.Flags);
            Assert.Equal(29200, parsed.Window);
            Assert.Equal(1460, parsed.Options.Mss);
            Assert.True(parsed.Options.HasWindowScale);
            Assert.Equal(7, parsed.Options.WindowScale);
            Assert.True(parsed.Options.SackPermitted);
            Assert.True(parsed.Options.HasTimestamps);
            Assert.Equal(11u, parsed.Options.TimestampValue);
            Assert.Equal(22u, parsed.Options.TimestampEcho);
            Assert.Equal(20 + 24, segment.HeaderLength);
            Assert.Equal(10, segment.Payload.Length);
        }

        [Fact]
        public void SackBlocks_FourRoundTrip()
        {
            TcpHeader header = new TcpHeader { Flags = TcpFlags.Ack };
            for (uint block = 0; block < 4; block++)
                Assert.True(header.Options.TryAddSackBlock(100 * block, 100 * block + 50));
            Assert.False(header.Options.TryAddSackBlock(1, 2));
            byte[] bytes = Build(header, 0);
            Assert.True(TcpSegment.TryCreate(bytes, Source, Destination, out TcpSegment segment).IsOk);
            Assert.Equal(4, segment.Options.SackBlockCount);
            segment.Options.GetSackBlock(3, out uint left, out uint right);
            Assert.Equal(300u, left);
            Assert.Equal(350u, right);
        }

        [Fact]
        public void TryCreate_EveryPrefixOfHeader_TruncatedNeverThrows()
        {
            byte[] bytes = Build(SynHeader(), 0);
            for (int length = 0; length < bytes.Length; length++)
                Assert.Equal(WireStatus.Truncated, TcpSegment.TryCreate(bytes.AsSpan(0, length), Source, Destination, out _).Status);
        }

        [Fact]
        public void TryCreate_DataOffsetBelowFive_Malformed()
        {
            byte[] bytes = Build(new TcpHeader { Flags = TcpFlags.Ack }, 0);
            bytes[12] = 4 << 4;
            WireResult result = TcpSegment.TryCreate(bytes, Source, Destination, out _);
            Assert.Equal(WireStatus.Malformed, result.Status);
            Assert.Equal(WireReason.BadHeaderLength, result.Reason);
        }

        [Fact]
        public void TryCreate_FlippedPayloadBit_BadChecksum()
        {
            byte[] bytes = Build(SynHeader(), 10);
            bytes[^1] ^= 0x10;
            WireResult result = TcpSegment.TryCreate(bytes, Source, Destination, out _);
            Assert.Equal(WireReason.BadChecksum, result.Reason);
        }

        [Fact]
        public void TryCreate_WrongPseudoHeaderAddress_BadChecksum()
        {
            byte[] bytes = Build(SynHeader(), 0);
            Assert.Equal(WireReason.BadChecksum, TcpSegment.TryCreate(bytes, Source, new Ipv4Address(10, 0, 0, 1), out _).Reason);
        }

        [Theory]
        [InlineData(new byte[] { 2, 4, 5 }, false)]             // MSS running past the header
        [InlineData(new byte[] { 2, 1 }, false)]                // length below 2
        [InlineData(new byte[] { 2, 5, 0, 0, 0 }, false)]       // MSS with length 5
        [InlineData(new byte[] { 3, 4, 7, 0 }, false)]          // window scale with length 4
        [InlineData(new byte[] { 5, 6, 0, 0, 0, 0 }, false)]    // SACK shorter than one block
        [InlineData(new byte[] { 8, 9, 0, 0, 0, 0, 0, 0, 0 }, false)] // timestamps with length 9
        [InlineData(new byte[] { 30, 3, 0 }, true)]             // unknown kind, well-formed: skipped
        [InlineData(new byte[] { 1, 1, 0, 99 }, true)]          // NOPs then EOL: the rest is ignored
        [InlineData(new byte[] { 2 }, false)]                   // kind without a length byte
        public void TryParseOptions_BoundedAndStrict(byte[] options, bool ok) =>
            Assert.Equal(ok, TcpSegment.TryParseOptions(options, out _));

        [Fact]
        public void TryCreate_BadOption_MalformedBadOption()
        {
            TcpHeader header = new TcpHeader { Flags = TcpFlags.Syn };
            header.Options.Mss = 1460;
            byte[] bytes = Build(header, 0);
            bytes[21] = 40; // MSS length past the header
            TcpHeader.FillChecksum(bytes, Source, Destination);
            WireResult result = TcpSegment.TryCreate(bytes, Source, Destination, out _);
            Assert.Equal(WireStatus.Malformed, result.Status);
            Assert.Equal(WireReason.BadOption, result.Reason);
        }

        [Fact]
        public void FillChecksum_MatchesReferenceSum()
        {
            byte[] bytes = Build(SynHeader(), 7);
            // Reference: one's complement sum over pseudo-header and segment, by hand.
            uint sum = 0xC0A8 + 0x0102 + 0xC0A8 + 0x0101 + 6 + (uint)bytes.Length;
            for (int index = 0; index < bytes.Length; index += 2)
                sum += (uint)(bytes[index] << 8 | (index + 1 < bytes.Length ? bytes[index + 1] : 0));
            while (sum > 0xFFFF)
                sum = (sum & 0xFFFF) + (sum >> 16);
            Assert.Equal(0xFFFFu, sum);
        }

        [Fact]
        public void TryEmit_ShortBuffer_False()
        {
            Assert.False(SynHeader().TryEmit(new byte[30], out int written));
            Assert.Equal(0, written);
        }

        [Fact]
        public void Sequence_ComparisonsWrapAround()
        {
            Assert.True(TcpSequence.LessThan(0xFFFF_FFF0, 0x10));
            Assert.True(TcpSequence.GreaterThan(0x10, 0xFFFF_FFF0));
            Assert.True(TcpSequence.LessOrEqual(5, 5));
            Assert.False(TcpSequence.LessThan(5, 5));
            Assert.Equal(0x10u, TcpSequence.Max(0xFFFF_FFF0, 0x10));
            Assert.True(TcpSequence.InWindow(0x5, 0xFFFF_FFFE, 8));
            Assert.False(TcpSequence.InWindow(0x6, 0xFFFF_FFFE, 8));
        }
    }
}
