// gmtime/localtime, timegm/mktime and asctime/ctime against the host's glibc (run with TZ=UTC,
// the only zone here): random times from before year 0 to far beyond 9999, normalisation of
// random out-of-range fields, and the overflow edges.
using System;
using System.Text;
using OSv.Libc.Tests.Misc;
using OSv.Libc.Time;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Libc.Tests.Time
{
    public sealed unsafe class CalendarTests
    {
        private const long YearOverflowSeconds = 67_767_976_233_316_800; // about where tm_year leaves int
        private readonly ITestOutputHelper _output;

        public CalendarTests(ITestOutputHelper output)
        {
            _output = output;
            HostLibc.UseUtc();
        }

        [Fact]
        public void GmtimeR_RandomTimesIncludingNegativeAndFarFuture_MatchesGlibc()
        {
            int seed = System.Environment.TickCount;
            _output.WriteLine("seed " + seed);
            var random = new Random(seed);
            var gmtime = (delegate* unmanaged<long*, BrokenDownTime*, BrokenDownTime*>)PosixExports.Address("gmtime_r");
            for (int sample = 0; sample < 20_000; sample++)
            {
                long time = sample % 2 == 0
                    ? random.NextInt64(-400_000_000_000L, 400_000_000_000L)
                    : random.NextInt64(-YearOverflowSeconds, YearOverflowSeconds);
                BrokenDownTime expected, actual;
                Assert.True(HostLibc.GmTimeReentrant(&time, &expected) != null);
                Assert.True(gmtime(&time, &actual) == &actual);
                AssertSameFields(&expected, &actual, time);
            }
        }

        [Theory]
        [InlineData(0L)]
        [InlineData(-1L)]
        [InlineData(951_782_400L)]    // 2000-02-29
        [InlineData(-62_135_596_800L)] // 0001-01-01
        [InlineData(-62_167_219_200L)] // 0000-01-01
        [InlineData(253_402_300_799L)] // 9999-12-31T23:59:59
        [InlineData(2_147_483_647L)]
        [InlineData(-2_147_483_648L)]
        public void Localtime_IsUtc_MatchesGlibcGmtime(long time)
        {
            var localtime = (delegate* unmanaged<long*, BrokenDownTime*>)PosixExports.Address("localtime");
            BrokenDownTime expected;
            HostLibc.GmTimeReentrant(&time, &expected);
            BrokenDownTime* actual = localtime(&time);
            AssertSameFields(&expected, actual, time);
            Assert.Equal("GMT", PosixExports.Read(actual->ZoneName));
        }

        [Theory]
        [InlineData(long.MaxValue)]
        [InlineData(long.MinValue)]
        [InlineData(YearOverflowSeconds * 2)]
        public void Gmtime_YearBeyondInt_IsEoverflow(long time)
        {
            var gmtime = (delegate* unmanaged<long*, BrokenDownTime*, BrokenDownTime*>)PosixExports.Address("gmtime_r");
            BrokenDownTime host, ours;
            Assert.True(HostLibc.GmTimeReentrant(&time, &host) == null);
            PosixExports.ClearErrno();
            Assert.True(gmtime(&time, &ours) == null);
            Assert.Equal(OSv.Libc.Errors.ErrnoCodes.EOVERFLOW, PosixExports.Errno);
        }

        [Fact]
        public void TimegmAndMktime_RandomFieldsOutOfRange_NormalizeLikeGlibc()
        {
            int seed = System.Environment.TickCount;
            _output.WriteLine("seed " + seed);
            var random = new Random(seed);
            var timegm = (delegate* unmanaged<BrokenDownTime*, long>)PosixExports.Address("timegm");
            var mktime = (delegate* unmanaged<BrokenDownTime*, long>)PosixExports.Address("mktime");
            for (int sample = 0; sample < 20_000; sample++)
            {
                BrokenDownTime fields = RandomFields(random);
                BrokenDownTime expected = fields, actual = fields, actualMktime = fields;
                long expectedTime = sample % 2 == 0 ? HostLibc.TimeGm(&expected) : HostLibc.MkTime(&expected);
                long actualTime = timegm(&actual);
                Assert.Equal(expectedTime, actualTime);
                Assert.Equal(actualTime, mktime(&actualMktime));
                if (expectedTime != -1)
                    AssertSameFields(&expected, &actual, expectedTime);
            }
        }

        [Fact]
        public void Timegm_RoundTripsGmtime()
        {
            var random = new Random(12);
            for (int sample = 0; sample < 20_000; sample++)
            {
                long time = random.NextInt64(-YearOverflowSeconds / 2, YearOverflowSeconds / 2);
                BrokenDownTime fields;
                Assert.True(TimeExports.ToBrokenDown(&time, &fields) != null);
                Assert.Equal(time, TimeExports.Normalize(&fields));
            }
        }

        [Fact]
        public void Timegm_YearBeyondInt_IsMinusOneEoverflowFieldsUntouched()
        {
            BrokenDownTime fields = default;
            fields.YearSince1900 = int.MaxValue;
            fields.Month = 12;
            fields.DayOfMonth = 1;
            BrokenDownTime before = fields;
            PosixExports.ClearErrno();
            Assert.Equal(-1L, TimeExports.Normalize(&fields));
            Assert.Equal(OSv.Libc.Errors.ErrnoCodes.EOVERFLOW, PosixExports.Errno);
            Assert.Equal(before.Month, fields.Month);
            Assert.Equal(-1L, HostLibc.TimeGm(&before));
        }

        [Fact]
        public void AsctimeR_RandomTimes_MatchesGlibc()
        {
            var random = new Random(5);
            var asctime = (delegate* unmanaged<BrokenDownTime*, byte*, byte*>)PosixExports.Address("asctime_r");
            byte* expected = stackalloc byte[64];
            byte* actual = stackalloc byte[64];
            for (int sample = 0; sample < 2_000; sample++)
            {
                BrokenDownTime fields = sample % 3 == 0 ? RandomFields(random) : FromTime(random.NextInt64(-70_000_000_000L, 260_000_000_000L));
                fields.DayOfWeek = sample % 7 == 0 ? random.Next(-2, 9) : fields.DayOfWeek;
                byte* hostResult = HostLibc.AscTimeReentrant(&fields, expected);
                byte* ourResult = asctime(&fields, actual);
                Assert.Equal(PosixExports.Read(hostResult), PosixExports.Read(ourResult));
            }
        }

        [Fact]
        public void AsctimeR_FiveDigitYear_IsErange()
        {
            BrokenDownTime fields = FromTime(253_402_300_800L); // 10000-01-01
            byte* buffer = stackalloc byte[64];
            var asctime = (delegate* unmanaged<BrokenDownTime*, byte*, byte*>)PosixExports.Address("asctime_r");
            PosixExports.ClearErrno();
            Assert.True(asctime(&fields, buffer) == null);
            Assert.Equal(OSv.Libc.Errors.ErrnoCodes.ERANGE, PosixExports.Errno);
            Assert.True(HostLibc.AscTimeReentrant(&fields, buffer) == null);
        }

        [Fact]
        public void Asctime_StaticBuffer_HoldsAnyYear()
        {
            BrokenDownTime fields = FromTime(253_402_300_800L);
            var asctime = (delegate* unmanaged<BrokenDownTime*, byte*>)PosixExports.Address("asctime");
            Assert.Equal("Sat Jan  1 00:00:00 10000\n", PosixExports.Read(asctime(&fields)));
        }

        [Fact]
        public void Ctime_IsAsctimeOfLocaltime()
        {
            long time = 1_000_000_000;
            var ctime = (delegate* unmanaged<long*, byte*>)PosixExports.Address("ctime");
            var ctimeR = (delegate* unmanaged<long*, byte*, byte*>)PosixExports.Address("ctime_r");
            byte* buffer = stackalloc byte[26];
            Assert.Equal("Sun Sep  9 01:46:40 2001\n", PosixExports.Read(ctime(&time)));
            Assert.Equal("Sun Sep  9 01:46:40 2001\n", PosixExports.Read(ctimeR(&time, buffer)));
        }

        [Fact]
        public void Difftime_IsExactForLargeOperands()
        {
            var difftime = (delegate* unmanaged<long, long, double>)PosixExports.Address("difftime");
            Assert.Equal(10.0, difftime(20, 10));
            Assert.Equal(-5.0, difftime(-5, 0));
            Assert.Equal((double)long.MaxValue - (double)long.MinValue, difftime(long.MaxValue, long.MinValue));
        }

        [Fact]
        public void TimeZoneData_IsUtc()
        {
            var names = (byte**)PosixExports.Address("tzname");
            Assert.Equal("GMT", PosixExports.Read(names[0]));
            Assert.Equal("GMT", PosixExports.Read(names[1]));
            Assert.Equal(0L, *(long*)PosixExports.Address("timezone"));
            Assert.Equal(0, *(int*)PosixExports.Address("daylight"));
        }

        private static BrokenDownTime FromTime(long time)
        {
            BrokenDownTime fields;
            HostLibc.GmTimeReentrant(&time, &fields);
            return fields;
        }

        private static BrokenDownTime RandomFields(Random random)
        {
            BrokenDownTime fields = default;
            fields.Second = random.Next(-200_000, 200_000);
            fields.Minute = random.Next(-5_000, 5_000);
            fields.Hour = random.Next(-500, 500);
            fields.DayOfMonth = random.Next(-1_000, 1_000);
            fields.Month = random.Next(-100, 100);
            fields.YearSince1900 = random.Next(-20_000, 20_000);
            fields.DayOfWeek = random.Next(0, 7);
            fields.DayOfYear = random.Next(0, 366);
            return fields;
        }

        private static void AssertSameFields(BrokenDownTime* expected, BrokenDownTime* actual, long time)
        {
            string context = " at " + time;
            Assert.True(expected->Second == actual->Second, "tm_sec" + context);
            Assert.True(expected->Minute == actual->Minute, "tm_min" + context);
            Assert.True(expected->Hour == actual->Hour, "tm_hour" + context);
            Assert.True(expected->DayOfMonth == actual->DayOfMonth, "tm_mday" + context);
            Assert.True(expected->Month == actual->Month, "tm_mon" + context);
            Assert.True(expected->YearSince1900 == actual->YearSince1900, "tm_year" + context);
            Assert.True(expected->DayOfWeek == actual->DayOfWeek, "tm_wday" + context);
            Assert.True(expected->DayOfYear == actual->DayOfYear, "tm_yday" + context);
            Assert.True(expected->IsDaylightSaving == actual->IsDaylightSaving, "tm_isdst" + context);
            Assert.True(expected->GmtOffsetSeconds == actual->GmtOffsetSeconds, "tm_gmtoff" + context);
        }
    }
}
