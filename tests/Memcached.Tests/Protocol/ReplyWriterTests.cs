using System;
using Memcached.Protocol;
using Xunit;
using static Memcached.Tests.Protocol.Requests;

namespace Memcached.Tests.Protocol
{
    // Replies byte for byte (the forms memcached 1.6.18 sends), and the too-small-buffer path:
    // every writer refuses a buffer one byte short, writes nothing into it, and fits exactly.
    public class ReplyWriterTests
    {
        private delegate bool Writer(Span<byte> destination, out int bytesWritten);

        // Writes into a buffer of exactly the expected size, then checks one byte less fails.
        private static void AssertWrites(string expected, Writer write)
        {
            byte[] exact = new byte[expected.Length];
            Assert.True(write(exact, out int written));
            Assert.Equal(expected.Length, written);
            Assert.Equal(expected, Text(exact));

            byte[] large = new byte[expected.Length + 8];
            Assert.True(write(large, out written));
            Assert.Equal(expected, Text(large.AsSpan(0, written)));

            byte[] small = new byte[expected.Length - 1];
            Array.Fill(small, (byte)0xEE);
            Assert.False(write(small, out written));
            Assert.Equal(0, written);
            Assert.All(small, value => Assert.Equal(0xEE, value));
        }

        [Theory]
        [InlineData(Reply.End, "END\r\n")]
        [InlineData(Reply.Stored, "STORED\r\n")]
        [InlineData(Reply.NotStored, "NOT_STORED\r\n")]
        [InlineData(Reply.Exists, "EXISTS\r\n")]
        [InlineData(Reply.NotFound, "NOT_FOUND\r\n")]
        [InlineData(Reply.Deleted, "DELETED\r\n")]
        [InlineData(Reply.Touched, "TOUCHED\r\n")]
        [InlineData(Reply.Ok, "OK\r\n")]
        [InlineData(Reply.Error, "ERROR\r\n")]
        [InlineData(Reply.Reset, "RESET\r\n")]
        [InlineData(Reply.MetaHeader, "HD\r\n")]
        [InlineData(Reply.MetaMiss, "EN\r\n")]
        [InlineData(Reply.MetaNotFound, "NF\r\n")]
        [InlineData(Reply.MetaNotStored, "NS\r\n")]
        [InlineData(Reply.MetaExists, "EX\r\n")]
        [InlineData(Reply.MetaNoOp, "MN\r\n")]
        public void FixedReply_Written_ExactLine(Reply reply, string expected)
        {
            AssertWrites(expected, (Span<byte> destination, out int written) => ReplyWriter.TryWrite(destination, reply, out written));
        }

        [Fact]
        public void Value_WithoutCas_ExactLine()
        {
            AssertWrites("VALUE foo 0 3\r\n",
                (Span<byte> destination, out int written) => ReplyWriter.TryWriteValue(destination, Bytes("foo"), 0, 3, out written));
        }

        [Fact]
        public void Value_WithCasAndLargestNumbers_ExactLine()
        {
            AssertWrites("VALUE k 4294967295 2147483645 18446744073709551615\r\n",
                (Span<byte> destination, out int written) =>
                    ReplyWriter.TryWriteValue(destination, Bytes("k"), uint.MaxValue, Limits.DataLengthMax, ulong.MaxValue, out written));
        }

        [Fact]
        public void Value_LongestLine_FitsValueLineBytesMax()
        {
            byte[] buffer = new byte[ReplyWriter.ValueLineBytesMax];
            Assert.True(ReplyWriter.TryWriteValue(buffer, new byte[Limits.KeyLengthMax], uint.MaxValue, 1_000_000_000,
                ulong.MaxValue, out int written));
            Assert.Equal(ReplyWriter.ValueLineBytesMax, written);
        }

        [Fact]
        public void DataBlock_Written_DataThenCrLf()
        {
            AssertWrites("a\r\nb\r\n", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteDataBlock(destination, Bytes("a\r\nb"), out written));
        }

        [Theory]
        [InlineData(0ul, "0\r\n")]
        [InlineData(1ul, "1\r\n")]
        [InlineData(ulong.MaxValue, "18446744073709551615\r\n")]
        public void Number_IncrResult_DigitsAndCrLf(ulong value, string expected)
        {
            AssertWrites(expected, (Span<byte> destination, out int written) => ReplyWriter.TryWriteNumber(destination, value, out written));
        }

        [Fact]
        public void Version_Written_ExactLine()
        {
            AssertWrites("VERSION 1.6.18\r\n", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteVersion(destination, "1.6.18"u8, out written));
        }

        [Fact]
        public void ClientError_Message_ExactLine()
        {
            AssertWrites("CLIENT_ERROR cannot increment or decrement non-numeric value\r\n",
                (Span<byte> destination, out int written) =>
                    ReplyWriter.TryWriteClientError(destination, "cannot increment or decrement non-numeric value"u8, out written));
        }

        [Fact]
        public void ServerError_Message_ExactLine()
        {
            AssertWrites("SERVER_ERROR object too large for cache\r\n", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteServerError(destination, "object too large for cache"u8, out written));
        }

        [Fact]
        public void Malformed_Reason_MemcachedLine()
        {
            AssertWrites("CLIENT_ERROR bad data chunk\r\n", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMalformed(destination, MalformedReason.BadDataChunk, out written));
        }

