// The printf engine (C11 7.21.6.1 with glibc's extensions): walks the format, copies literal
// text, parses each directive, takes its arguments and hands it to the conversion's writer.
// Output goes through a caller-supplied struct sink, so vsnprintf, vfprintf and vasprintf share
// one engine and the engine allocates nothing.
//
// Arguments: sequential directives read the va_list as they go; if any directive names a
// position, the whole format is pre-scanned to learn every position's class, and all arguments
// are fetched in position order first (FormatArguments). Directives without a position inside a
// positional format take the next unnamed position, in order.
//
// Errors: a format ending inside a directive, a width or precision above int.MaxValue, or more
// than FormatArguments.PositionsMax positions give -1 with EINVAL/EOVERFLOW set, as glibc does
// (glibc allows 4,096 positions; we allow 128). An unknown conversion is printed literally, like
// glibc's printf_unknown.
namespace OSv.Libc.Format
{
    using System;
    using OSv.Libc.Abi;
    using OSv.Libc.Errors;

    public static unsafe partial class Printf
    {
        public static long Format<TSink>(ref TSink sink, byte* format, ref VaList args)
            where TSink : struct, IFormatSink
        {
            if (format == null)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return -1;
            }
            var writer = new FormatWriter<TSink>(sink);
            long result;
            fixed (VaList* list = &args)
                result = FormatWithArguments(ref writer, format, list);
            sink = writer.Sink;
            return result;
        }

        /// <summary>vsnprintf: writes at most size - 1 bytes and a NUL (when size > 0); returns the
        /// length the whole output would have, or -1.</summary>
        public static long FormatToBuffer(byte* buffer, nuint size, byte* format, ref VaList args)
        {
            var sink = new BufferSink(buffer, size);
            long length = Format(ref sink, format, ref args);
            sink.Terminate();
            return length;
        }

        private static long FormatWithArguments<TSink>(ref FormatWriter<TSink> writer, byte* format, VaList* list)
            where TSink : struct, IFormatSink
        {
            ArgumentClass* classes = stackalloc ArgumentClass[FormatArguments.PositionsMax];
            int positionCount = CollectPositions(format, classes);
            if (positionCount < 0)
            {
                Errno.Set(positionCount == ConversionSpecParser.Malformed ? ErrnoCodes.EINVAL : ErrnoCodes.EOVERFLOW);
                return -1;
            }
            ulong* slots = stackalloc ulong[positionCount == 0 ? 1 : positionCount];
            FormatArguments arguments = positionCount == 0
                ? FormatArguments.Sequential(list)
                : FormatArguments.Positional(list, classes, slots, positionCount);
            return FormatDirectives(ref writer, format, ref arguments);
        }

        private static long FormatDirectives<TSink>(ref FormatWriter<TSink> writer, byte* format, ref FormatArguments arguments)
            where TSink : struct, IFormatSink
        {
            byte* p = format;
            int nextPosition = 1;
            while (true)
            {
                byte* literal = p;
                while (*p != 0 && *p != '%')
                    p++;
                writer.Write(new ReadOnlySpan<byte>(literal, (int)(p - literal)));
                if (*p == 0)
                    return writer.Count;
                int consumed = ConversionSpecParser.Parse(p + 1, out ConversionSpec spec);
                if (consumed < 0)
                {
                    Errno.Set(ErrnoCodes.EINVAL);
                    return -1;
                }
                p += 1 + consumed;
                if (arguments.IsPositional)
                    AssignPositions(ref spec, ref nextPosition);
                ResolveWidthAndPrecision(ref spec, ref arguments);
                Convert(ref writer, ref spec, ref arguments);
            }
        }

        private static void ResolveWidthAndPrecision(ref ConversionSpec spec, ref FormatArguments arguments)
        {
            if (spec.WidthFromArgument)
            {
                int width = (int)arguments.Integer(spec.WidthPosition);
                if (width < 0)
                {
                    spec.LeftAlign = true;
                    width = width == int.MinValue ? int.MaxValue : -width;
                }
                spec.Width = width;
            }
            if (spec.PrecisionFromArgument)
            {
                int precision = (int)arguments.Integer(spec.PrecisionPosition);
                spec.Precision = precision < 0 ? ConversionSpec.NoPrecision : precision;
            }
        }

