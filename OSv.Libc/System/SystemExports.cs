// The process, user and system queries of <unistd.h>, <sys/utsname.h>, <sys/resource.h>,
// <sys/times.h>, <sys/auxv.h>, <sys/random.h>, <pwd.h> and <stdlib.h>'s system() as C exports.
// There is one program and no users: it is process 1 with no parent (getppid 0), running as
// root (every user and group id 0), in its own session and process group; no user database
// exists (getpwnam/getpwuid find nobody: NULL, errno untouched), no shell either (system(NULL)
// says so with 0; system(cmd) is -1 ENOSYS). Errors are errno values as on Linux.
namespace OSv.Libc.Posix
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Errors;

    public static unsafe class SystemExports
    {
        public const int ProcessId = 1;
        public const int RandomNonBlocking = 1, RandomFromRandomPool = 2, RandomInsecure = 4; // GRND_*
        public const long RandomBytesPerCallMax = 0x7FFFF000; // Linux's MAX_RW_COUNT
        public const int EntropyBytesMax = 256;                // getentropy

        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("getpid"u8, (nint)(delegate* unmanaged<int>)&GetProcessId);
            table.Add("getppid"u8, (nint)(delegate* unmanaged<int>)&GetParentProcessId);
            table.Add("gettid"u8, (nint)(delegate* unmanaged<int>)&GetProcessId);
            table.Add("getpgrp"u8, (nint)(delegate* unmanaged<int>)&GetProcessId);
            table.Add("getpgid"u8, (nint)(delegate* unmanaged<int, int>)&GetProcessGroupOf);
            table.Add("getsid"u8, (nint)(delegate* unmanaged<int, int>)&GetProcessGroupOf);
            table.Add("getuid"u8, (nint)(delegate* unmanaged<uint>)&GetRootId);
            table.Add("geteuid"u8, (nint)(delegate* unmanaged<uint>)&GetRootId);
            table.Add("getgid"u8, (nint)(delegate* unmanaged<uint>)&GetRootId);
            table.Add("getegid"u8, (nint)(delegate* unmanaged<uint>)&GetRootId);
            table.Add("getpwuid"u8, (nint)(delegate* unmanaged<uint, void*>)&GetPasswordEntryById);
            table.Add("getpwnam"u8, (nint)(delegate* unmanaged<byte*, void*>)&GetPasswordEntryByName);
            table.Add("uname"u8, (nint)(delegate* unmanaged<byte*, int>)&Uname);
            table.Add("gethostname"u8, (nint)(delegate* unmanaged<byte*, nuint, int>)&GetHostName);
            table.Add("sethostname"u8, (nint)(delegate* unmanaged<byte*, nuint, int>)&SetHostName);
            table.Add("sysconf"u8, (nint)(delegate* unmanaged<int, long>)&SysConf);
            table.Add("__sysconf"u8, (nint)(delegate* unmanaged<int, long>)&SysConf);
            table.Add("getpagesize"u8, (nint)(delegate* unmanaged<int>)&GetPageSize);
            table.Add("get_nprocs"u8, (nint)(delegate* unmanaged<int>)&GetProcessorCount);
            table.Add("get_nprocs_conf"u8, (nint)(delegate* unmanaged<int>)&GetProcessorCount);
            table.Add("get_phys_pages"u8, (nint)(delegate* unmanaged<long>)&GetPhysicalPages);
            table.Add("get_avphys_pages"u8, (nint)(delegate* unmanaged<long>)&GetAvailablePhysicalPages);
            table.Add("getrlimit"u8, (nint)(delegate* unmanaged<int, ulong*, int>)&GetResourceLimit);
            table.Add("getrlimit64"u8, (nint)(delegate* unmanaged<int, ulong*, int>)&GetResourceLimit);
            table.Add("setrlimit"u8, (nint)(delegate* unmanaged<int, ulong*, int>)&SetResourceLimit);
            table.Add("setrlimit64"u8, (nint)(delegate* unmanaged<int, ulong*, int>)&SetResourceLimit);
            table.Add("getrusage"u8, (nint)(delegate* unmanaged<int, long*, int>)&GetResourceUsage);
            table.Add("times"u8, (nint)(delegate* unmanaged<long*, long>)&Times);
            table.Add("system"u8, (nint)(delegate* unmanaged<byte*, int>)&RunShellCommand);
            table.Add("getauxval"u8, (nint)(delegate* unmanaged<ulong, ulong>)&GetAuxiliaryValue);
            table.Add("getrandom"u8, (nint)(delegate* unmanaged<byte*, nuint, uint, long>)&GetRandom);
            table.Add("getentropy"u8, (nint)(delegate* unmanaged<byte*, nuint, int>)&GetEntropy);
            table.Add("__libc_single_threaded"u8, (nint)SingleThreaded.Cell);
        }

        [UnmanagedCallersOnly]
        public static int GetProcessId() => ProcessId;

        [UnmanagedCallersOnly]
        public static int GetParentProcessId() => 0;

        // getpgid/getsid: of 0 (self) or of this process; any other process does not exist.
        [UnmanagedCallersOnly]
        public static int GetProcessGroupOf(int processId) =>
            processId == 0 || processId == ProcessId ? ProcessId : Fail(ErrnoCodes.ESRCH);

        [UnmanagedCallersOnly]
        public static uint GetRootId() => 0;

        [UnmanagedCallersOnly]
        public static void* GetPasswordEntryById(uint userId) => null;

        [UnmanagedCallersOnly]
        public static void* GetPasswordEntryByName(byte* name) => null;

        [UnmanagedCallersOnly]
        public static int Uname(byte* names)
        {
            if (names == null)
                return Fail(ErrnoCodes.EFAULT);
            SystemName.Describe(names);
            return 0;
        }

        [UnmanagedCallersOnly]
        public static int GetHostName(byte* destination, nuint capacity) => Result(SystemName.GetHostName(destination, capacity));

        [UnmanagedCallersOnly]
        public static int SetHostName(byte* name, nuint length) => Result(SystemName.SetHostName(name, length));

        [UnmanagedCallersOnly]
        public static long SysConf(int name) => QueryConfiguration(name);

        /// <summary>sysconf's rules, callable from C#.</summary>
        public static long QueryConfiguration(int name)
        {
            if (SystemConfiguration.TryGet(name, out long value, out bool known))
                return value;
            if (!known)
                Errno.Set(ErrnoCodes.EINVAL);
            return -1;
        }

        [UnmanagedCallersOnly]
        public static int GetPageSize() => MachineFacts.PageBytes;

        [UnmanagedCallersOnly]
        public static int GetProcessorCount() => OSv.Core.Machine.ProcessorCount;

        [UnmanagedCallersOnly]
        public static long GetPhysicalPages() => MachineFacts.PhysicalPages;

        [UnmanagedCallersOnly]
        public static long GetAvailablePhysicalPages() => MachineFacts.AvailablePhysicalPages;

        [UnmanagedCallersOnly]
        public static int GetResourceLimit(int resource, ulong* limit) => Result(ResourceLimits.Get(resource, limit));

        [UnmanagedCallersOnly]
        public static int SetResourceLimit(int resource, ulong* limit) => Result(ResourceLimits.Set(resource, limit));

        [UnmanagedCallersOnly]
        public static int GetResourceUsage(int who, long* usage) => Result(ResourceLimits.Usage(who, usage));

        [UnmanagedCallersOnly]
        public static long Times(long* times) => ResourceLimits.Times(times);

        [UnmanagedCallersOnly]
        public static int RunShellCommand(byte* command) => command == null ? 0 : Fail(ErrnoCodes.ENOSYS);

        [UnmanagedCallersOnly]
        public static ulong GetAuxiliaryValue(ulong type)
        {
            if (AuxiliaryVector.TryGet(type, out ulong value))
                return value;
            Errno.Set(ErrnoCodes.ENOENT);
            return 0;
        }

        [UnmanagedCallersOnly]
        public static long GetRandom(byte* destination, nuint count, uint flags) => FillRandom(destination, count, flags);

        /// <summary>getrandom's rules, callable from C#: bytes written or -1.</summary>
        public static long FillRandom(byte* destination, nuint count, uint flags)
        {
            const uint Known = RandomNonBlocking | RandomFromRandomPool | RandomInsecure;
            if ((flags & ~Known) != 0 || (flags & (RandomFromRandomPool | RandomInsecure)) == (RandomFromRandomPool | RandomInsecure))
                return Fail(ErrnoCodes.EINVAL);
            if (count > (nuint)RandomBytesPerCallMax)
                count = (nuint)RandomBytesPerCallMax;
            if (destination == null && count != 0)
                return Fail(ErrnoCodes.EFAULT);
            MachineFacts.FillRandom(destination, count);
            return (long)count;
        }

        [UnmanagedCallersOnly]
        public static int GetEntropy(byte* destination, nuint count)
        {
            if (count > EntropyBytesMax)
                return Fail(ErrnoCodes.EIO);
            if (destination == null && count != 0)
                return Fail(ErrnoCodes.EFAULT);
            MachineFacts.FillRandom(destination, count);
            return 0;
        }

        private static int Result(int error) => error == 0 ? 0 : Fail(error);

        private static int Fail(int error)
        {
            Errno.Set(error);
            return -1;
        }
    }
}
