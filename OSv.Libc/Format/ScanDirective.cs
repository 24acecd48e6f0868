// One parsed scanf directive: %[*][width][length]conversion, or %[*][width][length][set].
namespace OSv.Libc.Format
{
    internal struct ScanDirective
    {
        public const int NoWidth = -1;

        public bool Suppress;
        public int Width;            // NoWidth when absent
        public LengthModifier Length;
        public byte Conversion;
        public ScanSet Set;          // for '['
    }

    public static unsafe partial class Scanf
    {
        /// <summary>Parses after '%'; returns the bytes consumed or -1 (malformed, or an
        /// unsupported %m / n$ directive).</summary>
        private static int ParseDirective(byte* text, out ScanDirective directive)
        {
            directive = default;
            directive.Width = ScanDirective.NoWidth;
            byte* p = text;
            if (*p == '*')
            {
                directive.Suppress = true;
                p++;
            }
            if (ConversionSpecParser.IsDigit(*p))
            {
                long width = 0;
                while (ConversionSpecParser.IsDigit(*p))
                {
                    width = width * 10 + (*p++ - '0');
                    if (width > int.MaxValue)
                        return -1;
                }
                if (*p == '$' || width == 0)
                    return -1;
                directive.Width = (int)width;
            }
            if (*p == 'm')
                return -1;
            p += ParseLength(p, ref directive.Length);
            directive.Conversion = *p;
            if (*p == 0)
                return -1;
            p++;
            if (directive.Conversion == '[')
            {
                int setLength = directive.Set.Parse(p);
                if (setLength < 0)
                    return -1;
                p += setLength;
            }
            return (int)(p - text);
        }

        private static int ParseLength(byte* p, ref LengthModifier length)
        {
            switch (*p)
            {
                case (byte)'h':
                    length = p[1] == 'h' ? LengthModifier.Char : LengthModifier.Short;
                    return p[1] == 'h' ? 2 : 1;
                case (byte)'l':
                    length = p[1] == 'l' ? LengthModifier.LongLong : LengthModifier.Long;
                    return p[1] == 'l' ? 2 : 1;
                case (byte)'q': length = LengthModifier.LongLong; return 1;
                case (byte)'L': length = LengthModifier.LongDouble; return 1;
                case (byte)'j': length = LengthModifier.IntMax; return 1;
                case (byte)'z': case (byte)'Z': length = LengthModifier.Size; return 1;
                case (byte)'t': length = LengthModifier.PtrDiff; return 1;
                default: return 0;
            }
        }
    }
}
