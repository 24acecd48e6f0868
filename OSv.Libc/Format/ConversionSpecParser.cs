// Parses one printf directive after its '%', following glibc's order: an optional "n$"
// position (digits not followed by '$' are re-read as flags and width), flags "-+ #0'I", width
// (digits, '*' or "*m$"), precision ('.' then digits, '*' or "*m$"; '.' alone is 0), length
// (hh h l ll q L j z Z t), then the conversion letter. Numbers above int.MaxValue are refused,
// as glibc refuses them (EOVERFLOW).
namespace OSv.Libc.Format
{
    internal static unsafe class ConversionSpecParser
    {
        public const int Malformed = -1;

        /// <summary>Returns the bytes consumed after '%', or Malformed (format ended inside the
        /// directive, or a number overflowed).</summary>
        public static int Parse(byte* text, out ConversionSpec spec)
        {
            spec = default;
            spec.Precision = ConversionSpec.NoPrecision;
            byte* p = text;
            if (IsDigit(*p))
            {
                byte* afterDigits = p;
                int position = ReadNumber(ref afterDigits);
                if (*afterDigits == '$' && position > 0)
                {
                    spec.ArgumentPosition = position;
                    p = afterDigits + 1;
                }
            }
            ParseFlags(ref p, ref spec);
            if (!ParseWidth(ref p, ref spec) || !ParsePrecision(ref p, ref spec))
                return Malformed;
            ParseLength(ref p, ref spec);
            if (*p == 0)
                return Malformed;
            spec.Conversion = *p++;
            spec.TextLength = (int)(p - text) + 1;
            return (int)(p - text);
        }

        private static void ParseFlags(ref byte* p, ref ConversionSpec spec)
        {
            while (true)
            {
                switch (*p)
                {
                    case (byte)'-': spec.LeftAlign = true; break;
                    case (byte)'+': spec.ForceSign = true; break;
                    case (byte)' ': spec.SpaceSign = true; break;
                    case (byte)'#': spec.Alternate = true; break;
                    case (byte)'0': spec.ZeroPad = true; break;
                    case (byte)'\'': break; // thousands grouping: none in the C locale
                    case (byte)'I': break;  // locale digits: none in the C locale
                    default: return;
                }
                p++;
            }
        }

        private static bool ParseWidth(ref byte* p, ref ConversionSpec spec)
        {
            if (*p == '*')
            {
                p++;
                spec.WidthFromArgument = true;
                spec.WidthPosition = ReadArgumentPosition(ref p);
                return true;
            }
            if (IsDigit(*p))
            {
                spec.Width = ReadNumber(ref p);
                return spec.Width >= 0;
            }
            return true;
        }

        private static bool ParsePrecision(ref byte* p, ref ConversionSpec spec)
        {
            if (*p != '.')
                return true;
            p++;
            if (*p == '*')
            {
                p++;
                spec.PrecisionFromArgument = true;
                spec.PrecisionPosition = ReadArgumentPosition(ref p);
                return true;
            }
            spec.Precision = IsDigit(*p) ? ReadNumber(ref p) : 0;
            return spec.Precision >= 0;
        }

        // "*m$": returns m, or 0 (and consumes nothing) when the star has no position.
        private static int ReadArgumentPosition(ref byte* p)
        {
            if (!IsDigit(*p))
                return 0;
            byte* afterDigits = p;
            int position = ReadNumber(ref afterDigits);
            if (*afterDigits != '$' || position <= 0)
                return 0;
            p = afterDigits + 1;
            return position;
        }

        private static void ParseLength(ref byte* p, ref ConversionSpec spec)
        {
            switch (*p)
            {
                case (byte)'h':
                    p++;
                    spec.Length = LengthModifier.Short;
                    if (*p == 'h')
                    {
                        p++;
                        spec.Length = LengthModifier.Char;
                    }
                    return;
                case (byte)'l':
                    p++;
                    spec.Length = LengthModifier.Long;
                    if (*p == 'l')
                    {
                        p++;
                        spec.Length = LengthModifier.LongLong;
                    }
                    return;
                case (byte)'q': p++; spec.Length = LengthModifier.LongLong; return;
                case (byte)'L': p++; spec.Length = LengthModifier.LongDouble; return;
                case (byte)'j': p++; spec.Length = LengthModifier.IntMax; return;
                case (byte)'z':
                case (byte)'Z': p++; spec.Length = LengthModifier.Size; return;
                case (byte)'t': p++; spec.Length = LengthModifier.PtrDiff; return;
            }
        }

        /// <summary>Reads decimal digits; -1 when the number exceeds int.MaxValue.</summary>
        private static int ReadNumber(ref byte* p)
        {
            long value = 0;
            bool overflow = false;
            while (IsDigit(*p))
            {
                value = value * 10 + (*p - '0');
                if (value > int.MaxValue)
                {
                    overflow = true;
                    value = int.MaxValue;
                }
                p++;
            }
            return overflow ? -1 : (int)value;
        }

        public static bool IsDigit(byte c) => c >= '0' && c <= '9';
    }
}
