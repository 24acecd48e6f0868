// Clocks: the monotonic timestamp in nanoseconds, the low-resolution one in milliseconds of the
// same clock, and the wall clock in 100 ns ticks since the Unix epoch.
using System;
using System.Diagnostics;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public unsafe class ClockTests
    {
        [Fact]
        public void GetTimestamp_NeverGoesBack()
        {
            long previous = Clocks.GetTimestamp();
            for (int i = 0; i < 10_000; i++)
            {
                long now = Clocks.GetTimestamp();
                Assert.True(now >= previous);
                previous = now;
            }
        }

        [Fact]
        public void GetTimestamp_CountsNanoseconds()
        {
            long start = Clocks.GetTimestamp();
            var stopwatch = Stopwatch.StartNew();
            System.Threading.Thread.Sleep(50);
            long elapsedNanoseconds = Clocks.GetTimestamp() - start;
            double stopwatchNanoseconds = stopwatch.Elapsed.TotalMilliseconds * 1e6;
            Assert.InRange(elapsedNanoseconds, 45_000_000L, (long)stopwatchNanoseconds + 5_000_000);
        }

        [Fact]
        public void LowResolutionTimestamp_IsTheSameClockInMilliseconds()
        {
            long before = Clocks.GetTimestamp() / 1_000_000;
            long milliseconds = Clocks.GetLowResolutionTimestamp();
            long after = Clocks.GetTimestamp() / 1_000_000;
            Assert.InRange(milliseconds, before, after);
        }

        [Fact]
        public void SystemTimeAsTicks_IsUnixEpochTicksOfNow()
        {
            long expected = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
            long ticks = Clocks.GetSystemTimeAsTicks();
            Assert.InRange(ticks, expected - TimeSpan.TicksPerSecond, expected + TimeSpan.TicksPerSecond);
        }

        [Fact]
        public void CpuUtilization_ReportsIdle_AndRecordsTheTime()
        {
            var info = new Clocks.ProcessCpuInformation();
            Assert.Equal(0.0, Clocks.GetCpuUtilization(&info));
            Assert.NotEqual(0UL, info.LastRecordedCurrentTime);
        }
    }
}
