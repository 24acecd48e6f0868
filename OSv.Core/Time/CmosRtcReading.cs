// One raw reading of the MC146818 CMOS real-time clock's registers, and its decoding into Unix
// seconds. Pure (no port I/O, compiled for both targets) so the decoding is tested hosted;
// RealTimeClock.Metal.cs fills it from the ports.
//
// Source: the Motorola MC146818A data sheet (register map, "Register B" DM and 24/12 bits,
// "Register D" VRT bit) and OSDev's "CMOS" page for the PC conventions (century at 0x32, as in
// the ACPI FADT's CENTURY field default and QEMU's mc146818rtc).
//   - Register B bit 2 (DM): 1 = binary, 0 = BCD. It applies to every time and date register,
//     the century register included (QEMU writes the century through the same conversion).
//   - Register B bit 1 (24/12): 1 = 24-hour. In 12-hour mode the hour is 1..12 with bit 7 set
//     for PM; 12 AM is midnight (hour 0) and 12 PM noon (hour 12).
//   - Register D bit 7 (VRT): 0 = the battery failed and the time is meaningless.
// Decoding rejects what no working RTC shows (a BCD nibble above 9, hour 0 in 12-hour mode, the
// PM bit in 24-hour mode, 31 April); CivilTime rejects out-of-range dates. A century register
// outside [CenturyMin, CenturyMax] (0 or 0xFF where a machine has none) means "20xx".
namespace OSv.Core.Time
{
    public struct CmosRtcReading
    {
        public const byte StatusBBinary = 0x04;
        public const byte StatusB24Hour = 0x02;
        public const byte HourPm = 0x80;
        public const byte StatusDValidTime = 0x80;
        public const int CenturyMin = 19;
        public const int CenturyMax = 99;
        public const int CenturyAssumed = 20;

        public byte Seconds;
        public byte Minutes;
        public byte Hours;
        public byte DayOfMonth;
        public byte Month;
        public byte Year;    // two digits
        public byte Century; // register 0x32
        public byte StatusB;
        public byte StatusD;

        // Two readings agree in every register: no update happened between them.
        public readonly bool SameAs(in CmosRtcReading other) =>
            Seconds == other.Seconds && Minutes == other.Minutes && Hours == other.Hours &&
            DayOfMonth == other.DayOfMonth && Month == other.Month && Year == other.Year &&
            Century == other.Century && StatusB == other.StatusB && StatusD == other.StatusD;

        // The reading as Unix seconds, or false when it is not a valid time.
        public readonly bool TryToUnixSeconds(out long unixSeconds)
        {
            unixSeconds = 0;
            if ((StatusD & StatusDValidTime) == 0)
                return false;
            bool binary = (StatusB & StatusBBinary) != 0;
            if (!TryDecode(Seconds, binary, out int second) || !TryDecode(Minutes, binary, out int minute) ||
                !TryDecode(DayOfMonth, binary, out int day) || !TryDecode(Month, binary, out int month) ||
                !TryDecode(Year, binary, out int yearOfCentury) || yearOfCentury > 99 ||
                !TryDecodeHour(Hours, binary, (StatusB & StatusB24Hour) != 0, out int hour))
                return false;
            int year = DecodeCentury(Century, binary) * 100 + yearOfCentury;
            return CivilTime.TryToUnixSeconds(year, month, day, hour, minute, second, out unixSeconds);
        }

        // A register's value: as is in binary mode, two decimal digits in BCD mode.
        public static bool TryDecode(byte raw, bool binary, out int value)
        {
            value = raw;
            if (binary)
                return true;
            int tens = raw >> 4;
            int units = raw & 0x0F;
            value = tens * 10 + units;
            return tens <= 9 && units <= 9;
        }

        // The hour 0..23 from either mode; the PM bit is not part of the BCD or binary value.
        public static bool TryDecodeHour(byte raw, bool binary, bool twentyFourHour, out int hour)
        {
            if (twentyFourHour)
                return TryDecode(raw, binary, out hour) && hour <= 23; // the PM bit makes it >= 80
            bool pm = (raw & HourPm) != 0;
            if (!TryDecode((byte)(raw & ~HourPm), binary, out int clockHour) || clockHour < 1 || clockHour > 12)
            {
                hour = 0;
                return false;
            }
            hour = clockHour % 12 + (pm ? 12 : 0); // 12 AM = 0, 12 PM = 12
            return true;
        }

        public static int DecodeCentury(byte raw, bool binary) =>
            TryDecode(raw, binary, out int century) && century >= CenturyMin && century <= CenturyMax ? century : CenturyAssumed;
    }
}
