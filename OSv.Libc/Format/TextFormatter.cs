// printf's text conversions: %c, %s, their wide forms %lc/%C and %ls/%S, and %m (the text of
// errno). A null %s prints "(null)" when the precision allows all six bytes and nothing
// otherwise, as glibc does. Precision bounds how many bytes of a string are read, so an
// unterminated array with a precision is safe.
//
// Wide characters: glibc converts them with the locale's wcrtomb; in the C locale only ASCII
// converts. We encode values below 0x80 as themselves and print '?' for any other (glibc would
// fail the whole call with EILSEQ), a deliberate, documented difference.
namespace OSv.Libc.Format
{
    using System;

    internal static unsafe class TextFormatter
    {
        private const int ErrorTextBytesMax = 64;

        private const int WideChunkBytes = 64;

        public static void WriteCharacter<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, ulong raw)
            where TSink : struct, IFormatSink
        {
            bool wide = spec.Length == LengthModifier.Long || spec.Conversion == 'C';
            byte value = wide ? NarrowWide((uint)raw) : (byte)raw;
            long trailing = FieldLayout.Begin(ref writer, ref spec, default, 1, false);
            writer.WriteByte(value);
            FieldLayout.End(ref writer, trailing);
        }

        public static void WriteString<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, byte* text)
            where TSink : struct, IFormatSink
        {
            if (text == null)
            {
                bool fits = spec.Precision == ConversionSpec.NoPrecision || spec.Precision >= 6;
                WriteBytes(ref writer, ref spec, fits ? "(null)"u8 : default);
                return;
            }
            if (spec.Length == LengthModifier.Long || spec.Conversion == 'S')
            {
                WriteWideString(ref writer, ref spec, (uint*)text);
                return;
            }
            long length = 0;
            long limit = spec.Precision == ConversionSpec.NoPrecision ? long.MaxValue : spec.Precision;
            while (length < limit && text[length] != 0)
                length++;
            long trailing = FieldLayout.Begin(ref writer, ref spec, default, length, false);
            while (length > 0)
            {
                int now = length > int.MaxValue ? int.MaxValue : (int)length;
                writer.Write(new ReadOnlySpan<byte>(text, now));
                text += now;
                length -= now;
            }
            FieldLayout.End(ref writer, trailing);
        }

        public static void WriteErrorText<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, int errno)
            where TSink : struct, IFormatSink
        {
            Span<byte> buffer = stackalloc byte[ErrorTextBytesMax];
            int length = OSv.Libc.String.ErrorMessages.Format(errno, buffer);
            length = length < buffer.Length ? length : buffer.Length;
            ReadOnlySpan<byte> text = buffer.Slice(0, length);
            if (spec.Precision != ConversionSpec.NoPrecision && spec.Precision < text.Length)
                text = text.Slice(0, spec.Precision);
            WriteBytes(ref writer, ref spec, text);
        }

        private static void WriteBytes<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, ReadOnlySpan<byte> text)
            where TSink : struct, IFormatSink
        {
            long trailing = FieldLayout.Begin(ref writer, ref spec, default, text.Length, false);
            writer.Write(text);
            FieldLayout.End(ref writer, trailing);
        }

        // Each wide character becomes one byte, so the output length is the character count
        // (bounded by the precision).
        private static void WriteWideString<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, uint* text)
            where TSink : struct, IFormatSink
        {
            long length = 0;
            long limit = spec.Precision == ConversionSpec.NoPrecision ? long.MaxValue : spec.Precision;
            while (length < limit && text[length] != 0)
                length++;
            long trailing = FieldLayout.Begin(ref writer, ref spec, default, length, false);
            Span<byte> chunk = stackalloc byte[WideChunkBytes];
            long done = 0;
            while (done < length)
            {
                int now = length - done < WideChunkBytes ? (int)(length - done) : WideChunkBytes;
                for (int i = 0; i < now; i++)
                    chunk[i] = NarrowWide(text[done + i]);
                writer.Write(chunk.Slice(0, now));
                done += now;
            }
            FieldLayout.End(ref writer, trailing);
        }

        private static byte NarrowWide(uint character) => character < 0x80 ? (byte)character : (byte)'?';
    }
}
