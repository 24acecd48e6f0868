// scanf's %e %f %g %a: collects glibc's float syntax (sign; "nan", "inf" or "infinity"; or "0x"
// and hex digits with 'p'; or decimal digits with one point and 'e') then converts the text
// with FloatParser, storing a float, double or long double by the length modifier. As in glibc,
// a partially matching word ("in", "na") is a matching failure, and trailing characters the
// converter does not use ("1e", "1e+") are consumed but ignored.
namespace OSv.Libc.Format
{
    public static unsafe partial class Scanf
    {
        private static Step ScanFloat<TSource>(ref ScanReader<TSource> reader, ref ScanDirective directive, void* target)
            where TSource : struct, IScanSource
        {
            byte* text = stackalloc byte[TextBytesMax];
            var collector = new Collector { Text = text, Width = directive.Width };
            int c = reader.Read();
            collector.Used();
            if (c == ScanReader<TSource>.End)
                return Step.InputFailure;
            int signBytes = 0;
            if (c == '-' || c == '+')
            {
                signBytes = 1;
                collector.Add(c);
                if (!collector.HasRoom || (c = reader.Read()) == ScanReader<TSource>.End)
                    return Step.MatchingFailure;
                collector.Used();
            }
            int lower = c | 0x20;
            if (lower == 'n' || lower == 'i')
            {
                if (!CollectWord(ref reader, ref collector, c))
                    return Step.MatchingFailure;
            }
            else if (!CollectNumber(ref reader, ref collector, c, signBytes))
                return Step.MatchingFailure;
            text[collector.Length] = 0;
            return StoreFloat(text, ref directive, target);
        }

        private static Step StoreFloat(byte* text, ref ScanDirective directive, void* target)
        {
            byte* end;
            if (directive.Length == LengthModifier.None)
            {
                float single = FloatParser.ParseSingle(text, &end);
                if (end == text)
                    return Step.MatchingFailure;
                if (target != null)
                    *(float*)target = single;
            }
            else
            {
                double value = FloatParser.ParseDouble(text, &end);
                if (end == text)
                    return Step.MatchingFailure;
                if (target != null && directive.Length == LengthModifier.LongDouble)
                    OSv.Libc.Abi.X87.FromDouble(value, (byte*)target);
                else if (target != null)
                    *(double*)target = value;
            }
            return Step.Continue;
        }

        // "nan" or "inf"/"infinity"; c is the first letter, already read.
        private static bool CollectWord<TSource>(ref ScanReader<TSource> reader, ref Collector collector, int c)
            where TSource : struct, IScanSource
        {
            System.ReadOnlySpan<byte> word = (c | 0x20) == 'n' ? "nan"u8 : "inf"u8;
            collector.Add(c);
            for (int i = 1; i < word.Length; i++)
            {
                if (!collector.HasRoom || (c = reader.Read()) == ScanReader<TSource>.End || (c | 0x20) != word[i])
                    return false;
                collector.Add(c);
                collector.Used();
            }
            if (word[0] != 'i' || !collector.HasRoom)
                return true;
            c = reader.Read();
            if ((c | 0x20) != 'i')
            {
                reader.Unread(c);
                return true;
            }
            collector.Used();
            collector.Add(c);
            System.ReadOnlySpan<byte> rest = "nity"u8;
            for (int i = 0; i < rest.Length; i++)
            {
                if (!collector.HasRoom || (c = reader.Read()) == ScanReader<TSource>.End || (c | 0x20) != rest[i])
                    return false;
                collector.Add(c);
                collector.Used();
            }
            return true;
        }

        private static bool CollectNumber<TSource>(ref ScanReader<TSource> reader, ref Collector collector, int c, int signBytes)
            where TSource : struct, IScanSource
        {
            byte exponentLetter = (byte)'e';
            bool hex = false, gotDigit = false, gotPoint = false, gotExponent = false;
            if (collector.HasRoom && c == '0')
            {
                collector.Add(c);
                c = reader.Read();
                collector.Used();
                if (collector.HasRoom && (c | 0x20) == 'x')
                {
                    collector.Add(c);
                    hex = true;
                    exponentLetter = (byte)'p';
                    c = reader.Read();
                    collector.Used();
                }
                else
                    gotDigit = true;
            }
            while (true)
            {
                byte last = collector.Length > 0 ? collector.Text[collector.Length - 1] : (byte)0;
                if (c >= '0' && c <= '9')
                {
                    collector.Add(c);
                    gotDigit = true;
                }
                else if (!gotExponent && hex && IntegerParser.DigitValue(c) < 16)
                {
                    collector.Add(c);
                    gotDigit = true;
                }
                else if (gotExponent && (last | 0x20) == exponentLetter && (c == '-' || c == '+'))
                    collector.Add(c);
                else if (gotDigit && !gotExponent && (c | 0x20) == exponentLetter)
                {
                    collector.Add(c);
                    gotExponent = gotPoint = true;
                }
                else if (!gotPoint && c == '.')
                {
                    collector.Add(c);
                    gotPoint = true;
                }
                else
                {
                    reader.Unread(c);
                    break;
                }
                if (!collector.HasRoom || (c = reader.Read()) == ScanReader<TSource>.End)
                    break;
                collector.Used();
            }
            return collector.Length != signBytes + (hex ? 2 : 0);
        }
    }
}
