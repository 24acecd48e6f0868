// C's `struct tm` (ISO C 7.27.1, glibc's x86-64 layout with the BSD extensions tm_gmtoff and
// tm_zone): nine ints, four bytes of padding, a long at offset 40 and a char* at offset 48,
// 56 bytes in all. C passes it by pointer; this struct has exactly that layout (sequential, the
// C# default for a struct of primitives) so the exports read and write it in place.
namespace OSv.Libc.Time
{
    public unsafe struct BrokenDownTime
    {
        public const int SizeBytes = 56;

        public int Second;          // tm_sec, 0..60
        public int Minute;          // tm_min, 0..59
        public int Hour;            // tm_hour, 0..23
        public int DayOfMonth;      // tm_mday, 1..31
        public int Month;           // tm_mon, 0..11
        public int YearSince1900;   // tm_year
        public int DayOfWeek;       // tm_wday, 0 = Sunday
        public int DayOfYear;       // tm_yday, 0..365
        public int IsDaylightSaving; // tm_isdst: always 0 here (UTC)
        public long GmtOffsetSeconds; // tm_gmtoff: always 0 here
        public byte* ZoneName;      // tm_zone: "GMT" here

        public const int YearBase = 1900;
    }
}
