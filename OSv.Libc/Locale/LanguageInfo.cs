// nl_langinfo (POSIX.1-2017 <langinfo.h>) for the C locale. Item numbers are glibc's:
// _NL_ITEM(category, index) = (category << 16) | index, with LC_CTYPE 0, LC_NUMERIC 1, LC_TIME 2,
// LC_MONETARY 4, LC_MESSAGES 5; the LC_TIME indexes run ABDAY_1..7 (0), DAY_1..7 (7),
// ABMON_1..12 (14), MON_1..12 (26), AM_STR (38), PM_STR, D_T_FMT, D_FMT, T_FMT, T_FMT_AMPM,
// ERA (44) .. ERA_T_FMT (49), and glibc's _DATE_FMT is index 108. The values are glibc's C
// locale's (the tests compare every item listed here with the host's nl_langinfo_l in "C").
namespace OSv.Libc.Locale
{
    using System;
    using OSv.Libc.Time;

    public static class LanguageInfo
    {
        public const int Codeset = 14;
        public const int RadixCharacter = 0x10000, ThousandsSeparator = 0x10001;
        public const int TimeBase = 0x20000;
        public const int AbbreviatedDayFirst = TimeBase + 0, DayFirst = TimeBase + 7;
        public const int AbbreviatedMonthFirst = TimeBase + 14, MonthFirst = TimeBase + 26;
        public const int AnteMeridiem = TimeBase + 38, PostMeridiem = TimeBase + 39;
        public const int DateTimeFormat = TimeBase + 40, DateFormat = TimeBase + 41;
        public const int TimeFormat = TimeBase + 42, TimeFormatAmPm = TimeBase + 43;
        public const int EraFirst = TimeBase + 44, EraLast = TimeBase + 49;
        public const int DateCommandFormat = TimeBase + 108;
        public const int CurrencySymbol = 0x4000F;
        public const int YesExpression = 0x50000, NoExpression = 0x50001, YesString = 0x50002, NoString = 0x50003;

        /// <summary>The item's NUL-terminated C-locale value; "" for an unknown item.</summary>
        public static ReadOnlySpan<byte> Lookup(int item)
        {
            if (item >= AbbreviatedDayFirst && item < AbbreviatedDayFirst + TimeNames.DaysPerWeek)
                return TimeNames.AbbreviatedDay(item - AbbreviatedDayFirst);
            if (item >= DayFirst && item < DayFirst + TimeNames.DaysPerWeek)
                return TimeNames.Day(item - DayFirst);
            if (item >= AbbreviatedMonthFirst && item < AbbreviatedMonthFirst + TimeNames.MonthsPerYear)
                return TimeNames.AbbreviatedMonth(item - AbbreviatedMonthFirst);
            if (item >= MonthFirst && item < MonthFirst + TimeNames.MonthsPerYear)
                return TimeNames.Month(item - MonthFirst);
            switch (item)
            {
                case Codeset: return CLocale.CodesetName;
                case RadixCharacter: return ".\0"u8;
                case AnteMeridiem: return TimeNames.AnteMeridiem;
                case PostMeridiem: return TimeNames.PostMeridiem;
                case DateTimeFormat: return TimeNames.DateTimeFormat;
                case DateFormat: return TimeNames.DateFormat;
                case TimeFormat: return TimeNames.TimeFormat;
                case TimeFormatAmPm: return TimeNames.TimeFormatAmPm;
                case DateCommandFormat: return TimeNames.DateCommandFormat;
                case CurrencySymbol: return "-\0"u8;
                case YesExpression: return "^[yY]\0"u8;
                case NoExpression: return "^[nN]\0"u8;
                default: return "\0"u8; // THOUSEP, ERA*, YESSTR, NOSTR and unknown items
            }
        }
    }
}
