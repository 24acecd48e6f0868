// strftime against the host's glibc: every conversion, with every flag, widths and the E/O
// modifiers, over random times (negative and far-future years included) and ISO-week edges;
// fields out of range; literal and malformed sequences; the buffer-size contract.
using System;
using System.Collections.Generic;
using System.Text;
using OSv.Libc.Tests.Misc;
using OSv.Libc.Time;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Libc.Tests.Time
{
    public sealed unsafe class StrftimeTests
    {
        private const string Conversions = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%";
        private static readonly string[] Prefixes =
            { "", "_", "-", "0", "^", "#", "3", "10", "_10", "-10", "010", "^10", "#10", "E", "O", "_3", "03", "^#", "-E", "1" };

        private readonly ITestOutputHelper _output;

        public StrftimeTests(ITestOutputHelper output)
        {
            _output = output;
            HostLibc.UseUtc();
        }

        private static List<string> AllFormats()
        {
            var formats = new List<string>();
            foreach (char conversion in Conversions)
            {
                foreach (string prefix in Prefixes)
                    formats.Add("%" + prefix + conversion);
            }
            formats.Add("%Y-%m-%dT%H:%M:%S%z %Z [%c] {%x %X} %D %F %T %r %R %e|%k|%l|%P");
            formats.Add("plain text");
            formats.Add("x%");
            formats.Add("%");
            formats.Add("%E");
            formats.Add("%5");
            formats.Add("%Q %Eq %Oa %+4Y %E% %O%");
            formats.Add("%_");
            return formats;
        }

        [Fact]
        public void EveryConversionAndFlag_RandomTimes_MatchGlibc()
        {
            int seed = Environment.TickCount;
            _output.WriteLine("seed " + seed);
            var random = new Random(seed);
            List<string> formats = AllFormats();
            for (int sample = 0; sample < 120; sample++)
            {
                long time = random.NextInt64(-160_000_000_000L, 320_000_000_000L);
                AssertAllFormatsMatch(time, formats);
            }
        }

        [Fact]
        public void IsoWeekBoundaries_MatchGlibc()
        {
            var formats = new List<string> { "%G-W%V-%u %g %U %W %j %a" };
            for (int year = 1995; year <= 2030; year++)
            {
                long newYear = CalendarMath.DaysFromCivil(year, 1, 1) * 86_400;
                for (int day = -7; day <= 7; day++)
                    AssertAllFormatsMatch(newYear + day * 86_400L + 43_200, formats);
            }
            foreach (long year in new long[] { -401, -400, -101, -100, -1, 0, 1, 99, 100, 1600, 1900 })
            {
                long newYear = CalendarMath.DaysFromCivil(year, 1, 1) * 86_400;
                for (int day = -4; day <= 4; day++)
                    AssertAllFormatsMatch(newYear + day * 86_400L, AllFormats());
            }
        }

        [Fact]
        public void FieldsOutOfRange_MatchGlibc()
        {
            var random = new Random(8);
            List<string> formats = AllFormats();
            for (int sample = 0; sample < 40; sample++)
            {
                BrokenDownTime time = default;
                time.Second = random.Next(-100, 100);
                time.Minute = random.Next(-100, 100);
                time.Hour = random.Next(-30, 30);
                time.DayOfMonth = random.Next(-40, 40);
                time.Month = random.Next(-14, 14);
                time.YearSince1900 = random.Next(-5000, 5000);
                time.DayOfWeek = random.Next(-9, 9);
                time.DayOfYear = random.Next(-400, 400);
                time.GmtOffsetSeconds = random.Next(-50_000, 50_000);
                time.ZoneName = TimeZoneState.StandardNamePointer;
                foreach (string format in formats)
                {
                    if (format.Contains('s'))
                        continue; // %s is mktime, which glibc computes with its own overflow rules for such fields
                    AssertSame(&time, format);
                }
            }
        }

        [Fact]
        public void ZoneOffset_WithWidthsAndFlags_MatchesGlibc()
        {
            foreach (long offset in new long[] { 0, -19_800, 19_859, 3_600, -43_200, 50_400 })
            {
                BrokenDownTime time = default;
                time.YearSince1900 = 124;
                time.DayOfMonth = 1;
                time.GmtOffsetSeconds = offset;
                time.ZoneName = TimeZoneState.StandardNamePointer;
                foreach (string format in new[] { "%z", "%5z", "%7z", "%_z", "%-z", "%_7z", "%07z", "%1z", "%Ez", "%^z" })
                    AssertSame(&time, format);
            }
        }

        [Fact]
        public void UnknownZoneState_PrintsNoOffset()
        {
            BrokenDownTime time = default;
            time.IsDaylightSaving = -1;
            time.ZoneName = TimeZoneState.StandardNamePointer;
            AssertSame(&time, "[%z]");
            Assert.Equal("[]", Ours(&time, "[%z]", 64, out _));
        }

        [Fact]
        public void NullZoneName_PrintsTzname()
        {
            BrokenDownTime time = default;
            Assert.Equal("GMT", Ours(&time, "%Z", 64, out _));
        }

        [Fact]
        public void ResultAndNulExactlyFit_ReturnsLength()
        {
            BrokenDownTime time = default;
            Assert.Equal("abcde", Ours(&time, "abcde", 6, out nuint length));
            Assert.Equal((nuint)5, length);
        }

        [Fact]
        public void NoRoomForNul_ReturnsZero()
        {
            BrokenDownTime time = default;
            Ours(&time, "abcde", 5, out nuint length);
            Assert.Equal((nuint)0, length);
            Ours(&time, "%Y", 0, out length);
            Assert.Equal((nuint)0, length);
        }

        [Fact]
        public void HugeWidth_ReturnsZeroWithoutWritingPastTheBuffer()
        {
            BrokenDownTime time = default;
            byte* buffer = stackalloc byte[80];
            new Span<byte>(buffer, 80).Fill(0xAA);
            byte* format = PosixExports.CString("%2147483647Y");
            nuint length = TimeExports.FormatTime(buffer, 64, format, &time);
            PosixExports.Free(format);
            Assert.Equal((nuint)0, length);
            for (int i = 64; i < 80; i++)
                Assert.Equal(0xAA, buffer[i]);
        }

        [Fact]
        public void Export_IsTheFormatter()
        {
            long epoch = 86_400 * 365;
            BrokenDownTime time;
            CalendarMath.TryToBrokenDown(epoch, &time, TimeZoneState.StandardNamePointer);
            byte* buffer = stackalloc byte[64];
            byte* format = PosixExports.CString("%F %T");
            var strftime = (delegate* unmanaged<byte*, nuint, byte*, BrokenDownTime*, nuint>)PosixExports.Address("strftime");
            nuint length = strftime(buffer, 64, format, &time);
            PosixExports.Free(format);
            Assert.Equal("1971-01-01 00:00:00", Encoding.ASCII.GetString(buffer, (int)length));
        }

        private void AssertAllFormatsMatch(long unixSeconds, List<string> formats)
        {
            BrokenDownTime time;
            Assert.True(HostLibc.GmTimeReentrant(&unixSeconds, &time) != null);
            foreach (string format in formats)
                AssertSame(&time, format);
        }

        private static void AssertSame(BrokenDownTime* time, string format)
        {
            BrokenDownTime copy = *time;
            string expected = Host(&copy, format, out nuint expectedLength);
            copy = *time;
            string actual = Ours(&copy, format, 512, out nuint actualLength);
            if (expected != actual || expectedLength != actualLength)
                Assert.Fail($"format \"{format}\" year {time->YearSince1900 + 1900}: glibc \"{expected}\" ({expectedLength}), ours \"{actual}\" ({actualLength})");
        }

        private static string Host(BrokenDownTime* time, string format, out nuint length)
        {
            byte* buffer = stackalloc byte[512];
            byte* formatText = PosixExports.CString(format);
            length = HostLibc.StrFTime(buffer, 512, formatText, time);
            PosixExports.Free(formatText);
            return Encoding.ASCII.GetString(buffer, (int)length);
        }

        private static string Ours(BrokenDownTime* time, string format, int capacity, out nuint length)
        {
            byte* buffer = stackalloc byte[capacity + 1];
            byte* formatText = PosixExports.CString(format);
            length = TimeExports.FormatTime(buffer, (nuint)capacity, formatText, time);
            PosixExports.Free(formatText);
            return Encoding.ASCII.GetString(buffer, (int)length);
        }
    }
}
