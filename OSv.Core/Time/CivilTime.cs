// Civil (Gregorian, UTC) date and time to Unix seconds, for the wall clock (the CMOS RTC gives
// calendar fields; memcached and everything above want seconds since 1970-01-01T00:00:00Z).
//
// Algorithm: "days from civil" (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms").
// Shifting the year to start on 1 March puts the leap day last, so the day of the year is a
// linear formula of the month, (153 * shiftedMonth + 2) / 5 + day - 1, exact for all twelve
// months; a 400-year era has exactly 146,097 days, and inside it the leap days before year
// yoe (0..399, March-based) number yoe / 4 - yoe / 100. The offset 719,468 is the number of
// days from 0000-03-01 (day 0 of era 0) to 1970-01-01, so that the epoch is day 0.
//
// Inputs are validated before the arithmetic, so a nonsense reading (month 13, 31 April,
// 29 February of a common year, hour 24, second 60) is rejected rather than normalised into some
// other date. Years are bounded to [YearMin, YearMax]: no Unix time before the epoch (nothing
// here has a use for one, and an RTC that says 1950 is wrong), and four digits. Leap seconds do
// not exist in Unix time; an RTC never shows second 60.
//
// Pure: no clock, no allocation; compiled for both targets.
namespace OSv.Core.Time
{
    public static class CivilTime
    {
        public const int YearMin = 1970;
        public const int YearMax = 9999;
        public const int SecondsPerDay = 86_400;

        private const int DaysPerEra = 146_097;
        private const int YearsPerEra = 400;
        private const int DaysFromYearZeroMarchToEpoch = 719_468;

        // Unix seconds for the given UTC date and time, or false when any field is out of range.
        public static bool TryToUnixSeconds(int year, int month, int day, int hour, int minute, int second, out long unixSeconds)
        {
            unixSeconds = 0;
            if (!IsValidDate(year, month, day))
                return false;
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
                return false;
            unixSeconds = DaysFromCivil(year, month, day) * SecondsPerDay + hour * 3600L + minute * 60L + second;
            return true;
        }

        public static bool IsValidDate(int year, int month, int day) =>
            year >= YearMin && year <= YearMax && month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);

        // Gregorian: every fourth year, except centuries not divisible by 400.
        public static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

        // Days in the month (1..12) of the year; 0 for a month out of range.
        public static int DaysInMonth(int year, int month)
        {
            switch (month)
            {
                case 1: case 3: case 5: case 7: case 8: case 10: case 12:
                    return 31;
                case 4: case 6: case 9: case 11:
                    return 30;
                case 2:
                    return IsLeapYear(year) ? 29 : 28;
                default:
                    return 0;
            }
        }

        // Days since 1970-01-01 of a valid date with year >= 0 (the caller validated it).
        public static long DaysFromCivil(int year, int month, int day)
        {
            int marchYear = month <= 2 ? year - 1 : year; // January and February end the previous March-based year
            int era = marchYear / YearsPerEra;            // marchYear >= 0: truncation is floor
            int yearOfEra = marchYear - era * YearsPerEra; // 0..399
            int shiftedMonth = month > 2 ? month - 3 : month + 9; // March = 0 .. February = 11
            int dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1; // 0..365
            int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear; // 0..146096
            return (long)era * DaysPerEra + dayOfEra - DaysFromYearZeroMarchToEpoch;
        }
    }
}
