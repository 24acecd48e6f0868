// strtol's family (C11 7.22.1.4): optional white space, an optional sign, then digits in a base
// from 2 to 36, or base 0 meaning "0x" -> 16, "0" -> 8, else 10 (base 16 also accepts "0x").
// The end pointer lands after the last digit used; with no digits it is the start of the text
// (and for "0x" not followed by a hex digit, after the "0"). Out-of-range values clamp with
// ERANGE: strtol to LONG_MIN/LONG_MAX, strtoul to ULONG_MAX (a '-' on an in-range magnitude
// negates it modulo 2^64, as C specifies). An invalid base gives 0 with EINVAL and leaves the
// end pointer alone (as glibc does).
namespace OSv.Libc.Format
{
    using OSv.Libc.Errors;

    public static unsafe class IntegerParser
    {
        public static long ParseSigned(byte* text, byte** end, int numberBase)
        {
            if (!Parse(text, end, numberBase, out ulong magnitude, out bool negative, out bool overflow))
                return 0;
            const ulong limitPositive = long.MaxValue;
            const ulong limitNegative = (ulong)long.MaxValue + 1;
            if (overflow || magnitude > (negative ? limitNegative : limitPositive))
            {
                Errno.Set(ErrnoCodes.ERANGE);
                return negative ? long.MinValue : long.MaxValue;
            }
            return negative ? (long)(0 - magnitude) : (long)magnitude;
        }

        public static ulong ParseUnsigned(byte* text, byte** end, int numberBase)
        {
            if (!Parse(text, end, numberBase, out ulong magnitude, out bool negative, out bool overflow))
                return 0;
            if (overflow)
            {
                Errno.Set(ErrnoCodes.ERANGE);
                return ulong.MaxValue;
            }
            return negative ? 0 - magnitude : magnitude;
        }

        /// <summary>The shared scan; false (with errno or not) when no number was found.</summary>
        private static bool Parse(byte* text, byte** end, int numberBase, out ulong magnitude, out bool negative, out bool overflow)
        {
            magnitude = 0;
            negative = false;
            overflow = false;
            if (text == null || numberBase < 0 || numberBase == 1 || numberBase > 36)
            {
                // glibc leaves the end pointer untouched here.
                Errno.Set(ErrnoCodes.EINVAL);
                return false;
            }
            if (end != null)
                *end = text;
            byte* p = SkipSpaceAndSign(text, out negative);
            if (*p == '0' && (p[1] | 0x20) == 'x' && (numberBase == 0 || numberBase == 16) && DigitValue(p[2]) < 16)
            {
                p += 2;
                numberBase = 16;
            }
            else if (numberBase == 0)
                numberBase = *p == '0' ? 8 : 10;
            byte* digits = p;
            while (DigitValue(*p) < numberBase)
            {
                uint digit = DigitValue(*p);
                if (magnitude > (ulong.MaxValue - digit) / (ulong)numberBase)
                    overflow = true;
                else
                    magnitude = magnitude * (ulong)numberBase + digit;
                p++;
            }
            if (p == digits)
                return false;
            if (end != null)
                *end = p;
            return true;
        }

        public static byte* SkipSpaceAndSign(byte* p, out bool negative)
        {
            while (IsSpace(*p))
                p++;
            negative = *p == '-';
            if (*p == '-' || *p == '+')
                p++;
            return p;
        }

        /// <summary>C's isspace in the C locale.</summary>
        public static bool IsSpace(int c) => c == ' ' || (c >= '\t' && c <= '\r');

        /// <summary>0-35 for 0-9, a-z, A-Z; 99 for anything else.</summary>
        public static uint DigitValue(int c)
        {
            if (c >= '0' && c <= '9')
                return (uint)(c - '0');
            int lower = c | 0x20;
            if (lower >= 'a' && lower <= 'z')
                return (uint)(lower - 'a' + 10);
            return 99;
        }
    }
}
