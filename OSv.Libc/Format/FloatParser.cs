// strtod and strtof (C11 7.22.1.3): optional white space and sign, then a decimal number
// (digits, optional point, optional e[sign]digits), a hexadecimal one (0x, hex digits, optional
// point, optional p[sign]digits), "inf"/"infinity" or "nan"/"nan(chars)", any case. The end
// pointer lands after the longest valid prefix ("1e+" ends after "1", "0x" after "0", "nan(x"
// after "nan"); with no number it is the start of the text and the result is 0.
//
// Decimal values round correctly through DecimalToBinary; hexadecimal ones keep 60 significant
// bits plus a sticky bit and round once (BinaryFormat.Round). "nan(n)" puts the number n in the
// NaN's payload as glibc does. ERANGE on overflow and on inexact results below the smallest
// normal.
namespace OSv.Libc.Format
{
    using OSv.Libc.Errors;

    public static unsafe class FloatParser
    {
        private const ulong HexMantissaFull = 1UL << 60;

        public static double ParseDouble(byte* text, byte** end)
        {
            ulong bits = Parse(text, end, BinaryFormat.Double);
            return *(double*)&bits;
        }

        public static float ParseSingle(byte* text, byte** end)
        {
            uint bits = (uint)Parse(text, end, BinaryFormat.Single);
            return *(float*)&bits;
        }

        private static ulong Parse(byte* text, byte** end, BinaryFormat format)
        {
            if (end != null)
                *end = text;
            if (text == null)
                return 0;
            byte* p = IntegerParser.SkipSpaceAndSign(text, out bool negative);
            bool rangeError = false;
            ulong bits;
            byte* after;
            if (MatchesWord(p, "inf"u8))
            {
                after = MatchesWord(p, "infinity"u8) ? p + 8 : p + 3;
                bits = format.Infinity(negative);
            }
            else if (MatchesWord(p, "nan"u8))
                bits = ParseNotANumber(p + 3, negative, format, out after);
            else if (p[0] == '0' && (p[1] | 0x20) == 'x' && HasHexDigits(p + 2))
                bits = ParseHex(p + 2, negative, format, out after, out rangeError);
            else
            {
                bits = ParseDecimal(p, negative, format, out after, out rangeError);
                if (after == p)
                    return 0;
            }
            if (rangeError)
                Errno.Set(ErrnoCodes.ERANGE);
            if (end != null)
                *end = after;
            return bits;
        }

        private static ulong ParseDecimal(byte* p, bool negative, BinaryFormat format, out byte* after, out bool rangeError)
        {
            DecimalNumber number = default;
            number.Negative = negative;
            byte* start = p;
            bool afterPoint = false;
            while (true)
            {
                if (*p >= '0' && *p <= '9')
                    number.AddDigit(*p - '0', afterPoint);
                else if (*p == '.' && !afterPoint)
                    afterPoint = true;
                else
                    break;
                p++;
            }
            rangeError = false;
            if (!number.SawDigit)
            {
                after = start;
                return 0;
            }
            if ((*p | 0x20) == 'e')
            {
                byte* next = ReadExponent(p, out int exponent);
                if (next != p)
                {
                    number.AddExponent(exponent);
                    p = next;
                }
            }
            after = p;
            return DecimalToBinary.Convert(ref number, format, out rangeError);
        }

        /// <summary>Reads "e[sign]digits" (or "p..." for hex) at p; returns p itself when no digit
        /// follows, so the letter is not consumed.</summary>
        public static byte* ReadExponent(byte* p, out int exponent)
        {
            exponent = 0;
            byte* q = p + 1;
            bool negative = *q == '-';
            if (*q == '-' || *q == '+')
                q++;
            if (*q < '0' || *q > '9')
                return p;
            long value = 0;
            while (*q >= '0' && *q <= '9')
            {
                if (value < 100_000_000)
                    value = value * 10 + (*q - '0');
                q++;
            }
            exponent = DecimalNumber.ClampExponent(negative ? -value : value);
            return q;
        }

        private static ulong ParseHex(byte* p, bool negative, BinaryFormat format, out byte* after, out bool rangeError)
        {
            ulong mantissa = 0;
            long binaryExponent = 0;
            bool sticky = false;
            bool afterPoint = false;
            while (true)
            {
                uint digit = IntegerParser.DigitValue(*p);
                if (digit < 16)
                {
                    if (mantissa < HexMantissaFull)
                    {
                        mantissa = mantissa * 16 + digit;
                        if (afterPoint)
                            binaryExponent -= 4;
                    }
                    else
                    {
                        sticky |= digit != 0;
                        if (!afterPoint)
                            binaryExponent += 4;
                    }
                }
                else if (*p == '.' && !afterPoint)
                    afterPoint = true;
                else
                    break;
                p++;
            }
            if ((*p | 0x20) == 'p')
            {
                byte* next = ReadExponent(p, out int exponent);
                if (next != p)
                {
                    binaryExponent += exponent;
                    p = next;
                }
            }
            after = p;
            return RoundHex(negative, mantissa, binaryExponent, sticky, format, out rangeError);
        }

        internal static ulong RoundHex(bool negative, ulong mantissa, long binaryExponent, bool sticky, BinaryFormat format, out bool rangeError)
        {
            int exponent = DecimalNumber.ClampExponent(binaryExponent);
            ulong bits = format.Round(negative, mantissa, exponent, sticky, out bool overflow, out bool inexact, out bool tiny);
            rangeError = overflow || (inexact && tiny);
            return bits;
        }

        private static ulong ParseNotANumber(byte* p, bool negative, BinaryFormat format, out byte* after)
        {
            after = p;
            ulong payload = 0;
            if (*p == '(')
            {
                byte* q = p + 1;
                while (IntegerParser.DigitValue(*q) < 36 || *q == '_')
                    q++;
                if (*q == ')')
                {
                    byte* numberEnd;
                    ulong parsed = IntegerParser.ParseUnsigned(p + 1, &numberEnd, 0);
                    if (numberEnd == q)
                        payload = parsed;
                    after = q + 1;
                }
            }
            return format.QuietNaN(negative, payload);
        }

        private static bool HasHexDigits(byte* p) =>
            IntegerParser.DigitValue(p[0]) < 16 || (p[0] == '.' && IntegerParser.DigitValue(p[1]) < 16);

        private static bool MatchesWord(byte* p, System.ReadOnlySpan<byte> word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                if ((p[i] | 0x20) != word[i])
                    return false;
            }
            return true;
        }
    }
}
