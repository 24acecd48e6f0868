using System;
using Memcached.Protocol;
using Xunit;
using static Memcached.Tests.Protocol.Requests;

namespace Memcached.Tests.Protocol
{
    // memcached's safe_strto* semantics (strtoull/strtol on a 64-bit machine), and formatting.
    public class AsciiNumberTests
    {
        [Theory]
        [InlineData("0", 0ul)]
        [InlineData("18446744073709551615", ulong.MaxValue)]
        [InlineData("+5", 5ul)]
        [InlineData("-0", 0ul)]
        [InlineData("007", 7ul)]
        [InlineData("\t5", 5ul)]   // leading white space skipped
        [InlineData("5\t", 5ul)]   // white space after the digits ends the number
        [InlineData("5\rjunk", 5ul)]
        [InlineData("-18446744073709551615", 1ul)]       // negated modulo 2^64, positive as signed
        [InlineData("-9223372036854775809", 9223372036854775807ul)]
        public void ParseUInt64_StrtoullAccepts_Value(string text, ulong value)
        {
            Assert.True(AsciiNumber.TryParseUInt64(Bytes(text), out ulong parsed));
            Assert.Equal(value, parsed);
        }

        [Theory]
        [InlineData("")]
        [InlineData("-")]
        [InlineData("+")]
        [InlineData(" ")]
        [InlineData("x1")]
        [InlineData("1x")]
        [InlineData("0x10")]
        [InlineData("18446744073709551616")] // ERANGE
        [InlineData("99999999999999999999")]
        [InlineData("-1")]                   // negative as signed, and holds '-'
        [InlineData("-9223372036854775808")]
        [InlineData("18446744073709551615\t-")] // the '-' anywhere in the token counts
        public void ParseUInt64_StrtoullRefuses_False(string text)
        {
            Assert.False(AsciiNumber.TryParseUInt64(Bytes(text), out ulong parsed));
            Assert.Equal(0ul, parsed);
        }

        [Theory]
        [InlineData("4294967295", uint.MaxValue)]
        [InlineData("0", 0u)]
        [InlineData("-18446744073709551615", 1u)]
        public void ParseUInt32_InRange_Value(string text, uint value)
        {
            Assert.True(AsciiNumber.TryParseUInt32(Bytes(text), out uint parsed));
            Assert.Equal(value, parsed);
        }

        [Theory]
        [InlineData("4294967296")] // departure: memcached truncates to 0
        [InlineData("-1")]
        [InlineData("1.5")]
        public void ParseUInt32_OutOfRangeOrBad_False(string text)
        {
            Assert.False(AsciiNumber.TryParseUInt32(Bytes(text), out _));
        }

        [Theory]
        [InlineData("2147483647", int.MaxValue)]
        [InlineData("-2147483648", int.MinValue)]
        [InlineData("-1", -1)]
        [InlineData("+0", 0)]
        [InlineData(" -30 ", -30)]
        public void ParseInt32_InRange_Value(string text, int value)
        {
            Assert.True(AsciiNumber.TryParseInt32(Bytes(text), out int parsed));
            Assert.Equal(value, parsed);
        }

        [Theory]
        [InlineData("2147483648")]  // departure: memcached truncates to -2147483648
        [InlineData("-2147483649")]
        [InlineData("--1")]
        [InlineData("1-")]
        [InlineData("")]
        public void ParseInt32_OutOfRangeOrBad_False(string text)
        {
            Assert.False(AsciiNumber.TryParseInt32(Bytes(text), out _));
        }

        [Theory]
        [InlineData(0ul, "0")]
        [InlineData(9ul, "9")]
        [InlineData(10ul, "10")]
        [InlineData(ulong.MaxValue, "18446744073709551615")]
        public void FormatUInt64_Value_ShortestDecimal(ulong value, string text)
        {
            Span<byte> buffer = stackalloc byte[AsciiNumber.UInt64DigitsMax];
            Assert.True(AsciiNumber.TryFormat(value, buffer, out int written));
            Assert.Equal(text, Text(buffer.Slice(0, written)));
            Assert.Equal(text.Length, AsciiNumber.CountDigits(value));
        }

        [Theory]
        [InlineData(-1L, "-1")]
        [InlineData(long.MinValue, "-9223372036854775808")]
        [InlineData(long.MaxValue, "9223372036854775807")]
        public void FormatInt64_Value_SignedDecimal(long value, string text)
        {
            Span<byte> buffer = stackalloc byte[AsciiNumber.UInt64DigitsMax + 1];
            Assert.True(AsciiNumber.TryFormat(value, buffer, out int written));
            Assert.Equal(text, Text(buffer.Slice(0, written)));
        }

        [Fact]
        public void Format_DestinationOneShort_FalseAndUntouched()
        {
            byte[] buffer = { 0xEE, 0xEE };
            Assert.False(AsciiNumber.TryFormat(123ul, buffer, out int written));
            Assert.False(AsciiNumber.TryFormat(-12L, buffer, out int signedWritten));
            Assert.Equal(0, written);
            Assert.Equal(0, signedWritten);
            Assert.Equal(new byte[] { 0xEE, 0xEE }, buffer);
        }
    }
}
