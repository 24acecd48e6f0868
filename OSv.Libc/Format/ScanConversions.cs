// scanf's conversions. Numbers are read the way glibc reads them: the longest prefix that can
// still be a number (within the width) is collected, then converted with our strtol/strtod, so
// "0x" followed by a non-hex byte reads as 0 with the 'x' consumed, and "1e+" reads 1 with "e+"
// consumed (scanf can push back only one byte). Collected text is bounded by TextBytesMax; digits
// past it are consumed but dropped (a departure from glibc, for inputs over 1 KiB).
namespace OSv.Libc.Format
{
    using OSv.Libc.Abi;

    public static unsafe partial class Scanf
    {
        private const int TextBytesMax = 1024;

        private struct Collector
        {
            public byte* Text;
            public int Length;
            public int Width; // bytes still allowed; negative = unlimited

            public bool HasRoom => Width != 0;

            public void Add(int c)
            {
                if (Length < TextBytesMax - 1)
                    Text[Length++] = (byte)c;
            }

            public void Used()
            {
                if (Width > 0)
                    Width--;
            }
        }

        private static Step ScanInteger<TSource>(ref ScanReader<TSource> reader, ref ScanDirective directive, void* target)
            where TSource : struct, IScanSource
        {
            byte* text = stackalloc byte[TextBytesMax];
            var collector = new Collector { Text = text, Width = directive.Width };
            int numberBase = directive.Conversion switch
            {
                (byte)'d' or (byte)'u' => 10, (byte)'i' => 0, (byte)'o' => 8, _ => 16,
            };
            int c = reader.Read();
            if (c == ScanReader<TSource>.End)
                return Step.InputFailure;
            if (c == '-' || c == '+')
            {
                collector.Add(c);
                collector.Used();
                c = reader.Read();
            }
            if (collector.HasRoom && c == '0')
            {
                collector.Used();
                collector.Add(c);
                c = reader.Read();
                if (collector.HasRoom && (c | 0x20) == 'x' && (numberBase == 0 || numberBase == 16))
                {
                    numberBase = 16;
                    collector.Used();
                    c = reader.Read();
                }
                else if (numberBase == 0)
                    numberBase = 8;
            }
            if (numberBase == 0)
                numberBase = 10;
            while (c != ScanReader<TSource>.End && collector.HasRoom && IntegerParser.DigitValue(c) < (uint)numberBase)
            {
                collector.Add(c);
                collector.Used();
                c = reader.Read();
            }
            reader.Unread(c);
            if (collector.Length == 0 || (collector.Length == 1 && (text[0] == '-' || text[0] == '+')))
                return Step.MatchingFailure;
            text[collector.Length] = 0;
            bool signedConversion = directive.Conversion is (byte)'d' or (byte)'i';
            long value = signedConversion
                ? IntegerParser.ParseSigned(text, null, numberBase)
                : (long)IntegerParser.ParseUnsigned(text, null, numberBase);
            if (target != null)
                StoreInteger(target, directive.Conversion == 'p' ? LengthModifier.Long : directive.Length, value);
            return Step.Continue;
        }

        private static Step ScanText<TSource>(ref ScanReader<TSource> reader, ref ScanDirective directive, void* target)
            where TSource : struct, IScanSource
        {
            byte conversion = directive.Conversion;
            bool wide = directive.Length == LengthModifier.Long || conversion is (byte)'C' or (byte)'S';
            bool characters = conversion is (byte)'c' or (byte)'C';
            int width = directive.Width != ScanDirective.NoWidth ? directive.Width : characters ? 1 : -1;
            int stored = 0;
            int c = reader.Read();
            if (c == ScanReader<TSource>.End)
                return Step.InputFailure;
            while (c != ScanReader<TSource>.End && width != 0)
            {
                bool member = characters ? true : conversion == '[' ? directive.Set.Contains(c) : !IntegerParser.IsSpace(c);
                if (!member)
                    break;
                if (target != null)
                {
                    if (wide)
                        ((uint*)target)[stored] = (uint)c;
                    else
                        ((byte*)target)[stored] = (byte)c;
                }
                stored++;
                if (width > 0)
                    width--;
                c = width != 0 ? reader.Read() : c;
                if (width == 0)
                    c = -2; // nothing read past the width
            }
            if (c != -2)
                reader.Unread(c);
            if (stored == 0)
                return Step.MatchingFailure;
            if (target != null && !characters)
            {
                if (wide)
                    ((uint*)target)[stored] = 0;
                else
                    ((byte*)target)[stored] = 0;
            }
            return Step.Continue;
        }
    }
}
