// clock_gettime and friends: the monotonic family never goes backwards, the wall clock agrees
// with the host's, unknown ids are EINVAL, and the sleeps sleep at least as long as asked.
using System.Diagnostics;
using OSv.Libc.Errors;
using OSv.Libc.Tests.Misc;
using Xunit;

namespace OSv.Libc.Tests.Time
{
    public sealed unsafe class ClockTests
    {
        private static delegate* unmanaged<int, long*, int> ClockGetTime =>
            (delegate* unmanaged<int, long*, int>)PosixExports.Address("clock_gettime");

        [Theory]
        [InlineData(1)] // CLOCK_MONOTONIC
        [InlineData(4)] // CLOCK_MONOTONIC_RAW
        [InlineData(6)] // CLOCK_MONOTONIC_COARSE
        [InlineData(7)] // CLOCK_BOOTTIME
        [InlineData(2)] // CLOCK_PROCESS_CPUTIME_ID
        [InlineData(3)] // CLOCK_THREAD_CPUTIME_ID
        public void MonotonicClocks_NeverGoBackwards(int clockId)
        {
            long previous = -1;
            long* timespec = stackalloc long[2];
            for (int i = 0; i < 20_000; i++)
            {
                Assert.Equal(0, ClockGetTime(clockId, timespec));
                Assert.InRange(timespec[1], 0, 999_999_999);
                long now = timespec[0] * 1_000_000_000 + timespec[1];
                Assert.True(now >= previous, "went back from " + previous + " to " + now);
                previous = now;
            }
        }

        [Theory]
        [InlineData(0)]  // CLOCK_REALTIME
        [InlineData(5)]  // CLOCK_REALTIME_COARSE
        [InlineData(11)] // CLOCK_TAI
        public void WallClocks_AgreeWithHostTime(int clockId)
        {
            long* timespec = stackalloc long[2];
            long before = HostLibc.Time(null);
            Assert.Equal(0, ClockGetTime(clockId, timespec));
            long after = HostLibc.Time(null);
            Assert.InRange(timespec[0], before, after);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(10)]
        [InlineData(12)]
        [InlineData(1000)]
        [InlineData(int.MinValue)]
        public void UnknownClock_IsEinval(int clockId)
        {
            long* timespec = stackalloc long[2];
            PosixExports.ClearErrno();
            Assert.Equal(-1, ClockGetTime(clockId, timespec));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
            var getres = (delegate* unmanaged<int, long*, int>)PosixExports.Address("clock_getres");
            PosixExports.ClearErrno();
            Assert.Equal(-1, getres(clockId, timespec));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void ClockGetres_IsOneNanosecond_AndAcceptsNull()
        {
            var getres = (delegate* unmanaged<int, long*, int>)PosixExports.Address("clock_getres");
            long* timespec = stackalloc long[2];
            Assert.Equal(0, getres(1, timespec));
            Assert.Equal(0L, timespec[0]);
            Assert.Equal(1L, timespec[1]);
            Assert.Equal(0, getres(0, null));
        }

        [Fact]
        public void GettimeofdayAndTime_AgreeWithHost()
        {
            var gettimeofday = (delegate* unmanaged<long*, int*, int>)PosixExports.Address("gettimeofday");
            var time = (delegate* unmanaged<long*, long>)PosixExports.Address("time");
            long* timeval = stackalloc long[2];
            int* zone = stackalloc int[2] { 7, 7 };
            long before = HostLibc.Time(null);
            Assert.Equal(0, gettimeofday(timeval, zone));
            long stored;
            long returned = time(&stored);
            long after = HostLibc.Time(null);
            Assert.InRange(timeval[0], before, after);
            Assert.InRange(timeval[1], 0, 999_999);
            Assert.Equal(returned, stored);
            Assert.InRange(returned, before, after);
            Assert.Equal(0, zone[0]);
            Assert.Equal(0, zone[1]);
        }

        [Fact]
        public void Clock_CountsMicrosecondsUpward()
        {
            var clock = (delegate* unmanaged<long>)PosixExports.Address("clock");
            long first = clock();
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 20) { }
            long second = clock();
            Assert.InRange(second - first, 19_000, 10_000_000);
        }

        [Fact]
        public void Nanosleep_SleepsAtLeastTheDuration()
        {
            var nanosleep = (delegate* unmanaged<long*, long*, int>)PosixExports.Address("nanosleep");
            long* request = stackalloc long[2] { 0, 30_000_000 };
            var watch = Stopwatch.StartNew();
            Assert.Equal(0, nanosleep(request, null));
            Assert.True(watch.Elapsed.TotalMilliseconds >= 29, "slept " + watch.Elapsed.TotalMilliseconds + " ms");
        }

        [Theory]
        [InlineData(0L, -1L)]
        [InlineData(0L, 1_000_000_000L)]
        [InlineData(-1L, 0L)]
        public void Nanosleep_BadTimespec_IsEinval(long seconds, long nanoseconds)
        {
            var nanosleep = (delegate* unmanaged<long*, long*, int>)PosixExports.Address("nanosleep");
            long* request = stackalloc long[2] { seconds, nanoseconds };
            PosixExports.ClearErrno();
            Assert.Equal(-1, nanosleep(request, null));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void ClockNanosleep_AbsoluteDeadline_ReturnsAfterIt()
        {
            var clockNanosleep = (delegate* unmanaged<int, int, long*, long*, int>)PosixExports.Address("clock_nanosleep");
            long* now = stackalloc long[2];
            ClockGetTime(1, now);
            long* deadline = stackalloc long[2] { now[0], now[1] + 20_000_000 };
            if (deadline[1] >= 1_000_000_000) { deadline[0]++; deadline[1] -= 1_000_000_000; }
            Assert.Equal(0, clockNanosleep(1, 1, deadline, null));
            long* after = stackalloc long[2];
            ClockGetTime(1, after);
            Assert.True(after[0] > deadline[0] || (after[0] == deadline[0] && after[1] >= deadline[1]));
            Assert.Equal(ErrnoCodes.EINVAL, clockNanosleep(3, 0, deadline, null));
        }
    }
}
