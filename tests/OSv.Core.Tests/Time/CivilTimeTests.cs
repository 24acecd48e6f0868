// CivilTime (CivilTime.cs): known instants, leap-year rules, rejection of nonsense fields, and a
// sweep over every day from 1970 to 2400 against DateTimeOffset.
using System;
using OSv.Core.Time;
using Xunit;

namespace OSv.Core.Tests.Time
{
    public class CivilTimeTests
    {
        private static long Unix(int year, int month, int day, int hour, int minute, int second)
        {
            Assert.True(CivilTime.TryToUnixSeconds(year, month, day, hour, minute, second, out long unixSeconds));
            return unixSeconds;
        }

        private static bool Accepts(int year, int month, int day, int hour, int minute, int second) =>
            CivilTime.TryToUnixSeconds(year, month, day, hour, minute, second, out _);

        [Fact]
        public void Epoch_IsZero() => Assert.Equal(0, Unix(1970, 1, 1, 0, 0, 0));

        [Fact]
        public void LastSecondOfFirstDay_Is86399() => Assert.Equal(86_399, Unix(1970, 1, 1, 23, 59, 59));

        [Fact]
        public void Y2K_Is946684800() => Assert.Equal(946_684_800, Unix(2000, 1, 1, 0, 0, 0));

        [Fact]
        public void LeapDay2000_Is951782400() => Assert.Equal(951_782_400, Unix(2000, 2, 29, 0, 0, 0));

        [Fact]
        public void MarchFirst2000_FollowsLeapDay() => Assert.Equal(951_868_800, Unix(2000, 3, 1, 0, 0, 0));

        [Fact]
        public void Last32BitSecond_Is2147483647() => Assert.Equal(2_147_483_647, Unix(2038, 1, 19, 3, 14, 7));

        [Fact]
        public void FirstSecondPast32Bits_Is2147483648() => Assert.Equal(2_147_483_648, Unix(2038, 1, 19, 3, 14, 8));

        [Fact]
        public void Year2100_IsNotLeap_MarchFirstFollowsFebruary28()
        {
            Assert.Equal(Unix(2100, 2, 28, 0, 0, 0) + CivilTime.SecondsPerDay, Unix(2100, 3, 1, 0, 0, 0));
        }

        [Fact]
        public void LastRepresentableSecond_Is253402300799() => Assert.Equal(253_402_300_799, Unix(9999, 12, 31, 23, 59, 59));

        [Theory]
        [InlineData(2000, true)]
        [InlineData(2024, true)]
        [InlineData(1900, false)]
        [InlineData(2100, false)]
        [InlineData(2023, false)]
        [InlineData(2400, true)]
        public void IsLeapYear_FollowsGregorianRule(int year, bool leap) => Assert.Equal(leap, CivilTime.IsLeapYear(year));

        [Fact]
        public void February29_InCommonYear_IsRejected() => Assert.False(Accepts(2023, 2, 29, 0, 0, 0));

        [Fact]
        public void February29_In2100_IsRejected() => Assert.False(Accepts(2100, 2, 29, 0, 0, 0));

        [Fact]
        public void April31_IsRejected() => Assert.False(Accepts(2024, 4, 31, 0, 0, 0));

        [Theory]
        [InlineData(2024, 0, 1)]
        [InlineData(2024, 13, 1)]
        [InlineData(2024, 1, 0)]
        [InlineData(2024, 1, 32)]
        public void MonthOrDayOutOfRange_IsRejected(int year, int month, int day) => Assert.False(Accepts(year, month, day, 0, 0, 0));

        [Theory]
        [InlineData(24, 0, 0)]
        [InlineData(0, 60, 0)]
        [InlineData(0, 0, 60)]
        [InlineData(-1, 0, 0)]
        [InlineData(0, -1, 0)]
        [InlineData(0, 0, -1)]
        public void TimeOfDayOutOfRange_IsRejected(int hour, int minute, int second) => Assert.False(Accepts(2024, 6, 1, hour, minute, second));

        [Theory]
        [InlineData(1969)]
        [InlineData(10_000)]
        [InlineData(0)]
        public void YearOutOfRange_IsRejected(int year) => Assert.False(Accepts(year, 1, 1, 0, 0, 0));

        [Fact]
        public void RejectedInput_OutputsZero()
        {
            Assert.False(CivilTime.TryToUnixSeconds(2024, 2, 30, 0, 0, 0, out long unixSeconds));
            Assert.Equal(0, unixSeconds);
        }

        [Fact]
        public void EveryDay1970To2400_MatchesDateTimeOffset()
        {
            var day = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var end = new DateTimeOffset(2401, 1, 1, 0, 0, 0, TimeSpan.Zero);
            int mismatches = 0;
            for (int index = 0; day < end; index++, day = day.AddDays(1))
            {
                // A different time of day for each date, covering every hour, minute and second.
                int hour = index % 24, minute = index * 7 % 60, second = index * 13 % 60;
                long expected = day.ToUnixTimeSeconds() + hour * 3600 + minute * 60 + second;
                if (!CivilTime.TryToUnixSeconds(day.Year, day.Month, day.Day, hour, minute, second, out long actual) || actual != expected)
                    mismatches++;
            }
            Assert.Equal(0, mismatches);
        }

        [Fact]
        public void DaysInMonth_MatchesDateTime_ForEveryMonth1970To2400()
        {
            for (int year = CivilTime.YearMin; year <= 2400; year++)
            {
                for (int month = 1; month <= 12; month++)
                    Assert.Equal(DateTime.DaysInMonth(year, month), CivilTime.DaysInMonth(year, month));
            }
        }
    }
}
