// The C ("POSIX") locale's names and formats for time (POSIX.1-2017 XBD 7.3.5, LC_TIME of the
// POSIX locale): what strftime, asctime and nl_langinfo print. Every string is a UTF-8 literal
// ending in an explicit NUL, so that nl_langinfo can hand C the address of the literal itself
// (literal data never moves: it lives in the image's read-only data, or the mapped assembly
// hosted). Callers that format text use <see cref="WithoutTerminator"/>.
namespace OSv.Libc.Time
{
    using System;

    public static class TimeNames
    {
        public const int DaysPerWeek = 7;
        public const int MonthsPerYear = 12;

        public static ReadOnlySpan<byte> Unknown => "?\0"u8;
        public static ReadOnlySpan<byte> AnteMeridiem => "AM\0"u8;
        public static ReadOnlySpan<byte> PostMeridiem => "PM\0"u8;
        public static ReadOnlySpan<byte> DateTimeFormat => "%a %b %e %H:%M:%S %Y\0"u8;
        public static ReadOnlySpan<byte> DateFormat => "%m/%d/%y\0"u8;
        public static ReadOnlySpan<byte> TimeFormat => "%H:%M:%S\0"u8;
        public static ReadOnlySpan<byte> TimeFormatAmPm => "%I:%M:%S %p\0"u8;
        public static ReadOnlySpan<byte> DateCommandFormat => "%a %b %e %H:%M:%S %Z %Y\0"u8;

        public static ReadOnlySpan<byte> WithoutTerminator(ReadOnlySpan<byte> terminated) =>
            terminated.Slice(0, terminated.Length - 1);

        /// <summary>"Sun".."Sat" (0 = Sunday), or "?" out of range.</summary>
        public static ReadOnlySpan<byte> AbbreviatedDay(int dayOfWeek)
        {
            switch (dayOfWeek)
            {
                case 0: return "Sun\0"u8;
                case 1: return "Mon\0"u8;
                case 2: return "Tue\0"u8;
                case 3: return "Wed\0"u8;
                case 4: return "Thu\0"u8;
                case 5: return "Fri\0"u8;
                case 6: return "Sat\0"u8;
                default: return Unknown;
            }
        }

        /// <summary>"Sunday".."Saturday", or "?" out of range.</summary>
        public static ReadOnlySpan<byte> Day(int dayOfWeek)
        {
            switch (dayOfWeek)
            {
                case 0: return "Sunday\0"u8;
                case 1: return "Monday\0"u8;
                case 2: return "Tuesday\0"u8;
                case 3: return "Wednesday\0"u8;
                case 4: return "Thursday\0"u8;
                case 5: return "Friday\0"u8;
                case 6: return "Saturday\0"u8;
                default: return Unknown;
            }
        }

        /// <summary>"Jan".."Dec" (0 = January), or "?" out of range.</summary>
        public static ReadOnlySpan<byte> AbbreviatedMonth(int month)
        {
            switch (month)
            {
                case 0: return "Jan\0"u8;
                case 1: return "Feb\0"u8;
                case 2: return "Mar\0"u8;
                case 3: return "Apr\0"u8;
                case 4: return "May\0"u8;
                case 5: return "Jun\0"u8;
                case 6: return "Jul\0"u8;
                case 7: return "Aug\0"u8;
                case 8: return "Sep\0"u8;
                case 9: return "Oct\0"u8;
                case 10: return "Nov\0"u8;
                case 11: return "Dec\0"u8;
                default: return Unknown;
            }
        }

        /// <summary>"January".."December", or "?" out of range.</summary>
        public static ReadOnlySpan<byte> Month(int month)
        {
            switch (month)
            {
                case 0: return "January\0"u8;
                case 1: return "February\0"u8;
                case 2: return "March\0"u8;
                case 3: return "April\0"u8;
                case 4: return "May\0"u8;
                case 5: return "June\0"u8;
                case 6: return "July\0"u8;
                case 7: return "August\0"u8;
                case 8: return "September\0"u8;
                case 9: return "October\0"u8;
                case 10: return "November\0"u8;
                case 11: return "December\0"u8;
                default: return Unknown;
            }
        }
    }
}
