// Decimal numbers in protocol tokens, parsed and formatted by hand over bytes: a memcached client
// must see memcached's exact judgement, and Utf8Parser / ulong.TryParse judge differently (no
// strtoull wrap-around of "-1", no skipped C white space, no partial-token rules below).
//
// Parsing follows memcached's safe_strtoull / safe_strtoul / safe_strtol (util.c), which wrap
// C's strtoull / strtol on a 64-bit machine:
//   1. leading white space (C's isspace: space, \t, \n, \v, \f, \r) is skipped;
//   2. one optional sign, '+' or '-';
//   3. at least one decimal digit (no digit: refused); a magnitude beyond the type is ERANGE:
//      refused;
//   4. the digits must end the token or be followed by white space; whatever comes after that
//      white space is ignored ("5\tx" is 5: memcached 1.6.18 answers "touch k 5\tx" with TOUCHED);
//   5. unsigned: strtoull negates a '-' magnitude modulo 2^64; the result is refused when it is
//      negative as a signed number and the token holds a '-' anywhere. So "-0" is 0, "-5" is
//      refused, and "-18446744073709551615" is 1 (all as memcached).
// Departure: memcached stores safe_strtoul's 64-bit result in 32 bits and safe_strtol's in
// 32 bits, silently truncating ("set k 4294967296 0 1" stores flags 0; "set k 0 0 4294967299"
// reads a 3-byte block). Here a value outside the 32-bit type is refused instead, so the caller
// answers "CLIENT_ERROR bad command line format" rather than act on a different number.
//
// Formatting writes the shortest decimal form, '-' first for negatives, and fails (writing
// nothing) when the destination is too small.
using System;

namespace Memcached.Protocol
{
    public static class AsciiNumber
    {
        // Digits in ulong.MaxValue (18446744073709551615); long.MinValue takes one more for '-'.
        public const int UInt64DigitsMax = 20;

        public static bool TryParseUInt64(ReadOnlySpan<byte> token, out ulong value)
        {
            value = 0;
            if (!TryScan(token, out bool negative, out ulong magnitude))
                return false;
            ulong result = negative ? 0UL - magnitude : magnitude;
            if ((long)result < 0 && token.IndexOf((byte)'-') >= 0)
                return false;
            value = result;
            return true;
        }

        public static bool TryParseUInt32(ReadOnlySpan<byte> token, out uint value)
        {
            value = 0;
            if (!TryParseUInt64(token, out ulong wide) || wide > uint.MaxValue)
                return false;
            value = (uint)wide;
            return true;
        }

        public static bool TryParseInt32(ReadOnlySpan<byte> token, out int value)
        {
            value = 0;
            if (!TryScan(token, out bool negative, out ulong magnitude))
                return false;
            // strtol's range is that of a 64-bit long; ours, past the departure above, is int's.
            ulong limit = negative ? (ulong)int.MaxValue + 1 : int.MaxValue;
            if (magnitude > limit)
                return false;
            value = negative ? (int)(0L - (long)magnitude) : (int)magnitude;
            return true;
        }

        // Steps 1-4 above: the sign and magnitude, or false for no digits, overflow, or a bad
        // character right after the digits.
        private static bool TryScan(ReadOnlySpan<byte> token, out bool negative, out ulong magnitude)
        {
            negative = false;
            magnitude = 0;
            int index = 0;
            while (index < token.Length && IsSpace(token[index]))
                index++;
            if (index < token.Length && (token[index] == (byte)'+' || token[index] == (byte)'-'))
            {
                negative = token[index] == (byte)'-';
                index++;
            }
            int digitsStart = index;
            while (index < token.Length && IsDigit(token[index]))
            {
                ulong digit = (ulong)(token[index] - (byte)'0');
                if (magnitude > (ulong.MaxValue - digit) / 10)
                    return false; // ERANGE
                magnitude = magnitude * 10 + digit;
                index++;
            }
            if (index == digitsStart)
                return false;
            return index == token.Length || IsSpace(token[index]);
        }

        public static bool TryFormat(ulong value, Span<byte> destination, out int bytesWritten)
        {
            bytesWritten = 0;
            int digits = CountDigits(value);
            if (destination.Length < digits)
                return false;
            WriteDigits(value, destination.Slice(0, digits));
            bytesWritten = digits;
            return true;
        }

        public static bool TryFormat(long value, Span<byte> destination, out int bytesWritten)
        {
            if (value >= 0)
                return TryFormat((ulong)value, destination, out bytesWritten);
            bytesWritten = 0;
            ulong magnitude = 0UL - (ulong)value; // long.MinValue's magnitude fits a ulong
            int digits = CountDigits(magnitude);
            if (destination.Length < digits + 1)
                return false;
            destination[0] = (byte)'-';
            WriteDigits(magnitude, destination.Slice(1, digits));
            bytesWritten = digits + 1;
            return true;
        }

        public static int CountDigits(ulong value)
        {
            int digits = 1;
            while (value >= 10)
            {
                value /= 10;
                digits++;
            }
            return digits;
        }

        // Fills exactly destination.Length digits, least significant last.
        private static void WriteDigits(ulong value, Span<byte> destination)
        {
            for (int index = destination.Length - 1; index >= 0; index--)
            {
                destination[index] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
        }

        public static bool IsDigit(byte character) => character >= (byte)'0' && character <= (byte)'9';

        // C's isspace in the "C" locale.
        public static bool IsSpace(byte character) =>
            character == (byte)' ' || (character >= (byte)'\t' && character <= (byte)'\r');
    }
}