        [Fact]
        public void Stat_TextValue_ExactLine()
        {
            AssertWrites("STAT version 1.6.18\r\n", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteStat(destination, "version"u8, "1.6.18"u8, out written));
        }

        [Fact]
        public void Stat_UnsignedValue_ExactLine()
        {
            AssertWrites("STAT get_hits 18446744073709551615\r\n", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteStat(destination, "get_hits"u8, ulong.MaxValue, out written));
        }

        [Theory]
        [InlineData(-1L, "STAT x -1\r\n")]
        [InlineData(42L, "STAT x 42\r\n")]
        [InlineData(long.MinValue, "STAT x -9223372036854775808\r\n")]
        public void Stat_SignedValue_ExactLine(long value, string expected)
        {
            AssertWrites(expected, (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteStat(destination, "x"u8, value, out written));
        }

        [Theory]
        [InlineData(MetaStatus.Header, "HD")]
        [InlineData(MetaStatus.Miss, "EN")]
        [InlineData(MetaStatus.NotFound, "NF")]
        [InlineData(MetaStatus.NotStored, "NS")]
        [InlineData(MetaStatus.Exists, "EX")]
        [InlineData(MetaStatus.NoOp, "MN")]
        public void MetaStatus_Code_TwoLetters(MetaStatus status, string expected)
        {
            AssertWrites(expected, (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMetaStatus(destination, status, out written));
        }

        [Fact]
        public void MetaValue_Size_VaLine()
        {
            AssertWrites("VA 1048576", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMetaValue(destination, 1048576, out written));
        }

        [Fact]
        public void MetaFlags_EveryKind_Written()
        {
            AssertWrites(" W", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMetaFlag(destination, (byte)'W', out written));
            AssertWrites(" c18446744073709551615", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMetaFlag(destination, (byte)'c', ulong.MaxValue, out written));
            AssertWrites(" t-1", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMetaFlag(destination, (byte)'t', -1L, out written));
            AssertWrites(" t30", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMetaFlag(destination, (byte)'t', 30L, out written));
            AssertWrites(" kfoo", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMetaFlag(destination, (byte)'k', "foo"u8, out written));
            AssertWrites(" O123", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMetaFlagToken(destination, "O123"u8, out written));
            AssertWrites("\r\n", (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteLineEnd(destination, out written));
        }

        [Fact]
        public void MetaReply_Composed_MatchesMemcached()
        {
            // memcached 1.6.18: "ms k 2 c k O9 s" answered "HD c19 kk O9".
            byte[] buffer = new byte[64];
            int position = 0;
            Assert.True(ReplyWriter.TryWriteMetaStatus(buffer.AsSpan(position), MetaStatus.Header, out int written));
            position += written;
            Assert.True(ReplyWriter.TryWriteMetaFlag(buffer.AsSpan(position), (byte)'c', 19ul, out written));
            position += written;
            Assert.True(ReplyWriter.TryWriteMetaFlag(buffer.AsSpan(position), (byte)'k', "k"u8, out written));
            position += written;
            Assert.True(ReplyWriter.TryWriteMetaFlagToken(buffer.AsSpan(position), "O9"u8, out written));
            position += written;
            Assert.True(ReplyWriter.TryWriteLineEnd(buffer.AsSpan(position), out written));
            position += written;
            Assert.Equal("HD c19 kk O9\r\n", Text(buffer.AsSpan(0, position)));
        }

        [Theory]
        [InlineData(-1L, true, "ME foo exp=-1 la=5 cas=7 fetch=yes cls=1 size=68\r\n")]
        [InlineData(300L, false, "ME foo exp=300 la=5 cas=7 fetch=no cls=1 size=68\r\n")]
        public void MetaDebug_Item_ExactLine(long exptime, bool fetched, string expected)
        {
            AssertWrites(expected, (Span<byte> destination, out int written) =>
                ReplyWriter.TryWriteMetaDebug(destination, "foo"u8, exptime, 5, 7, fetched, 1, 68, out written));
        }

        [Fact]
        public void GetReply_BufferFlushedBetweenPieces_SameBytes()
        {
            // The caller's loop: write a piece, and when it does not fit, flush and retry it.
            byte[] buffer = new byte[16];
            int used = 0;
            System.Collections.Generic.List<byte> sent = new System.Collections.Generic.List<byte>();
            void Piece(Writer write)
            {
                if (!write(buffer.AsSpan(used), out int written))
                {
                    sent.AddRange(buffer.AsSpan(0, used).ToArray());
                    used = 0;
                    Assert.True(write(buffer, out written));
                }
                used += written;
            }
            Piece((Span<byte> destination, out int written) => ReplyWriter.TryWriteValue(destination, "key"u8, 5, 5, out written));
            Piece((Span<byte> destination, out int written) => ReplyWriter.TryWriteDataBlock(destination, "hello"u8, out written));
            Piece((Span<byte> destination, out int written) => ReplyWriter.TryWrite(destination, Reply.End, out written));
            sent.AddRange(buffer.AsSpan(0, used).ToArray());
            Assert.Equal("VALUE key 5 5\r\nhello\r\nEND\r\n", Text(sent.ToArray()));
        }
    }
}
