// strftime (ISO C 7.27.3.5, POSIX.1-2017 strftime) in the C locale, with glibc's extensions:
// the flags _ - 0 ^ #, a field width, the E and O modifiers (no alternative forms in the C
// locale: they print the plain form, and are refused where glibc refuses them), and the GNU
// conversions %k %l %P %s. Output matches glibc 2.36 byte for byte (the tests compare them).
//
// Grammar: '%' flags* width? modifier? conversion. A sequence that is not a conversion (unknown
// letter, a modifier the conversion refuses, '%' at the end) is copied literally, padded to the
// width, as glibc does. Composite conversions (%c %D %F %r %R %T %x %X) format their C-locale
// sub-format and pad (and with '^' upper-case) the result as one field: the sub-format is
// measured first with a counting writer, so nothing is buffered. Sub-formats hold no composite
// conversions, so the recursion is one level deep.
//
// Fields are taken as they are (ISO C leaves out-of-range fields undefined; glibc prints them
// as numbers, "?" for names, and so does this), with arithmetic in 64 bits so no input
// overflows. Time zones: tm_gmtoff and tm_zone are printed as given; a NULL tm_zone prints
// tzname[0] ("GMT"). %s is timegm of the fields (local time is UTC here).
namespace OSv.Libc.Time
{
    using System;

    public static unsafe class TimeFormatter
    {
        private const int WidthMax = 1 << 20; // wider than any buffer a caller can have sensibly

        private struct Conversion
        {
            public byte Pad;
            public int Width;
            public bool Upper;
            public bool SwapCase;
            public byte Modifier;
        }

        /// <summary>strftime: formats into destination[0..capacity) and NUL-terminates; returns
        /// the length without the NUL, or 0 when the result does not fit.</summary>
        public static nuint Format(byte* destination, nuint capacity, ReadOnlySpan<byte> format, BrokenDownTime* time)
        {
            var output = new TimeFormatOutput(destination, capacity);
            FormatInto(ref output, format, time);
            if (output.Overflowed)
                return 0;
            output.Terminate();
            return output.Length;
        }

        private static void FormatInto(ref TimeFormatOutput output, ReadOnlySpan<byte> format, BrokenDownTime* time)
        {
            int index = 0;
            while (index < format.Length && !output.Overflowed)
            {
                byte current = format[index];
                if (current != (byte)'%')
                {
                    output.AppendText(format.Slice(index, 1), -1, TimeFormatOutput.PadDefault, TimeFormatOutput.CaseKeep);
                    index++;
                    continue;
                }
                int start = index;
                index = ParseConversion(format, index + 1, out Conversion conversion);
                if (index >= format.Length)
                {
                    // '%' (flags, width, modifier) at the end: copied as it is (glibc's GNU extension).
                    CopyLiterally(ref output, format.Slice(start), conversion);
                    return;
                }
                if (!Convert(ref output, format[index], conversion, time))
                    CopyLiterally(ref output, format.Slice(start, index - start + 1), conversion);
                index++;
            }
        }

        // Reads flags, width and modifier after a '%'; returns the index of the conversion letter.
        private static int ParseConversion(ReadOnlySpan<byte> format, int index, out Conversion conversion)
        {
            conversion = default;
            conversion.Width = -1;
            for (; index < format.Length; index++)
            {
                byte flag = format[index];
                if (flag == (byte)'_' || flag == (byte)'-' || flag == (byte)'0')
                    conversion.Pad = flag;
                else if (flag == (byte)'^')
                    conversion.Upper = true;
                else if (flag == (byte)'#')
                    conversion.SwapCase = true;
                else
                    break;
            }
            for (; index < format.Length && format[index] >= (byte)'0' && format[index] <= (byte)'9'; index++)
            {
                int digit = format[index] - '0';
                int width = conversion.Width < 0 ? 0 : conversion.Width;
                conversion.Width = width > (WidthMax - digit) / 10 ? WidthMax : width * 10 + digit;
            }
            // glibc: '-' suppresses only the default padding; with a width it pads with spaces.
            if (conversion.Pad == TimeFormatOutput.PadNone && conversion.Width >= 0)
                conversion.Pad = TimeFormatOutput.PadSpaces;
            if (index < format.Length && (format[index] == (byte)'E' || format[index] == (byte)'O'))
                conversion.Modifier = format[index++];
            return index;
        }

