// The clocks behind clock_gettime (POSIX.1-2017 clock_getres; Linux clock ids from
// <linux/time.h>). The wall clock is OSv.Core's Clock.UnixTimeNanoseconds; the monotonic
// family is Clock.NowNanoseconds (never goes backwards). There is no CPU-time accounting in the
// kernel, so the CPU-time clocks (process, thread, clock(), times(), getrusage) report time
// since the program started, a monotonic upper bound of the CPU time a single-CPU program used.
// The start is marked by ProgramEnvironment.Initialize at program start, or on first use.
//
// Coarse clocks read the precise clock (finer than Linux's jiffy, never coarser), TAI has
// Linux's default offset 0 from UTC, the alarm clocks read as their base clocks. Any other id,
// including the negative ids of per-process and per-thread CPU clocks, is EINVAL.
namespace OSv.Libc.Time
{
    using System.Threading;
    using OSv.Core.Time;

    public static class ProgramClock
    {
        public const int Realtime = 0, Monotonic = 1, ProcessCpuTime = 2, ThreadCpuTime = 3,
            MonotonicRaw = 4, RealtimeCoarse = 5, MonotonicCoarse = 6, BootTime = 7,
            RealtimeAlarm = 8, BootTimeAlarm = 9, Tai = 11;

        public const long ResolutionNanoseconds = 1;

        private static long s_startNanoseconds; // 0: not marked yet

        /// <summary>Marks the program's start for the CPU-time clocks (idempotent).</summary>
        public static void MarkStart()
        {
            long now = Clock.NowNanoseconds;
            // Relaxed is enough: any thread reading 0 marks its own start and one CAS wins.
            Interlocked.CompareExchange(ref s_startNanoseconds, now == 0 ? 1 : now, 0);
        }

        public static long ElapsedNanoseconds
        {
            get
            {
                if (Volatile.Read(ref s_startNanoseconds) == 0) // acquire: pairs with MarkStart's CAS
                    MarkStart();
                long elapsed = Clock.NowNanoseconds - Volatile.Read(ref s_startNanoseconds);
                return elapsed < 0 ? 0 : elapsed;
            }
        }

        /// <summary>The clock's reading in nanoseconds; false for an unknown clock id.</summary>
        public static bool TryRead(int clockId, out long nanoseconds)
        {
            switch (clockId)
            {
                case Realtime: case RealtimeCoarse: case RealtimeAlarm: case Tai:
                    nanoseconds = Clock.UnixTimeNanoseconds;
                    return true;
                case Monotonic: case MonotonicRaw: case MonotonicCoarse: case BootTime: case BootTimeAlarm:
                    nanoseconds = Clock.NowNanoseconds;
                    return true;
                case ProcessCpuTime: case ThreadCpuTime:
                    nanoseconds = ElapsedNanoseconds;
                    return true;
                default:
                    nanoseconds = 0;
                    return false;
            }
        }

        public static bool IsKnown(int clockId) => TryRead(clockId, out _);
    }
}
