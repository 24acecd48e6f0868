// sysconf (POSIX.1-2017 XSH sysconf; glibc's _SC_* numbers from <bits/confname.h>). A name this
// system answers returns its value; a name glibc knows but that has no limit or no support here
// returns -1 with errno untouched (POSIX: "indeterminate"); a name outside glibc's range is -1
// with EINVAL. Values are the system's (processors, pages, the C library's own tables) or, for
// limits that only describe the C library's behaviour, what glibc reports on Linux x86-64.
namespace OSv.Libc.Posix
{
    public static class SystemConfiguration
    {
        public const int ArgumentMax = 0, ChildMax = 1, ClockTicks = 2, GroupsMax = 3, OpenMax = 4,
            StreamMax = 5, TimeZoneNameMax = 6, JobControl = 7, SavedIds = 8, Version = 29,
            PageSize = 30, LineMax = 43, IoVectorMax = 60, Threads = 67, GetGroupEntrySizeMax = 69,
            GetPasswordEntrySizeMax = 70, LoginNameMax = 71, TerminalNameMax = 72,
            ThreadKeysMax = 74, ThreadStackMin = 75, ProcessorsConfigured = 83, ProcessorsOnline = 84,
            PhysicalPages = 85, AvailablePhysicalPages = 86, AtExitMax = 87, MonotonicClock = 149,
            HostNameMax = 180, Level1DataCacheLineSize = 190, SignalStackMin = 249, SignalStackSize = 250;

        public const int NameMax = 250; // _SC_SIGSTKSZ: glibc's last name

        public const long PosixVersion = 200809;
        public const long ClockTicksPerSecond = 100;       // times() and clock_t of times
        public const long ArgumentBytesMax = 2 * 1024 * 1024;
        public const long CacheLineBytes = 64;

        /// <summary>True with the value when the name has one; false with value -1 when it is
        /// indeterminate (errno untouched) or unknown (<paramref name="known"/> false: EINVAL).</summary>
        public static bool TryGet(int name, out long value, out bool known)
        {
            known = name >= 0 && name <= NameMax;
            value = Lookup(name);
            return value != -1;
        }

        private static long Lookup(int name)
        {
            switch (name)
            {
                case ArgumentMax: return ArgumentBytesMax;
                case ClockTicks: return ClockTicksPerSecond;
                case GroupsMax: return 65536;
                case OpenMax: return ResourceLimits.FileDescriptorsMax;
                case StreamMax: return 16;
                case TimeZoneNameMax: return 6;
                case JobControl: case SavedIds: return 1;
                case Version: case Threads: case MonotonicClock: return PosixVersion;
                case PageSize: return MachineFacts.PageBytes;
                case LineMax: return 2048;
                case IoVectorMax: return 1024;
                case GetGroupEntrySizeMax: case GetPasswordEntrySizeMax: return 1024;
                case LoginNameMax: return 256;
                case TerminalNameMax: return 32;
                case ThreadKeysMax: return 1024;
                case ThreadStackMin: return 16384;
                case ProcessorsConfigured: case ProcessorsOnline: return OSv.Core.Machine.ProcessorCount;
                case PhysicalPages: return MachineFacts.PhysicalPages;
                case AvailablePhysicalPages: return MachineFacts.AvailablePhysicalPages;
                case AtExitMax: return int.MaxValue;
                case HostNameMax: return SystemName.HostNameMax;
                case Level1DataCacheLineSize: return CacheLineBytes;
                case SignalStackMin: return 2048;
                case SignalStackSize: return 8192;
                default: return -1;
            }
        }
    }
}
