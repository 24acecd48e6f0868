// Capacities of the PAL's fixed tables (style rule 3). Each table is allocated once, in unmanaged
// memory or a static array, and never grows: a full table makes the call fail with the errno
// Linux uses for that exhaustion (EMFILE, ENOMEM, EAGAIN), it never panics or allocates more.
namespace OSv.Runtime.Pal
{
    internal static class PalLimits
    {
        // Open file descriptors, including 0, 1 and 2 (the console). CoreLib opens a file per
        // FileStream and one duplicate of each standard stream Console uses.
        public const int FileDescriptorsMax = 256;

        // Directory streams open at once (Directory.Enumerate* holds one per level it walks).
        public const int DirectoryStreamsMax = 64;

        // Files that hold an flock lock at once (FileShare.None / FileShare.Read on open files).
        public const int FileLocksMax = FileDescriptorsMax;

        // LowLevelMonitor_Create handles alive at once. CoreLib makes one per managed thread
        // (its wait info) and a few per blocking primitive that waits (LowLevelLock,
        // LowLevelLifoSemaphore, the thread pool's gate), so this is about threads, plus slack.
        public const int LowLevelMonitorsMax = OSv.Core.Limits.ThreadsMax + 1024;

        // Variables in the PAL's environment (the kernel command line's NAME=VALUE words).
        public const int EnvironmentVariablesMax = 256;

        // Memory mappings (MMap) alive at once; each remembers its page run for MUnmap.
        public const int MappingsMax = 4096;

        // Relations (a false one makes the constant 256, which a byte cannot hold).
        private const byte ConsoleFitsInFileTable = FileDescriptorsMax > 3 ? 0 : 256;
        private const byte EveryDescriptorCanLock = FileLocksMax >= FileDescriptorsMax ? 0 : 256;
    }
}