        private static void CopyLiterally(ref TimeFormatOutput output, ReadOnlySpan<byte> sequence, Conversion conversion) =>
            output.AppendText(sequence, conversion.Width, conversion.Pad, conversion.Upper ? TimeFormatOutput.CaseUpper : TimeFormatOutput.CaseKeep);

        // One conversion; false when the letter (or its modifier) is not one, to be copied.
        private static bool Convert(ref TimeFormatOutput output, byte letter, Conversion conversion, BrokenDownTime* time)
        {
            if (IsRefused(letter, conversion.Modifier))
                return false;
            long year = (long)time->YearSince1900 + BrokenDownTime.YearBase;
            switch (letter)
            {
                case (byte)'a': Name(ref output, TimeNames.AbbreviatedDay(time->DayOfWeek), conversion, TimeFormatOutput.CaseUpper); return true;
                case (byte)'A': Name(ref output, TimeNames.Day(time->DayOfWeek), conversion, TimeFormatOutput.CaseUpper); return true;
                case (byte)'b':
                case (byte)'h': Name(ref output, TimeNames.AbbreviatedMonth(time->Month), conversion, TimeFormatOutput.CaseUpper); return true;
                case (byte)'B': Name(ref output, TimeNames.Month(time->Month), conversion, TimeFormatOutput.CaseUpper); return true;
                case (byte)'p': Name(ref output, time->Hour > 11 ? TimeNames.PostMeridiem : TimeNames.AnteMeridiem, conversion, TimeFormatOutput.CaseLower); return true;
                case (byte)'P': conversion.Upper = false; conversion.SwapCase = true; goto case (byte)'p';
                case (byte)'Z': Name(ref output, ZoneNameOf(time), conversion, TimeFormatOutput.CaseLower); return true;
                case (byte)'c': SubFormat(ref output, TimeNames.DateTimeFormat, conversion, time); return true;
                case (byte)'D':
                case (byte)'x': SubFormat(ref output, TimeNames.DateFormat, conversion, time); return true;
                case (byte)'F': SubFormat(ref output, "%Y-%m-%d\0"u8, conversion, time); return true;
                case (byte)'r': SubFormat(ref output, TimeNames.TimeFormatAmPm, conversion, time); return true;
                case (byte)'R': SubFormat(ref output, "%H:%M\0"u8, conversion, time); return true;
                case (byte)'T':
                case (byte)'X': SubFormat(ref output, TimeNames.TimeFormat, conversion, time); return true;
                case (byte)'n': Name(ref output, "\n\0"u8, conversion, TimeFormatOutput.CaseKeep); return true;
                case (byte)'t': Name(ref output, "\t\0"u8, conversion, TimeFormatOutput.CaseKeep); return true;
                case (byte)'%': Name(ref output, "%\0"u8, conversion, TimeFormatOutput.CaseKeep); return true;
                case (byte)'z': ZoneOffset(ref output, conversion, time); return true;
                default: return ConvertNumber(ref output, letter, conversion, time, year);
            }
        }

