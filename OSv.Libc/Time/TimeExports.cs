// The time functions of <time.h>, <sys/time.h> and <unistd.h> as C exports (glibc's x86-64 ABI:
// time_t and clock_t are long, struct timespec and struct timeval are two longs, struct tm is
// BrokenDownTime). Local time is UTC (TimeZoneState); errors are errno and a -1/NULL result, as
// Linux gives them, and a NULL where C requires an object is EFAULT (glibc would fault).
//
// Static results: gmtime and localtime share one struct tm (glibc does the same), asctime and
// ctime one string buffer; both are allocated once, by Register.
namespace OSv.Libc.Time
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Errors;

    public static unsafe class TimeExports
    {
        private const long NanosecondsPerSecond = 1_000_000_000;
        private const long NanosecondsPerMicrosecond = 1_000;
        private const long MicrosecondsPerSecond = 1_000_000;
        private const int TimerAbsoluteTime = 1; // TIMER_ABSTIME

        private static BrokenDownTime* s_sharedBrokenDownTime;
        private static byte* s_sharedAscTimeText;

        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            TimeZoneState.Initialize();
            if (s_sharedBrokenDownTime == null)
            {
                s_sharedBrokenDownTime = (BrokenDownTime*)OSv.Libc.Memory.CellMemory.AllocateZeroed((nuint)sizeof(BrokenDownTime));
                s_sharedAscTimeText = OSv.Libc.Memory.CellMemory.AllocateZeroed(AscTime.StaticBufferBytes);
            }
            table.Add("clock_gettime"u8, (nint)(delegate* unmanaged<int, long*, int>)&ClockGetTime);
            table.Add("clock_getres"u8, (nint)(delegate* unmanaged<int, long*, int>)&ClockGetResolution);
            table.Add("clock_settime"u8, (nint)(delegate* unmanaged<int, long*, int>)&ClockSetTime);
            table.Add("time"u8, (nint)(delegate* unmanaged<long*, long>)&Time);
            table.Add("gettimeofday"u8, (nint)(delegate* unmanaged<long*, int*, int>)&GetTimeOfDay);
            table.Add("clock"u8, (nint)(delegate* unmanaged<long>)&ClockTicks);
            table.Add("nanosleep"u8, (nint)(delegate* unmanaged<long*, long*, int>)&NanoSleep);
            table.Add("clock_nanosleep"u8, (nint)(delegate* unmanaged<int, int, long*, long*, int>)&ClockNanoSleep);
            table.Add("usleep"u8, (nint)(delegate* unmanaged<uint, int>)&MicroSleep);
            table.Add("sleep"u8, (nint)(delegate* unmanaged<uint, uint>)&Sleep);
            table.Add("gmtime_r"u8, (nint)(delegate* unmanaged<long*, BrokenDownTime*, BrokenDownTime*>)&GmTimeReentrant);
            table.Add("gmtime"u8, (nint)(delegate* unmanaged<long*, BrokenDownTime*>)&GmTime);
            table.Add("localtime_r"u8, (nint)(delegate* unmanaged<long*, BrokenDownTime*, BrokenDownTime*>)&GmTimeReentrant);
            table.Add("localtime"u8, (nint)(delegate* unmanaged<long*, BrokenDownTime*>)&GmTime);
            table.Add("mktime"u8, (nint)(delegate* unmanaged<BrokenDownTime*, long>)&TimeGm);
            table.Add("timegm"u8, (nint)(delegate* unmanaged<BrokenDownTime*, long>)&TimeGm);
            table.Add("timelocal"u8, (nint)(delegate* unmanaged<BrokenDownTime*, long>)&TimeGm);
            table.Add("difftime"u8, (nint)(delegate* unmanaged<long, long, double>)&DiffTime);
            table.Add("strftime"u8, (nint)(delegate* unmanaged<byte*, nuint, byte*, BrokenDownTime*, nuint>)&StrFTime);
            table.Add("strftime_l"u8, (nint)(delegate* unmanaged<byte*, nuint, byte*, BrokenDownTime*, nint, nuint>)&StrFTimeLocale);
            table.Add("asctime"u8, (nint)(delegate* unmanaged<BrokenDownTime*, byte*>)&AscTimeStatic);
            table.Add("asctime_r"u8, (nint)(delegate* unmanaged<BrokenDownTime*, byte*, byte*>)&AscTimeReentrant);
            table.Add("ctime"u8, (nint)(delegate* unmanaged<long*, byte*>)&CTimeStatic);
            table.Add("ctime_r"u8, (nint)(delegate* unmanaged<long*, byte*, byte*>)&CTimeReentrant);
            table.Add("tzset"u8, (nint)(delegate* unmanaged<void>)&TzSet);
            table.Add("tzname"u8, (nint)TimeZoneState.ZoneNames);
            table.Add("__tzname"u8, (nint)TimeZoneState.ZoneNames);
            table.Add("timezone"u8, (nint)TimeZoneState.SecondsWestOfUtc);
            table.Add("__timezone"u8, (nint)TimeZoneState.SecondsWestOfUtc);
            table.Add("daylight"u8, (nint)TimeZoneState.HasDaylightSaving);
            table.Add("__daylight"u8, (nint)TimeZoneState.HasDaylightSaving);
        }

        [UnmanagedCallersOnly]
        public static int ClockGetTime(int clockId, long* timespec)
        {
            if (!ProgramClock.TryRead(clockId, out long nanoseconds))
                return Fail(ErrnoCodes.EINVAL);
            if (timespec == null)
                return Fail(ErrnoCodes.EFAULT);
            StoreTimespec(timespec, nanoseconds);
            return 0;
        }

        [UnmanagedCallersOnly]
        public static int ClockGetResolution(int clockId, long* timespec)
        {
            if (!ProgramClock.IsKnown(clockId))
                return Fail(ErrnoCodes.EINVAL);
            if (timespec != null)
                StoreTimespec(timespec, ProgramClock.ResolutionNanoseconds);
            return 0;
        }

        // Nothing may set the clocks (there is one program and no privilege to have).
        [UnmanagedCallersOnly]
        public static int ClockSetTime(int clockId, long* timespec) =>
            Fail(ProgramClock.IsKnown(clockId) ? ErrnoCodes.EPERM : ErrnoCodes.EINVAL);

        [UnmanagedCallersOnly]
        public static long Time(long* result)
        {
            long seconds = OSv.Core.Time.Clock.UnixTimeNanoseconds / NanosecondsPerSecond;
            if (result != null)
                *result = seconds;
            return seconds;
        }

        // The timezone argument is obsolete; when given it reads as UTC ({0, 0}).
        [UnmanagedCallersOnly]
        public static int GetTimeOfDay(long* timeval, int* timezone)
        {
            long nanoseconds = OSv.Core.Time.Clock.UnixTimeNanoseconds;
            if (timeval != null)
            {
                timeval[0] = CalendarMath.FloorDivide(nanoseconds, NanosecondsPerSecond);
                timeval[1] = CalendarMath.FloorModulo(nanoseconds, NanosecondsPerSecond) / NanosecondsPerMicrosecond;
            }
            if (timezone != null)
            {
                timezone[0] = 0;
                timezone[1] = 0;
            }
            return 0;
        }

        /// <summary>clock(): CLOCKS_PER_SEC is 1,000,000 (XSI), so microseconds.</summary>
        [UnmanagedCallersOnly]
        public static long ClockTicks() => ProgramClock.ElapsedNanoseconds / NanosecondsPerMicrosecond;

        [UnmanagedCallersOnly]
        public static int NanoSleep(long* requested, long* remaining)
        {
            int error = SleepFor(requested, relativeToClock: -1);
            return error == 0 ? 0 : Fail(error);
        }

        // Returns the error number itself (POSIX), not -1.
        [UnmanagedCallersOnly]
        public static int ClockNanoSleep(int clockId, int flags, long* requested, long* remaining)
        {
            if (clockId == ProgramClock.ThreadCpuTime || !ProgramClock.IsKnown(clockId))
                return ErrnoCodes.EINVAL;
            return SleepFor(requested, (flags & TimerAbsoluteTime) != 0 ? clockId : -1);
        }

        [UnmanagedCallersOnly]
        public static int MicroSleep(uint microseconds)
        {
            OSv.Core.Sched.Thread.Sleep(microseconds * NanosecondsPerMicrosecond);
            return 0;
        }

        /// <summary>sleep(): returns the seconds left unslept, always 0 (no signal interrupts).</summary>
        [UnmanagedCallersOnly]
        public static uint Sleep(uint seconds)
        {
            OSv.Core.Sched.Thread.Sleep(seconds * NanosecondsPerSecond);
            return 0;
        }

        [UnmanagedCallersOnly]
        public static BrokenDownTime* GmTimeReentrant(long* time, BrokenDownTime* result) => ToBrokenDown(time, result);

        [UnmanagedCallersOnly]
        public static BrokenDownTime* GmTime(long* time) => ToBrokenDown(time, s_sharedBrokenDownTime);

        [UnmanagedCallersOnly]
        public static long TimeGm(BrokenDownTime* time) => Normalize(time);

        [UnmanagedCallersOnly]
        public static double DiffTime(long end, long start)
        {
            long difference = end - start;
            bool overflowed = ((end ^ start) & (end ^ difference)) < 0;
            return overflowed ? (double)end - (double)start : (double)difference;
        }

        [UnmanagedCallersOnly]
        public static nuint StrFTime(byte* destination, nuint capacity, byte* format, BrokenDownTime* time) =>
            FormatTime(destination, capacity, format, time);

        [UnmanagedCallersOnly]
        public static nuint StrFTimeLocale(byte* destination, nuint capacity, byte* format, BrokenDownTime* time, nint locale) =>
            FormatTime(destination, capacity, format, time);

        [UnmanagedCallersOnly]
        public static byte* AscTimeStatic(BrokenDownTime* time) => FormatAscTime(time, s_sharedAscTimeText, AscTime.StaticBufferBytes);

        [UnmanagedCallersOnly]
        public static byte* AscTimeReentrant(BrokenDownTime* time, byte* buffer) =>
            buffer == null ? FailNull(ErrnoCodes.EFAULT) : FormatAscTime(time, buffer, AscTime.CallerBufferBytes);

        [UnmanagedCallersOnly]
        public static byte* CTimeStatic(long* time) => FormatCTime(time, s_sharedAscTimeText, AscTime.StaticBufferBytes);

        [UnmanagedCallersOnly]
        public static byte* CTimeReentrant(long* time, byte* buffer) =>
            buffer == null ? FailNull(ErrnoCodes.EFAULT) : FormatCTime(time, buffer, AscTime.CallerBufferBytes);

        [UnmanagedCallersOnly]
        public static void TzSet() { }

        // ---- shared by the exports (callable from C# tests) ----

        public static BrokenDownTime* ToBrokenDown(long* time, BrokenDownTime* result)
        {
            if (time == null || result == null)
                return FailNullTime(ErrnoCodes.EFAULT);
            if (!CalendarMath.TryToBrokenDown(*time, result, TimeZoneState.StandardNamePointer))
                return FailNullTime(ErrnoCodes.EOVERFLOW);
            return result;
        }

        /// <summary>mktime/timegm: normalises the fields in place and returns the time, or -1
        /// (EOVERFLOW, fields untouched) when the result's year does not fit tm_year.</summary>
        public static long Normalize(BrokenDownTime* time)
        {
            if (time == null)
                return Fail(ErrnoCodes.EFAULT);
            long seconds = CalendarMath.ToUnixSeconds(time);
            BrokenDownTime normalized;
            if (!CalendarMath.TryToBrokenDown(seconds, &normalized, TimeZoneState.StandardNamePointer))
                return Fail(ErrnoCodes.EOVERFLOW);
            *time = normalized;
            return seconds;
        }

        public static nuint FormatTime(byte* destination, nuint capacity, byte* format, BrokenDownTime* time)
        {
            if (format == null || time == null || (destination == null && capacity != 0))
                return 0;
            return TimeFormatter.Format(destination, capacity, new System.ReadOnlySpan<byte>(format, (int)OSv.Libc.String.CStrings.Length(format)), time);
        }

        private static byte* FormatAscTime(BrokenDownTime* time, byte* buffer, int capacity)
        {
            if (time == null)
                return FailNull(ErrnoCodes.EFAULT);
            return AscTime.Format(time, buffer, capacity) < 0 ? null : buffer;
        }

        private static byte* FormatCTime(long* time, byte* buffer, int capacity)
        {
            BrokenDownTime broken;
            if (ToBrokenDown(time, &broken) == null)
                return null;
            return AscTime.Format(&broken, buffer, capacity) < 0 ? null : buffer;
        }

        // Sleeps for the timespec's duration, or until it on clockId when that is not -1.
        private static int SleepFor(long* requested, int relativeToClock)
        {
            if (requested == null)
                return ErrnoCodes.EFAULT;
            long seconds = requested[0], nanoseconds = requested[1];
            if (nanoseconds < 0 || nanoseconds >= NanosecondsPerSecond || (seconds < 0 && relativeToClock < 0))
                return ErrnoCodes.EINVAL;
            long durationNanoseconds = seconds >= long.MaxValue / NanosecondsPerSecond
                ? long.MaxValue
                : seconds * NanosecondsPerSecond + nanoseconds;
            if (relativeToClock >= 0)
            {
                ProgramClock.TryRead(relativeToClock, out long now);
                durationNanoseconds = durationNanoseconds - now;
            }
            if (durationNanoseconds > 0)
                OSv.Core.Sched.Thread.Sleep(durationNanoseconds);
            return 0;
        }

        private static void StoreTimespec(long* timespec, long nanoseconds)
        {
            timespec[0] = CalendarMath.FloorDivide(nanoseconds, NanosecondsPerSecond);
            timespec[1] = CalendarMath.FloorModulo(nanoseconds, NanosecondsPerSecond);
        }

        private static int Fail(int error)
        {
            Errno.Set(error);
            return -1;
        }

        private static byte* FailNull(int error)
        {
            Errno.Set(error);
            return null;
        }

        private static BrokenDownTime* FailNullTime(int error)
        {
            Errno.Set(error);
            return null;
        }
    }
}
