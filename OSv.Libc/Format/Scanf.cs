// The scanf engine (C11 7.21.6.2, with glibc's behaviour where C leaves room). The format is
// walked once: white space in it sets a "skip white space" flag honoured by the next directive,
// a literal byte must match the next input byte, and each %-directive converts input and stores
// through the next va_list pointer (unless '*').
//
// Return value (glibc's rules): the number of assignments made; but when the input ends (an
// input failure) before the first assignment, EOF (-1). A matching failure returns the count so
// far. %n stores the bytes consumed and is not counted.
//
// Limits: no %m allocation modifier and no n$ positions (either fails the call as a matching
// failure); numbers are collected in TextBytesMax bytes (a longer digit run is cut, documented
// in ScanConversions); wide %lc/%ls/%l[ store each byte as a wchar_t.
namespace OSv.Libc.Format
{
    using OSv.Libc.Abi;

    public static unsafe partial class Scanf
    {
        private const int EndOfFile = -1;

        // Outcome of one directive.
        private enum Step { Continue, MatchingFailure, InputFailure }

        public static int Scan<TSource>(ref TSource source, byte* format, ref VaList args)
            where TSource : struct, IScanSource
        {
            var reader = new ScanReader<TSource>(source);
            int assigned = 0;
            Step outcome;
            fixed (VaList* list = &args)
                outcome = ScanDirectives(ref reader, format, list, ref assigned);
            source = reader.Source;
            if (outcome == Step.InputFailure && assigned == 0)
                return EndOfFile;
            return assigned;
        }

        private static Step ScanDirectives<TSource>(ref ScanReader<TSource> reader, byte* format, VaList* list, ref int assigned)
            where TSource : struct, IScanSource
        {
            bool skipSpace = false;
            byte* p = format;
            while (*p != 0)
            {
                byte letter = *p++;
                if (IntegerParser.IsSpace(letter))
                {
                    skipSpace = true;
                    continue;
                }
                Step step;
                if (letter != '%')
                    step = MatchLiteral(ref reader, letter, skipSpace);
                else
                {
                    int consumed = ParseDirective(p, out ScanDirective directive);
                    if (consumed < 0)
                        return Step.MatchingFailure;
                    p += consumed;
                    step = Convert(ref reader, ref directive, list, skipSpace, ref assigned);
                }
                skipSpace = false;
                if (step != Step.Continue)
                    return step;
            }
            return Step.Continue;
        }

        private static Step MatchLiteral<TSource>(ref ScanReader<TSource> reader, byte letter, bool skipSpace)
            where TSource : struct, IScanSource
        {
            int c = reader.Read();
            while (skipSpace && IntegerParser.IsSpace(c))
                c = reader.Read();
            if (c == ScanReader<TSource>.End)
                return Step.InputFailure;
            if (c != letter)
            {
                reader.Unread(c);
                return Step.MatchingFailure;
            }
            return Step.Continue;
        }

        private static Step Convert<TSource>(ref ScanReader<TSource> reader, ref ScanDirective directive, VaList* list,
            bool skipSpace, ref int assigned)
            where TSource : struct, IScanSource
        {
            byte conversion = directive.Conversion;
            if (skipSpace || (conversion != '[' && conversion != 'c' && conversion != 'C' && conversion != 'n'))
                reader.SkipSpace();
            void* target = directive.Suppress || conversion == '%' ? null : (void*)list->NextInteger();
            Step step;
            switch (conversion)
            {
                case (byte)'%':
                    return MatchLiteral(ref reader, (byte)'%', false);
                case (byte)'n':
                    if (target != null)
                        StoreInteger(target, directive.Length, reader.Consumed);
                    return Step.Continue;
                case (byte)'d': case (byte)'i': case (byte)'o': case (byte)'u':
                case (byte)'x': case (byte)'X': case (byte)'p':
                    step = ScanInteger(ref reader, ref directive, target);
                    break;
                case (byte)'e': case (byte)'E': case (byte)'f': case (byte)'F':
                case (byte)'g': case (byte)'G': case (byte)'a': case (byte)'A':
                    step = ScanFloat(ref reader, ref directive, target);
                    break;
                case (byte)'c': case (byte)'C': case (byte)'s': case (byte)'S': case (byte)'[':
                    step = ScanText(ref reader, ref directive, target);
                    break;
                default:
                    return Step.MatchingFailure;
            }
            if (step == Step.Continue && target != null)
                assigned++;
            return step;
        }

        private static void StoreInteger(void* target, LengthModifier length, long value)
        {
            switch (length)
            {
                case LengthModifier.Char: *(sbyte*)target = (sbyte)value; break;
                case LengthModifier.Short: *(short*)target = (short)value; break;
                case LengthModifier.None: *(int*)target = (int)value; break;
                default: *(long*)target = value; break;
            }
        }
    }
}
