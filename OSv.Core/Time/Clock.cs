// The monotonic clock every timeout and timer is measured against, in nanoseconds since an
// arbitrary origin (boot, on metal). Never goes backwards; not wall-clock time.
// The wall clock (Clock.Unix.*.cs): UnixTimeNanoseconds / UnixTimeSeconds since
// 1970-01-01T00:00:00Z (UTC, no leap seconds) — the host's clock hosted, the CMOS RTC read once
// and carried forward by the monotonic clock on metal.
namespace OSv.Core.Time
{
    public static partial class Clock
    {
        public const long NanosecondsPerMillisecond = 1_000_000;
        public const long NanosecondsPerSecond = 1_000_000_000;

        // Whole seconds since the Unix epoch (truncated), e.g. for memcached's absolute expiry.
        public static long UnixTimeSeconds => UnixTimeNanoseconds / NanosecondsPerSecond;
    }
}
