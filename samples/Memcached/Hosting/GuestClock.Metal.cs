// TEMPORARY wall clock of the image, until OSv.Core.Time.Clock.UnixTimeSeconds (read from the
// RTC) lands: boot is taken to happen at a fixed Unix time and time runs with the monotonic
// clock. Relative expiry (exptime <= 30 days, what clients use) is exact; absolute exptimes and
// the "time" stat are off by the guest's real boot time. Re-point UnixSeconds at the real clock
// here, in this one class.
using Memcached.Server;
using OSv.Core.Time;

namespace Memcached.Hosting
{
    internal sealed class GuestClock : IUnixClock
    {
        // 2026-11-26 00:00:00 UTC: only "some time after the code was written".
        private const long BootUnixSecondsAssumed = 1_795_651_200;

        public long UnixSeconds => BootUnixSecondsAssumed + Clock.NowNanoseconds / Clock.NanosecondsPerSecond;
    }
}
