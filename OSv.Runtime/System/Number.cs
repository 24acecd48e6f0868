// Integer formatting and parsing. Invariant culture only: the interim core library has no
// globalization, and the real base library replaces this file wholesale.
namespace System
{
    internal static class Number
    {
        private const int Int64DigitsMax = 20;

        public static string Int64ToString(long value)
        {
            if (value >= 0)
                return UInt64ToString((ulong)value);
            Span<char> buffer = stackalloc char[Int64DigitsMax + 1];
            int start = WriteDigits(buffer, (ulong)(-(value + 1)) + 1);
            buffer[--start] = '-';
            return new string(buffer.Slice(start));
        }

        public static string UInt64ToString(ulong value)
        {
            Span<char> buffer = stackalloc char[Int64DigitsMax];
            int start = WriteDigits(buffer, value);
            return new string(buffer.Slice(start));
        }

        public static string FormatInt64(long value, string? format)
        {
            if (IsHexFormat(format))
                return UInt64ToHex((ulong)value, format!);
            return Int64ToString(value);
        }

        public static string FormatUInt64(ulong value, string? format)
        {
            if (IsHexFormat(format))
                return UInt64ToHex(value, format!);
            return UInt64ToString(value);
        }

        private static bool IsHexFormat(string? format) =>
            format is not null && format.Length > 0 && (format[0] == 'x' || format[0] == 'X');

        // "x"/"X" with an optional minimum digit count, as in "X16".
        private static string UInt64ToHex(ulong value, string format)
        {
            int minimumDigits = 1;
            if (format.Length > 1)
                minimumDigits = (int)ParseInt64(format.Substring(1), 0, 64);
            char hexBase = format[0] == 'X' ? 'A' : 'a';
            Span<char> buffer = stackalloc char[64];
            int position = buffer.Length;
            do
            {
                int nibble = (int)(value & 0xF);
                buffer[--position] = (char)(nibble < 10 ? '0' + nibble : hexBase + nibble - 10);
                value >>= 4;
            }
            while (value != 0 || buffer.Length - position < minimumDigits);
            return new string(buffer.Slice(position));
        }

        // Writes the decimal digits right-aligned into buffer and returns the index of the first.
        private static int WriteDigits(Span<char> buffer, ulong value)
        {
            int position = buffer.Length;
            do
            {
                ulong quotient = value / 10;
                buffer[--position] = (char)('0' + (int)(value - quotient * 10));
                value = quotient;
            }
            while (value != 0);
            return position;
        }

        public static long ParseInt64(string s, long minimum, long maximum)
        {
            if (!TryParseInt64(s, minimum, maximum, out long result))
                ThrowHelper.ThrowFormatException();
            return result;
        }

        public static bool TryParseInt64(string? s, long minimum, long maximum, out long result)
        {
            result = 0;
            if (s is null || s.Length == 0)
                return false;
            bool negative = s[0] == '-';
            int index = negative || s[0] == '+' ? 1 : 0;
            if (index == s.Length)
                return false;
            ulong magnitude = 0;
            for (; index < s.Length; index++)
            {
                char c = s[index];
                if (c < '0' || c > '9')
                    return false;
                ulong next = magnitude * 10 + (ulong)(c - '0');
                if (magnitude > (ulong)long.MaxValue / 10 + 1 || next < magnitude)
                    return false;
                magnitude = next;
            }
            if (negative ? magnitude > (ulong)long.MaxValue + 1 : magnitude > (ulong)long.MaxValue)
                return false;
            long value = negative ? (long)(0 - magnitude) : (long)magnitude;
            if (value < minimum || value > maximum)
                return false;
            result = value;
            return true;
        }
    }
}
