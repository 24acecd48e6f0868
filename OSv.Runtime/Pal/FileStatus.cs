// Interop.Sys.FileStatus, the struct SystemNative_Stat/FStat/LStat fill: the layout is a contract
// with the pinned CoreLib (120 bytes; tests/.../Pal/FileStatusLayoutTests.cs checks every field's
// offset against the running CoreLib's own definition). Mode carries the Linux S_IF* type bits
// and permission bits, which the PAL passes through unchanged.
//
// What the image reports: regular files r--r--r-- and directories r-xr-xr-x (the file system is
// read-only), owner root, device 1, all times 0 (the Unix epoch: image files carry no times),
// the console's streams as character devices (rw--w----, like a Linux tty's node, though IsATty
// says no terminal is attached).
using System.Runtime.InteropServices;

namespace OSv.Runtime.Pal
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct FileStatus
    {
        public int Flags;         // FileStatusFlags: 1 = HasBirthTime
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
        public long ATime;
        public long ATimeNsec;
        public long MTime;
        public long MTimeNsec;
        public long CTime;
        public long CTimeNsec;
        public long BirthTime;
        public long BirthTimeNsec;
        public long Dev;
        public long RDev;
        public long Ino;
        public uint UserFlags;

        public const int SizeBytes = 120;

        public const int S_IFMT = 0xF000;
        public const int S_IFCHR = 0x2000;
        public const int S_IFDIR = 0x4000;
        public const int S_IFREG = 0x8000;
        public const int FilePermissions = 0x124;      // 0444
        public const int DirectoryPermissions = 0x16D; // 0555
        public const int ConsolePermissions = 0x190;   // 0620
        public const long ImageDevice = 1;

        public static FileStatus ForFile(long length, long inode) =>
            new FileStatus { Mode = S_IFREG | FilePermissions, Size = length, Dev = ImageDevice, Ino = inode };

        public static FileStatus ForDirectory(long inode) =>
            new FileStatus { Mode = S_IFDIR | DirectoryPermissions, Size = 4096, Dev = ImageDevice, Ino = inode };

        public static FileStatus ForConsole(int fd) =>
            new FileStatus { Mode = S_IFCHR | ConsolePermissions, Dev = 0, RDev = 0x400 + fd, Ino = fd + 1 };
    }
}
