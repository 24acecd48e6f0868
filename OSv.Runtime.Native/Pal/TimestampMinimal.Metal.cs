// MINIMAL, for the spine: the monotonic clocks System.Native gives CoreLib, from OSv.Core's clock
// (the TSC, calibrated on first use). GetTimestamp is in nanoseconds, as Stopwatch.Frequency on
// Unix (10^9) expects; GetLowResolutionTimestamp is Environment.TickCount64, in milliseconds.
// The PAL helper owns these exports (same names, same units).
using System.Runtime;
using OSv.Core.Time;

namespace OSv.Runtime.Native.Pal
{
    internal static class TimestampMinimal
    {
        private const long NanosecondsPerMillisecond = 1_000_000;

        [RuntimeExport("SystemNative_GetTimestamp")]
        internal static long GetTimestamp() => Clock.NowNanoseconds;

        [RuntimeExport("SystemNative_GetLowResolutionTimestamp")]
        internal static long GetLowResolutionTimestamp() => Clock.NowNanoseconds / NanosecondsPerMillisecond;
    }
}
