// Every bound of the file layer, and the Linux x86-64 ABI numbers it speaks (asm-generic/fcntl.h,
// linux/fs.h, bits/stat.h). One place, so relations between them are checked in one test.
namespace OSv.Libc.Files
{
    public static class FileLimits
    {
        /// <summary>Open descriptors at once (RLIMIT_NOFILE); each has at most one open file
        /// description of its own, so descriptions are bounded by the same number.</summary>
        public const int DescriptorCountMax = 256;

        /// <summary>PATH_MAX, including the terminating NUL.</summary>
        public const int PathBytesMax = 4096;

        /// <summary>IOV_MAX: the most buffers one readv/writev takes.</summary>
        public const int IovecCountMax = 1024;
    }

    public static class OpenFlags
    {
        public const int ReadOnly = 0, WriteOnly = 1, ReadWrite = 2, AccessModeMask = 3;
        public const int Create = 0x40, Exclusive = 0x80, NoControllingTerminal = 0x100, Truncate = 0x200;
        public const int Append = 0x400, NonBlocking = 0x800, Directory = 0x10000, NoFollow = 0x20000;
        public const int CloseOnExec = 0x80000;

        /// <summary>The flags F_SETFL may change (Linux: O_APPEND, O_NONBLOCK, O_ASYNC, O_DIRECT, O_NOATIME).</summary>
        public const int StatusChangeableMask = Append | NonBlocking;

        public const int AtCurrentDirectory = -100, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000;
        public const int SeekSet = 0, SeekCurrent = 1, SeekEnd = 2;
        public const int DescriptorCloseOnExec = 1;

        public const int DuplicateDescriptor = 0, GetDescriptorFlags = 1, SetDescriptorFlags = 2;
        public const int GetStatusFlags = 3, SetStatusFlags = 4, DuplicateDescriptorCloseOnExec = 1030;

        public const int AccessExists = 0, AccessExecute = 1, AccessWrite = 2, AccessRead = 4;
    }
}
