// Decoding of raw CMOS RTC registers (CmosRtcReading.cs): BCD and binary, 12- and 24-hour, the
// century register, and the readings a working RTC never gives.
using OSv.Core.Time;
using Xunit;

namespace OSv.Core.Tests.Time
{
    public class CmosRtcReadingTests
    {
        private const byte Bcd24Hour = CmosRtcReading.StatusB24Hour;
        private const byte Binary24Hour = CmosRtcReading.StatusB24Hour | CmosRtcReading.StatusBBinary;
        private const byte Bcd12Hour = 0;
        private const byte Binary12Hour = CmosRtcReading.StatusBBinary;

        // 2026-11-27 01:57:25 UTC.
        private const long SampleUnixSeconds = 1_795_744_645;

        // 2026-11-27 01:57:25 in BCD, 24-hour mode, the century register set: QEMU's default.
        private static readonly CmosRtcReading SampleBcd = new CmosRtcReading
        {
            Seconds = 0x25, Minutes = 0x57, Hours = 0x01, DayOfMonth = 0x27, Month = 0x11, Year = 0x26,
            Century = 0x20, StatusB = Bcd24Hour, StatusD = CmosRtcReading.StatusDValidTime,
        };

        private static long Decode(CmosRtcReading reading)
        {
            Assert.True(reading.TryToUnixSeconds(out long unixSeconds));
            return unixSeconds;
        }

        private static bool Accepts(CmosRtcReading reading) => reading.TryToUnixSeconds(out _);

        [Fact]
        public void Bcd24Hour_DecodesToUnixSeconds() => Assert.Equal(SampleUnixSeconds, Decode(SampleBcd));

        [Fact]
        public void Binary24Hour_DecodesToUnixSeconds()
        {
            var reading = SampleBcd with { Seconds = 25, Minutes = 57, Hours = 1, DayOfMonth = 27, Month = 11, Year = 26, Century = 20, StatusB = Binary24Hour };
            Assert.Equal(SampleUnixSeconds, Decode(reading));
        }

        [Fact]
        public void Bcd12Hour_OneAm_IsHour1() => Assert.Equal(SampleUnixSeconds, Decode(SampleBcd with { Hours = 0x01, StatusB = Bcd12Hour }));

        [Fact]
        public void Bcd12Hour_TwelveAm_IsMidnight() =>
            Assert.Equal(SampleUnixSeconds - 3600, Decode(SampleBcd with { Hours = 0x12, StatusB = Bcd12Hour }));

        [Fact]
        public void Bcd12Hour_TwelvePm_IsNoon() =>
            Assert.Equal(SampleUnixSeconds + 11 * 3600, Decode(SampleBcd with { Hours = 0x12 | CmosRtcReading.HourPm, StatusB = Bcd12Hour }));

        [Fact]
        public void Bcd12Hour_ElevenPm_IsHour23() =>
            Assert.Equal(SampleUnixSeconds + 22 * 3600, Decode(SampleBcd with { Hours = 0x11 | CmosRtcReading.HourPm, StatusB = Bcd12Hour }));

        [Fact]
        public void Binary12Hour_OnePm_IsHour13() =>
            Assert.Equal(SampleUnixSeconds + 12 * 3600, Decode(SampleBcd with { Hours = 1 | CmosRtcReading.HourPm, StatusB = Binary12Hour, Seconds = 25, Minutes = 57, DayOfMonth = 27, Month = 11, Year = 26, Century = 20 }));

        [Fact]
        public void TwelveHourMode_HourZero_IsRejected() => Assert.False(Accepts(SampleBcd with { Hours = 0x00, StatusB = Bcd12Hour }));

        [Fact]
        public void TwelveHourMode_Hour13_IsRejected() => Assert.False(Accepts(SampleBcd with { Hours = 0x13, StatusB = Bcd12Hour }));

        [Fact]
        public void TwentyFourHourMode_PmBit_IsRejected() => Assert.False(Accepts(SampleBcd with { Hours = 0x01 | CmosRtcReading.HourPm }));

        [Fact]
        public void Bcd_NibbleAboveNine_IsRejected() => Assert.False(Accepts(SampleBcd with { Seconds = 0x1A }));

        [Fact]
        public void Bcd_Hour24_IsRejected() => Assert.False(Accepts(SampleBcd with { Hours = 0x24 }));

        [Fact]
        public void Bcd_Month13_IsRejected() => Assert.False(Accepts(SampleBcd with { Month = 0x13 }));

        [Fact]
        public void Bcd_February30_IsRejected() => Assert.False(Accepts(SampleBcd with { Month = 0x02, DayOfMonth = 0x30 }));

        [Fact]
        public void Binary_YearAbove99_IsRejected() => Assert.False(Accepts(SampleBcd with { StatusB = Binary24Hour, Seconds = 25, Minutes = 57, Hours = 1, DayOfMonth = 27, Month = 11, Year = 126, Century = 20 }));

        [Fact]
        public void ValidTimeBitClear_IsRejected() => Assert.False(Accepts(SampleBcd with { StatusD = 0 }));

        [Fact]
        public void MissingChip_AllOnes_IsRejected()
        {
            var reading = new CmosRtcReading
            {
                Seconds = 0xFF, Minutes = 0xFF, Hours = 0xFF, DayOfMonth = 0xFF, Month = 0xFF, Year = 0xFF,
                Century = 0xFF, StatusB = 0xFF, StatusD = 0xFF,
            };
            Assert.False(Accepts(reading));
        }

        [Fact]
        public void CenturyRegisterAllOnes_Assumes20xx() => Assert.Equal(SampleUnixSeconds, Decode(SampleBcd with { Century = 0xFF }));

        [Fact]
        public void CenturyRegisterZero_Assumes20xx() => Assert.Equal(SampleUnixSeconds, Decode(SampleBcd with { Century = 0x00 }));

        [Fact]
        public void Century19_Year99_Is1999() =>
            Assert.Equal(946_684_799, Decode(SampleBcd with { Century = 0x19, Year = 0x99, Month = 0x12, DayOfMonth = 0x31, Hours = 0x23, Minutes = 0x59, Seconds = 0x59 }));

        [Fact]
        public void Century21_GivesYear21xx() =>
            Assert.Equal(4_133_980_800, Decode(SampleBcd with { Century = 0x21, Year = 0x01, Month = 0x01, DayOfMonth = 0x01, Hours = 0, Minutes = 0, Seconds = 0 }));

        [Fact]
        public void Century19_Year69_IsBeforeEpoch_Rejected() => Assert.False(Accepts(SampleBcd with { Century = 0x19, Year = 0x69 }));

        [Fact]
        public void SameAs_IdenticalReadings_IsTrue() => Assert.True(SampleBcd.SameAs(SampleBcd with { }));

        [Fact]
        public void SameAs_SecondsDiffer_IsFalse() => Assert.False(SampleBcd.SameAs(SampleBcd with { Seconds = 0x26 }));

        [Fact]
        public void SameAs_CenturyDiffers_IsFalse() => Assert.False(SampleBcd.SameAs(SampleBcd with { Century = 0x21 }));
    }
}
