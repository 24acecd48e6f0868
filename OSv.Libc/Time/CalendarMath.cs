// Proleptic Gregorian calendar arithmetic over the whole range of time_t: Unix seconds to a
// broken-down UTC time (gmtime) and back with normalisation of out-of-range fields (timegm,
// mktime). There are no time zones in this C library: local time is UTC (see TimeExports).
//
// Algorithms: "days from civil" and "civil from days" (Howard Hinnant, "chrono-Compatible
// Low-Level Date Algorithms"), here on 64-bit years so that negative and far-future times work.
// Shifting the year to start on 1 March puts the leap day last, so the day of the year is the
// linear (153 * shiftedMonth + 2) / 5 + day - 1; a 400-year era has exactly 146,097 days, and
// floor division by the era (written out for negative operands) makes every formula valid
// before 1970 as after. 719,468 is the day number of 1970-01-01 counted from 0000-03-01.
// 1970-01-01 was a Thursday (weekday 4).
//
// Range: a result whose year does not fit tm_year (an int, counted from 1900) is refused
// (EOVERFLOW in the callers), as glibc refuses it. Pure: no clock, no allocation.
namespace OSv.Libc.Time
{
    public static class CalendarMath
    {
        public const long SecondsPerDay = 86_400;
        private const long DaysPerEra = 146_097;
        private const long YearsPerEra = 400;
        private const long DaysFromYearZeroMarchToEpoch = 719_468;
        private const int EpochDayOfWeek = 4; // Thursday
        private const int MonthsPerYear = 12;

        public static bool IsLeapYear(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

        public static int DaysInYear(long year) => IsLeapYear(year) ? 366 : 365;

        /// <summary>Floor division (C's / truncates toward zero).</summary>
        public static long FloorDivide(long value, long divisor)
        {
            long quotient = value / divisor;
            return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
        }

        /// <summary>The remainder matching <see cref="FloorDivide"/>: always in [0, divisor).</summary>
        public static long FloorModulo(long value, long divisor) => value - FloorDivide(value, divisor) * divisor;

        /// <summary>Days since 1970-01-01 of year/month(1..12)/day(1..31); year is any long whose
        /// days fit (|year| below about 2.5e16).</summary>
        public static long DaysFromCivil(long year, int month, int day)
        {
            long marchYear = month <= 2 ? year - 1 : year;
            long era = FloorDivide(marchYear, YearsPerEra);
            long yearOfEra = marchYear - era * YearsPerEra;                 // 0..399
            int shiftedMonth = month > 2 ? month - 3 : month + 9;           // March = 0
            long dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;        // 0..365
            long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
            return era * DaysPerEra + dayOfEra - DaysFromYearZeroMarchToEpoch;
        }

        /// <summary>The civil date of a day number (days since 1970-01-01).</summary>
        public static void CivilFromDays(long days, out long year, out int month, out int day)
        {
            long shifted = days + DaysFromYearZeroMarchToEpoch;
            long era = FloorDivide(shifted, DaysPerEra);
            long dayOfEra = shifted - era * DaysPerEra;                                      // 0..146096
            long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365; // 0..399
            long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // 0..365
            long shiftedMonth = (5 * dayOfYear + 2) / 153;                                   // 0..11
            day = (int)(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
            month = (int)(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
            year = yearOfEra + era * YearsPerEra + (month <= 2 ? 1 : 0);
        }

        /// <summary>gmtime: fills every field of <paramref name="time"/> (zone fields to UTC) from
        /// Unix seconds; false when the year does not fit tm_year.</summary>
        public static unsafe bool TryToBrokenDown(long unixSeconds, BrokenDownTime* time, byte* zoneName)
        {
            long days = FloorDivide(unixSeconds, SecondsPerDay);
            long secondOfDay = unixSeconds - days * SecondsPerDay;
            CivilFromDays(days, out long year, out int month, out int day);
            long yearSince1900 = year - BrokenDownTime.YearBase;
            if (yearSince1900 < int.MinValue || yearSince1900 > int.MaxValue)
                return false;
            time->Second = (int)(secondOfDay % 60);
            time->Minute = (int)(secondOfDay / 60 % 60);
            time->Hour = (int)(secondOfDay / 3600);
            time->DayOfMonth = day;
            time->Month = month - 1;
            time->YearSince1900 = (int)yearSince1900;
            time->DayOfWeek = (int)FloorModulo(days + EpochDayOfWeek, 7);
            time->DayOfYear = (int)(days - DaysFromCivil(year, 1, 1));
            time->IsDaylightSaving = 0;
            time->GmtOffsetSeconds = 0;
            time->ZoneName = zoneName;
            return true;
        }

        /// <summary>timegm: Unix seconds of the broken-down UTC time, whose fields may lie outside
        /// their ranges (a 13th month is January of the next year, second -1 the previous
        /// minute's last). tm_wday, tm_yday, tm_isdst are ignored, as C says.</summary>
        public static unsafe long ToUnixSeconds(BrokenDownTime* time)
        {
            long month = time->Month;
            long year = (long)time->YearSince1900 + BrokenDownTime.YearBase + FloorDivide(month, MonthsPerYear);
            int monthOfYear = (int)FloorModulo(month, MonthsPerYear) + 1;
            long days = DaysFromCivil(year, monthOfYear, 1) + (long)time->DayOfMonth - 1;
            // Every term fits easily: |days| < 2^40 for int fields, hours and minutes are ints.
            return days * SecondsPerDay + time->Hour * 3600L + time->Minute * 60L + time->Second;
        }
    }
}
