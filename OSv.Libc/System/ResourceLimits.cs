// getrlimit/setrlimit, getrusage and times (POSIX.1-2017; Linux resource numbers 0..15 and
// glibc's x86-64 structs: rlimit is two unsigned longs, rusage two timevals then fourteen longs,
// 144 bytes, tms four clock_t).
//
// Limits start as a Linux process's defaults where they mean something here (an 8 MiB soft
// stack, no core files, FileDescriptorsMax descriptors) and unlimited otherwise. setrlimit
// stores a new pair when soft <= hard and the hard limit is not raised (raising needs a
// privilege no program has here: EPERM); nothing else enforces them.
// CPU time is not accounted by the kernel: user time is the time since the program started
// (ProgramClock) and system time 0; children never exist.
namespace OSv.Libc.Posix
{
    using OSv.Libc.Errors;

    public static unsafe class ResourceLimits
    {
        public const int ResourceCount = 16;               // RLIM_NLIMITS
        public const ulong Unlimited = ulong.MaxValue;     // RLIM_INFINITY
        public const int FileDescriptorsMax = 1024;        // RLIMIT_NOFILE; must match the descriptor table
        public const int Stack = 3, Core = 4, ProcessCount = 6, OpenFiles = 7, LockedMemory = 8,
            MessageQueueBytes = 12, Nice = 13, RealtimePriority = 14;
        public const int UsageSelf = 0, UsageChildren = -1, UsageThread = 1;
        public const int UsageSizeBytes = 144;

        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();
        private static readonly ulong[] s_soft = NewDefaults(soft: true);
        private static readonly ulong[] s_hard = NewDefaults(soft: false);

        /// <summary>getrlimit: 0 or an errno value.</summary>
        public static int Get(int resource, ulong* limit)
        {
            if (resource < 0 || resource >= ResourceCount)
                return ErrnoCodes.EINVAL;
            if (limit == null)
                return ErrnoCodes.EFAULT;
            s_lock.Lock();
            limit[0] = s_soft[resource];
            limit[1] = s_hard[resource];
            s_lock.Unlock();
            return 0;
        }

        /// <summary>setrlimit: 0 or an errno value.</summary>
        public static int Set(int resource, ulong* limit)
        {
            if (resource < 0 || resource >= ResourceCount)
                return ErrnoCodes.EINVAL;
            if (limit == null)
                return ErrnoCodes.EFAULT;
            ulong soft = limit[0], hard = limit[1];
            if (soft > hard)
                return ErrnoCodes.EINVAL;
            s_lock.Lock();
            bool raisesHard = hard > s_hard[resource];
            if (!raisesHard)
            {
                s_soft[resource] = soft;
                s_hard[resource] = hard;
            }
            s_lock.Unlock();
            return raisesHard ? ErrnoCodes.EPERM : 0;
        }

        /// <summary>getrusage: 0 or an errno value.</summary>
        public static int Usage(int who, long* usage)
        {
            if (who != UsageSelf && who != UsageChildren && who != UsageThread)
                return ErrnoCodes.EINVAL;
            if (usage == null)
                return ErrnoCodes.EFAULT;
            for (int i = 0; i < UsageSizeBytes / sizeof(long); i++)
                usage[i] = 0;
            if (who != UsageChildren)
            {
                long elapsedMicroseconds = OSv.Libc.Time.ProgramClock.ElapsedNanoseconds / 1000;
                usage[0] = elapsedMicroseconds / 1_000_000; // ru_utime.tv_sec
                usage[1] = elapsedMicroseconds % 1_000_000; // ru_utime.tv_usec
            }
            return 0;
        }

        /// <summary>times: fills struct tms (may be null) and returns clock ticks since boot.</summary>
        public static long Times(long* times)
        {
            const long NanosecondsPerTick = 1_000_000_000 / SystemConfiguration.ClockTicksPerSecond;
            if (times != null)
            {
                times[0] = OSv.Libc.Time.ProgramClock.ElapsedNanoseconds / NanosecondsPerTick; // tms_utime
                times[1] = 0; // tms_stime
                times[2] = 0; // tms_cutime
                times[3] = 0; // tms_cstime
            }
            return OSv.Core.Time.Clock.NowNanoseconds / NanosecondsPerTick;
        }

        private static ulong[] NewDefaults(bool soft)
        {
            ulong[] limits = new ulong[ResourceCount];
            for (int i = 0; i < ResourceCount; i++)
                limits[i] = Unlimited;
            limits[Stack] = soft ? 8UL << 20 : Unlimited;
            limits[Core] = soft ? 0 : Unlimited;
            limits[ProcessCount] = OSv.Core.Limits.ThreadsMax;
            limits[OpenFiles] = FileDescriptorsMax;
            limits[LockedMemory] = 8UL << 20;
            limits[MessageQueueBytes] = 819200;
            limits[Nice] = 0;
            limits[RealtimePriority] = 0;
            return limits;
        }
    }
}
