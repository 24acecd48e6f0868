// asctime's fixed format (ISO C 7.27.3.1): "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n", e.g.
// "Sun Sep 16 01:03:52 1973\n". Out-of-range weekday or month names print "???", numbers print
// as they are (glibc does the same). asctime_r's buffer is 26 bytes by contract, so a result
// that does not fit (a five-digit year) is ERANGE; asctime's own static buffer is larger, as
// glibc's is, and holds any int fields. A year beyond int is EOVERFLOW.
namespace OSv.Libc.Time
{
    using System;

    public static unsafe class AscTime
    {
        public const int CallerBufferBytes = 26;
        public const int StaticBufferBytes = 3 + 1 + 3 + 5 * IntegerCharactersMax + 5 + 1 + 1; // names, five ints, separators, "\n", NUL
        private const int IntegerCharactersMax = 11; // "-2147483648"

        /// <summary>Formats into destination (capacity bytes, including the NUL); returns the length
        /// without the NUL, or -1 with errno set.</summary>
        public static int Format(BrokenDownTime* time, byte* destination, int capacity)
        {
            long year = (long)time->YearSince1900 + BrokenDownTime.YearBase;
            if (year > int.MaxValue)
            {
                OSv.Libc.Errors.Errno.Set(OSv.Libc.Errors.ErrnoCodes.EOVERFLOW);
                return -1;
            }
            Span<byte> text = stackalloc byte[StaticBufferBytes];
            int length = 0;
            length = Append(text, length, NameOrUnknown(TimeNames.AbbreviatedDay(time->DayOfWeek)));
            text[length++] = (byte)' ';
            length = Append(text, length, NameOrUnknown(TimeNames.AbbreviatedMonth(time->Month)));
            length = AppendInteger(text, length, time->DayOfMonth, 3, (byte)' ');
            text[length++] = (byte)' ';
            length = AppendInteger(text, length, time->Hour, 2, (byte)'0');
            text[length++] = (byte)':';
            length = AppendInteger(text, length, time->Minute, 2, (byte)'0');
            text[length++] = (byte)':';
            length = AppendInteger(text, length, time->Second, 2, (byte)'0');
            text[length++] = (byte)' ';
            length = AppendInteger(text, length, year, 0, (byte)' ');
            text[length++] = (byte)'\n';
            if (length + 1 > capacity)
            {
                OSv.Libc.Errors.Errno.Set(OSv.Libc.Errors.ErrnoCodes.ERANGE);
                return -1;
            }
            for (int i = 0; i < length; i++)
                destination[i] = text[i];
            destination[length] = 0;
            return length;
        }

        private static ReadOnlySpan<byte> NameOrUnknown(ReadOnlySpan<byte> terminatedName) =>
            terminatedName.Length == TimeNames.Unknown.Length ? "???"u8 : TimeNames.WithoutTerminator(terminatedName);

        private static int Append(Span<byte> text, int length, ReadOnlySpan<byte> value)
        {
            value.CopyTo(text.Slice(length));
            return length + value.Length;
        }

        // printf's %Nd (pad ' ') and %.Nd (pad '0': at least N digits, sign before them).
        private static int AppendInteger(Span<byte> text, int length, long value, int width, byte pad)
        {
            Span<byte> digits = stackalloc byte[20];
            ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
            int count = 0;
            do
            {
                digits[count++] = (byte)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            }
            while (magnitude != 0);
            int signWidth = value < 0 ? 1 : 0;
            if (pad == (byte)' ')
            {
                for (int i = count + signWidth; i < width; i++)
                    text[length++] = (byte)' ';
                if (value < 0)
                    text[length++] = (byte)'-';
            }
            else
            {
                if (value < 0)
                    text[length++] = (byte)'-';
                for (int i = count; i < width; i++)
                    text[length++] = (byte)'0';
            }
            while (count > 0)
                text[length++] = digits[--count];
            return length;
        }
    }
}
