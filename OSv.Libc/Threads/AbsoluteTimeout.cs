// Timed waits in C take an absolute `struct timespec` (tv_sec, tv_nsec: two longs on x86-64) on a
// clock: CLOCK_REALTIME by default, CLOCK_MONOTONIC where the caller chose it (condattr_setclock,
// the *clock* variants). Everything here sleeps against OSv.Core's monotonic Clock.NowNanoseconds,
// so the absolute time is turned into "how long from now" on its own clock once, at the start of
// the wait, and added to the monotonic now: a wall-clock step during the wait does not move it
// (glibc's REALTIME waits would follow the step; no program here depends on that).
// CLOCK_REALTIME is Clock.UnixTimeNanoseconds; CLOCK_MONOTONIC is Clock.NowNanoseconds, which is
// what clock_gettime(CLOCK_MONOTONIC) reports (hosted, .NET's Stopwatch reads the same clock).
using OSv.Core.Time;

namespace OSv.Libc.Threads
{
    public static unsafe class AbsoluteTimeout
    {
        public const int ClockRealtime = 0;  // CLOCK_REALTIME
        public const int ClockMonotonic = 1; // CLOCK_MONOTONIC

        public static bool IsSupportedClock(int clockId) => clockId == ClockRealtime || clockId == ClockMonotonic;

        /// <summary>Converts an absolute timespec on <paramref name="clockId"/> to a deadline on
        /// Clock.NowNanoseconds. Returns 0, or EINVAL for a null pointer, tv_nsec outside
        /// [0, 1e9) or an unsupported clock. A time before the epoch is a deadline already past.</summary>
        public static int TryDeadline(int clockId, long* timespec, out long deadlineNanoseconds)
        {
            deadlineNanoseconds = 0;
            if (timespec == null || !IsSupportedClock(clockId))
                return Errors.ErrnoCodes.EINVAL;
            long seconds = timespec[0];
            long nanoseconds = timespec[1];
            if (nanoseconds < 0 || nanoseconds >= Clock.NanosecondsPerSecond)
                return Errors.ErrnoCodes.EINVAL;
            long monotonicNow = Clock.NowNanoseconds;
            long clockNow = clockId == ClockRealtime ? Clock.UnixTimeNanoseconds : monotonicNow;
            long target = ToNanosecondsSaturating(seconds, nanoseconds);
            if (target <= clockNow)
            {
                deadlineNanoseconds = monotonicNow; // already past: one non-blocking attempt
                return 0;
            }
            long remaining = target - clockNow;     // > 0, no overflow: clockNow >= 0 on both clocks
            deadlineNanoseconds = remaining > long.MaxValue - 1 - monotonicNow ? long.MaxValue - 1 : monotonicNow + remaining;
            return 0;
        }

        private static long ToNanosecondsSaturating(long seconds, long nanoseconds)
        {
            if (seconds < 0)
                return -1;
            if (seconds > (long.MaxValue - nanoseconds) / Clock.NanosecondsPerSecond)
                return long.MaxValue;
            return seconds * Clock.NanosecondsPerSecond + nanoseconds;
        }
    }
}