        private static void Convert<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, ref FormatArguments arguments)
            where TSink : struct, IFormatSink
        {
            switch (spec.Conversion)
            {
                case (byte)'%':
                    writer.WriteByte((byte)'%');
                    return;
                case (byte)'d':
                case (byte)'i':
                    IntegerFormatter.WriteSigned(ref writer, ref spec, arguments.Integer(spec.ArgumentPosition));
                    return;
                case (byte)'o':
                case (byte)'u':
                case (byte)'x':
                case (byte)'X':
                    IntegerFormatter.WriteUnsigned(ref writer, ref spec, arguments.Integer(spec.ArgumentPosition));
                    return;
                case (byte)'p':
                    IntegerFormatter.WritePointer(ref writer, ref spec, arguments.Integer(spec.ArgumentPosition));
                    return;
                case (byte)'n':
                    StoreCount(ref spec, arguments.Integer(spec.ArgumentPosition), writer.Count);
                    return;
                default:
                    ConvertOther(ref writer, ref spec, ref arguments);
                    return;
            }
        }

        private static void ConvertOther<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, ref FormatArguments arguments)
            where TSink : struct, IFormatSink
        {
            switch (spec.Conversion)
            {
                case (byte)'c':
                case (byte)'C':
                    TextFormatter.WriteCharacter(ref writer, ref spec, arguments.Integer(spec.ArgumentPosition));
                    return;
                case (byte)'s':
                case (byte)'S':
                    TextFormatter.WriteString(ref writer, ref spec, (byte*)arguments.Integer(spec.ArgumentPosition));
                    return;
                case (byte)'m':
                    TextFormatter.WriteErrorText(ref writer, ref spec, Errno.Get());
                    return;
                case (byte)'e': case (byte)'E': case (byte)'f': case (byte)'F':
                case (byte)'g': case (byte)'G': case (byte)'a': case (byte)'A':
                    bool longDouble = spec.Length == LengthModifier.LongDouble;
                    FloatFormatter.Write(ref writer, ref spec, arguments.Double(spec.ArgumentPosition, longDouble));
                    return;
                default:
                    WriteUnknown(ref writer, ref spec);
                    return;
            }
        }

        private static void StoreCount(ref ConversionSpec spec, ulong address, long count)
        {
            if (address == 0)
                return;
            switch (spec.Length)
            {
                case LengthModifier.Char: *(sbyte*)address = (sbyte)count; break;
                case LengthModifier.Short: *(short*)address = (short)count; break;
                case LengthModifier.None: *(int*)address = (int)count; break;
                default: *(long*)address = count; break;
            }
        }

        // glibc's printf_unknown: "%", the flags, width, precision and the letter, as given.
        private static void WriteUnknown<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec)
            where TSink : struct, IFormatSink
        {
            Span<byte> text = stackalloc byte[40];
            int length = 0;
            text[length++] = (byte)'%';
            if (spec.Alternate) text[length++] = (byte)'#';
            if (spec.ForceSign) text[length++] = (byte)'+';
            else if (spec.SpaceSign) text[length++] = (byte)' ';
            if (spec.LeftAlign) text[length++] = (byte)'-';
            if (spec.ZeroPad && !spec.LeftAlign) text[length++] = (byte)'0';
            if (spec.Width != 0)
                length += IntegerFormatter.WriteDecimal(text.Slice(length), (ulong)spec.Width);
            if (spec.Precision != ConversionSpec.NoPrecision)
            {
                text[length++] = (byte)'.';
                length += IntegerFormatter.WriteDecimal(text.Slice(length), (ulong)spec.Precision);
            }
            text[length++] = spec.Conversion;
            writer.Write(text.Slice(0, length));
        }
    }
}