        private static bool ConvertNumber(ref TimeFormatOutput output, byte letter, Conversion conversion, BrokenDownTime* time, long year)
        {
            long hour12 = time->Hour > 12 ? time->Hour - 12L : time->Hour == 0 ? 12 : time->Hour; // glibc's rule, also for hours out of range
            switch (letter)
            {
                case (byte)'C': Number(ref output, CalendarMath.FloorDivide(year, 100), 1, conversion); return true;
                case (byte)'d': Number(ref output, time->DayOfMonth, 2, conversion); return true;
                case (byte)'e': SpacePadded(ref output, time->DayOfMonth, 2, conversion); return true;
                case (byte)'H': Number(ref output, time->Hour, 2, conversion); return true;
                case (byte)'I': Number(ref output, hour12, 2, conversion); return true;
                case (byte)'k': SpacePadded(ref output, time->Hour, 2, conversion); return true;
                case (byte)'l': SpacePadded(ref output, hour12, 2, conversion); return true;
                case (byte)'j': Number(ref output, (long)time->DayOfYear + 1, 3, conversion); return true;
                case (byte)'m': Number(ref output, (long)time->Month + 1, 2, conversion); return true;
                case (byte)'M': Number(ref output, time->Minute, 2, conversion); return true;
                case (byte)'S': Number(ref output, time->Second, 2, conversion); return true;
                case (byte)'s': SpacePadded(ref output, CalendarMath.ToUnixSeconds(time), 1, conversion); return true;
                case (byte)'u': Number(ref output, ((long)time->DayOfWeek - 1 + 7) % 7 + 1, 1, conversion); return true;
                case (byte)'w': Number(ref output, time->DayOfWeek, 1, conversion); return true;
                case (byte)'U': Number(ref output, ((long)time->DayOfYear - time->DayOfWeek + 7) / 7, 2, conversion); return true;
                case (byte)'W': Number(ref output, ((long)time->DayOfYear - ((long)time->DayOfWeek - 1 + 7) % 7 + 7) / 7, 2, conversion); return true;
                case (byte)'y': Number(ref output, CalendarMath.FloorModulo(year, 100), 2, conversion); return true;
                case (byte)'Y': Number(ref output, year, 1, conversion); return true;
                case (byte)'G':
                case (byte)'g':
                case (byte)'V': IsoWeekField(ref output, letter, conversion, time, year); return true;
                default: return false;
            }
        }

        // Modifiers glibc refuses, per conversion (E: only c C x X y Y and the modifier-blind
        // ones; O: not a A c D F x X Y).
        private static bool IsRefused(byte letter, byte modifier)
        {
            if (modifier == 0)
                return false;
            switch (letter)
            {
                case (byte)'a': case (byte)'A': case (byte)'D': case (byte)'F':
                    return true;
                case (byte)'c': case (byte)'x': case (byte)'X': case (byte)'Y':
                    return modifier == (byte)'O';
                case (byte)'b': case (byte)'B': case (byte)'h': case (byte)'d': case (byte)'e':
                case (byte)'g': case (byte)'G': case (byte)'H': case (byte)'I': case (byte)'j':
                case (byte)'k': case (byte)'l': case (byte)'m': case (byte)'M': case (byte)'S':
                case (byte)'U': case (byte)'V': case (byte)'w': case (byte)'W':
                    return modifier == (byte)'E';
                default:
                    return false;
            }
        }

        // A name: '^' upper-cases; '#' swaps to the conversion's other case.
        private static void Name(ref TimeFormatOutput output, ReadOnlySpan<byte> terminatedName, Conversion conversion, int swappedCase)
        {
            int caseConversion = conversion.SwapCase ? swappedCase : conversion.Upper ? TimeFormatOutput.CaseUpper : TimeFormatOutput.CaseKeep;
            output.AppendText(TimeNames.WithoutTerminator(terminatedName), conversion.Width, conversion.Pad, caseConversion);
        }

        private static void Number(ref TimeFormatOutput output, long value, int digits, Conversion conversion) =>
            output.AppendNumber(value, digits, conversion.Width, conversion.Pad, alwaysSign: false);

        private static void SpacePadded(ref TimeFormatOutput output, long value, int digits, Conversion conversion)
        {
            if (conversion.Pad == TimeFormatOutput.PadDefault)
                conversion.Pad = TimeFormatOutput.PadSpaces;
            Number(ref output, value, digits, conversion);
        }

