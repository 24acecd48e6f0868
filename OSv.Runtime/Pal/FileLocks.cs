// flock(2) for the PAL's descriptors (SystemNative_FLock): CoreLib takes LOCK_SH or LOCK_EX |
// LOCK_NB on every FileStream it opens to implement FileShare, so two FileStreams on one file in
// one program must see each other's locks, as they do on Linux (flock locks belong to the open
// file description, so they conflict even within one process).
//
// State: each descriptor's mode (none, shared, exclusive) and the inode it locked, in two fixed
// arrays indexed by descriptor (PalLimits.FileLocksMax); a request scans the others for a
// conflict (exclusive conflicts with any holder, shared with an exclusive one). A blocking
// request waits on a condition variable that every unlock broadcasts. One Mutex guards it all.
// Conversion between shared and exclusive is not atomic (nor is it on Linux).
using System.Runtime;
using OSv.Core.Sync;

namespace OSv.Runtime.Pal
{
    internal static class FileLocks
    {
        // Interop.Sys.LockOperations (PAL values).
        public const int LOCK_SH = 1;
        public const int LOCK_EX = 2;
        public const int LOCK_NB = 4;
        public const int LOCK_UN = 8;

        private const int ModeNone = 0, ModeShared = 1, ModeExclusive = 2;

        private static readonly Mutex s_lock = new Mutex();

        // Runs the class constructor now (PalStartup): reading a static field is what triggers it.
        internal static void EnsureInitialized() => System.GC.KeepAlive(s_lock);
        private static readonly CondVar s_released = new CondVar();
        private static readonly int[] s_modeByDescriptor = new int[PalLimits.FileLocksMax];
        private static readonly long[] s_inodeByDescriptor = new long[PalLimits.FileLocksMax];

        [RuntimeExport("SystemNative_FLock")]
        internal static int FLock(nint fd, int operation)
        {
            DescriptorKind kind = FileDescriptorTable.KindOf(fd);
            if (kind != DescriptorKind.File && kind != DescriptorKind.Directory)
                return ThreadErrno.Fail(FileDescriptorTable.IsOpen(fd) ? LinuxErrno.EINVAL : LinuxErrno.EBADF);
            int request = operation & ~LOCK_NB;
            if (request == LOCK_UN)
            {
                ReleaseAll((int)fd, FileDescriptorTable.At(fd).Inode);
                return 0;
            }
            if (request != LOCK_SH && request != LOCK_EX)
                return ThreadErrno.Fail(LinuxErrno.EINVAL);
            int mode = request == LOCK_EX ? ModeExclusive : ModeShared;
            return Acquire((int)fd, FileDescriptorTable.At(fd).Inode, mode, (operation & LOCK_NB) == 0);
        }

        private static int Acquire(int fd, long inode, int mode, bool wait)
        {
            s_lock.Lock();
            try
            {
                while (ConflictsLocked(fd, inode, mode))
                {
                    if (!wait)
                        return ThreadErrno.Fail(LinuxErrno.EAGAIN); // EWOULDBLOCK
                    s_released.Wait(s_lock);
                }
                s_modeByDescriptor[fd] = mode;
                s_inodeByDescriptor[fd] = inode;
                return 0;
            }
            finally
            {
                s_lock.Unlock();
            }
        }

        private static bool ConflictsLocked(int fd, long inode, int mode)
        {
            for (int other = 0; other < s_modeByDescriptor.Length; other++)
            {
                if (other == fd || s_modeByDescriptor[other] == ModeNone || s_inodeByDescriptor[other] != inode)
                    continue;
                if (mode == ModeExclusive || s_modeByDescriptor[other] == ModeExclusive)
                    return true;
            }
            return false;
        }

        // Drops fd's lock (explicit LOCK_UN, or Close) and wakes blocked requests.
        public static void ReleaseAll(int fd, long inode)
        {
            if ((uint)fd >= (uint)s_modeByDescriptor.Length)
                return;
            s_lock.Lock();
            bool held = s_modeByDescriptor[fd] != ModeNone;
            s_modeByDescriptor[fd] = ModeNone;
            s_lock.Unlock();
            if (held)
                s_released.Broadcast();
        }
    }
}
