// Time for CoreLib, from OSv.Core's clock:
//   GetTimestamp              monotonic nanoseconds (Stopwatch: CoreLib's Unix Stopwatch
//                             frequency is fixed at 1e9, so the unit is the contract).
//   GetLowResolutionTimestamp monotonic milliseconds (Environment.TickCount64; Linux reads
//                             CLOCK_MONOTONIC_COARSE, we read the same clock and divide).
//   GetSystemTimeAsTicks      wall-clock 100 ns ticks since the Unix epoch (DateTime.UtcNow adds
//                             the epoch's ticks itself).
//   GetCpuUtilization         the process's CPU use since the previous call, in percent. The
//                             kernel keeps no per-process CPU time yet, so this reports 0 (idle)
//                             and records the time of the call; the thread pool's hill climbing
//                             then sees an idle machine. Marked as not implemented in the report.
using System.Runtime;
using OSv.Core.Time;

namespace OSv.Runtime.Pal
{
    internal static unsafe class Clocks
    {
        public const long NanosecondsPerTick = 100;

        // Interop.Sys.ProcessCpuInformation.
        internal struct ProcessCpuInformation
        {
            public ulong LastRecordedCurrentTime;
            public ulong LastRecordedKernelTime;
            public ulong LastRecordedUserTime;
        }

        [RuntimeExport("SystemNative_GetTimestamp")]
        internal static long GetTimestamp() => Clock.NowNanoseconds;

        [RuntimeExport("SystemNative_GetLowResolutionTimestamp")]
        internal static long GetLowResolutionTimestamp() => Clock.NowNanoseconds / Clock.NanosecondsPerMillisecond;

        [RuntimeExport("SystemNative_GetSystemTimeAsTicks")]
        internal static long GetSystemTimeAsTicks() => Clock.UnixTimeNanoseconds / NanosecondsPerTick;

        [RuntimeExport("SystemNative_GetCpuUtilization")]
        internal static double GetCpuUtilization(ProcessCpuInformation* previousCpuInfo)
        {
            previousCpuInfo->LastRecordedCurrentTime = (ulong)Clock.NowNanoseconds;
            previousCpuInfo->LastRecordedKernelTime = 0;
            previousCpuInfo->LastRecordedUserTime = 0;
            return 0;
        }
    }
}