        private static void SubFormat(ref TimeFormatOutput output, ReadOnlySpan<byte> terminatedFormat, Conversion conversion, BrokenDownTime* time)
        {
            ReadOnlySpan<byte> format = TimeNames.WithoutTerminator(terminatedFormat);
            var counter = new TimeFormatOutput(null, unchecked((nuint)ulong.MaxValue));
            FormatInto(ref counter, format, time);
            if (!output.AppendPaddingFor(counter.Length, conversion.Width, conversion.Pad))
                return;
            nuint start = output.Length;
            FormatInto(ref output, format, time);
            if (conversion.Upper)
                output.UpperCaseSince(start);
        }

        // %z: +hhmm from tm_gmtoff (seconds dropped); nothing when tm_isdst < 0 (unknown zone).
        // glibc pads the sign and the number each to the width: "%5z" is "    +00000".
        private static void ZoneOffset(ref TimeFormatOutput output, Conversion conversion, BrokenDownTime* time)
        {
            if (time->IsDaylightSaving < 0)
                return;
            long offsetMinutes = time->GmtOffsetSeconds / 60;
            bool west = time->GmtOffsetSeconds < 0;
            ulong minutes = west ? (ulong)(-(offsetMinutes + 1)) + 1 : (ulong)offsetMinutes;
            output.AppendText(west ? "-"u8 : "+"u8, conversion.Width, conversion.Pad, TimeFormatOutput.CaseKeep);
            long hhmm = (long)(minutes / 60 * 100 + minutes % 60);
            output.AppendNumber(hhmm, 4, conversion.Width, conversion.Pad, alwaysSign: false);
        }

        private static ReadOnlySpan<byte> ZoneNameOf(BrokenDownTime* time)
        {
            if (time->ZoneName == null || time->ZoneName[0] == 0)
                return TimeZoneState.StandardName;
            int length = 0;
            while (time->ZoneName[length] != 0 && length < TimeZoneState.ZoneNameLengthMax)
                length++;
            return new ReadOnlySpan<byte>(time->ZoneName, length + 1); // Name drops the last byte
        }

        // ISO 8601 week-based year and week (%G %g %V): weeks start on Monday and week 1 is the
        // one holding the year's first Thursday, so a date in late December may belong to week 1
        // of the next year and one in early January to the last week of the previous year.
        private static void IsoWeekField(ref TimeFormatOutput output, byte letter, Conversion conversion, BrokenDownTime* time, long year)
        {
            long dayOfYear = time->DayOfYear, dayOfWeek = time->DayOfWeek;
            long days = IsoWeekDays(dayOfYear, dayOfWeek);
            if (days < 0)
            {
                year--;
                days = IsoWeekDays(dayOfYear + CalendarMath.DaysInYear(year), dayOfWeek);
            }
            else
            {
                long next = IsoWeekDays(dayOfYear - CalendarMath.DaysInYear(year), dayOfWeek);
                if (next >= 0)
                {
                    year++;
                    days = next;
                }
            }
            if (letter == (byte)'G')
                Number(ref output, year, 1, conversion);
            else if (letter == (byte)'g')
                Number(ref output, CalendarMath.FloorModulo(year, 100), 2, conversion);
            else
                Number(ref output, days / 7 + 1, 2, conversion);
        }

        // Days from the Monday starting week 1 of the ISO year to the given day (negative: the
        // day is in the previous ISO year). 378 is a multiple of 7 that keeps the remainder's
        // operand positive for every valid day of the year.
        private static long IsoWeekDays(long dayOfYear, long dayOfWeek)
        {
            const long Thursday = 4, Monday = 1, MultipleOfSevenAboveAYear = 378;
            return dayOfYear - (dayOfYear - dayOfWeek + Thursday + MultipleOfSevenAboveAYear) % 7 + Thursday - Monday;
        }
    }
}
