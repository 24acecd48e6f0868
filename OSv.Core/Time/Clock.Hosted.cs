using System.Diagnostics;

namespace OSv.Core.Time
{
    public static partial class Clock
    {
        private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

        public static long NowNanoseconds => (long)(Stopwatch.GetTimestamp() * NanosecondsPerTick);
    }
}
