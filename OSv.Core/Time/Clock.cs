// The monotonic clock every timeout and timer is measured against, in nanoseconds since an
// arbitrary origin (boot, on metal). Never goes backwards; not wall-clock time.
namespace OSv.Core.Time
{
    public static partial class Clock
    {
        public const long NanosecondsPerMillisecond = 1_000_000;
        public const long NanosecondsPerSecond = 1_000_000_000;
    }
}
