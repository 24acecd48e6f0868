// The hosted wall clock: the host's, read on every call (it may be stepped by the host).
using System;

namespace OSv.Core.Time
{
    public static partial class Clock
    {
        private const long NanosecondsPerDateTimeTick = 100;

        public static long UnixTimeNanoseconds => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * NanosecondsPerDateTimeTick;

        // Always true hosted: the host's clock stands in for the RTC.
        public static bool IsWallClockFromRtc => true;
    }
}
