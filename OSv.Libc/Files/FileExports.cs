// The file-descriptor half of the C library's I/O (<fcntl.h>, <unistd.h>, <sys/stat.h>,
// <sys/uio.h>): thin C-ABI entry points over FileDescriptorTable, FilePaths and FileNodes.
// Each validates its pointers and returns C's result (-1 with errno on failure). Variadic
// open/openat/fcntl take their optional argument from the register it is passed in, so they
// are exported as plain fixed-argument functions. The image filesystem is read-only: calls that
// would change it fail with EROFS, after the checks Linux makes first (ENOENT, EEXIST).
// The _FORTIFY_SOURCE (_chk) forms refuse a request larger than the caller's known buffer with
// EFAULT, where glibc would abort the program through __chk_fail.
namespace OSv.Libc.Files
{
    using System;
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;
    using OSv.Libc.Errors;

    public static unsafe class FileExports
    {
        private const int StatVersionKernel = 0, StatVersionLinux = 1;

        [StructLayout(LayoutKind.Sequential)]
        public struct Iovec
        {
            public byte* Base;
            public nuint Length;
        }

        public static void Register(ExportTable table)
        {
            nint open = (nint)(delegate* unmanaged<byte*, int, int, int>)&Open;
            table.Add("open"u8, open);
            table.Add("open64"u8, open);
            table.Add("__open_2"u8, open);
            table.Add("__open64_2"u8, open);
            nint openAt = (nint)(delegate* unmanaged<int, byte*, int, int, int>)&OpenAt;
            table.Add("openat"u8, openAt);
            table.Add("openat64"u8, openAt);
            nint create = (nint)(delegate* unmanaged<byte*, int, int>)&Create;
            table.Add("creat"u8, create);
            table.Add("creat64"u8, create);
            table.Add("close"u8, (nint)(delegate* unmanaged<int, int>)&Close);
            table.Add("read"u8, (nint)(delegate* unmanaged<int, byte*, nuint, long>)&Read);
            table.Add("__read_chk"u8, (nint)(delegate* unmanaged<int, byte*, nuint, nuint, long>)&ReadChecked);
            table.Add("write"u8, (nint)(delegate* unmanaged<int, byte*, nuint, long>)&Write);
            nint readAt = (nint)(delegate* unmanaged<int, byte*, nuint, long, long>)&ReadAt;
            table.Add("pread"u8, readAt);
            table.Add("pread64"u8, readAt);
            nint readAtChecked = (nint)(delegate* unmanaged<int, byte*, nuint, long, nuint, long>)&ReadAtChecked;
            table.Add("__pread_chk"u8, readAtChecked);
            table.Add("__pread64_chk"u8, readAtChecked);
            nint writeAt = (nint)(delegate* unmanaged<int, byte*, nuint, long, long>)&WriteAt;
            table.Add("pwrite"u8, writeAt);
            table.Add("pwrite64"u8, writeAt);
            nint seek = (nint)(delegate* unmanaged<int, long, int, long>)&Seek;
            table.Add("lseek"u8, seek);
            table.Add("lseek64"u8, seek);
            table.Add("readv"u8, (nint)(delegate* unmanaged<int, Iovec*, int, long>)&ReadVector);
            table.Add("writev"u8, (nint)(delegate* unmanaged<int, Iovec*, int, long>)&WriteVector);
            RegisterStat(table);
            RegisterDescriptorControl(table);
            RegisterPaths(table);
        }

        private static void RegisterStat(ExportTable table)
        {
            nint fstat = (nint)(delegate* unmanaged<int, byte*, int>)&FileStat;
            table.Add("fstat"u8, fstat);
            table.Add("fstat64"u8, fstat);
            nint stat = (nint)(delegate* unmanaged<byte*, byte*, int>)&PathStat;
            table.Add("stat"u8, stat);
            table.Add("stat64"u8, stat);
            table.Add("lstat"u8, stat);
            table.Add("lstat64"u8, stat);
            nint statAt = (nint)(delegate* unmanaged<int, byte*, byte*, int, int>)&StatAt;
            table.Add("fstatat"u8, statAt);
            table.Add("fstatat64"u8, statAt);
            table.Add("newfstatat"u8, statAt);
            nint versionedStat = (nint)(delegate* unmanaged<int, byte*, byte*, int>)&VersionedPathStat;
            table.Add("__xstat"u8, versionedStat);
            table.Add("__xstat64"u8, versionedStat);
            table.Add("__lxstat"u8, versionedStat);
            table.Add("__lxstat64"u8, versionedStat);
            nint versionedFileStat = (nint)(delegate* unmanaged<int, int, byte*, int>)&VersionedFileStat;
            table.Add("__fxstat"u8, versionedFileStat);
            table.Add("__fxstat64"u8, versionedFileStat);
            nint versionedStatAt = (nint)(delegate* unmanaged<int, int, byte*, byte*, int, int>)&VersionedStatAt;
            table.Add("__fxstatat"u8, versionedStatAt);
            table.Add("__fxstatat64"u8, versionedStatAt);
        }

        private static void RegisterDescriptorControl(ExportTable table)
        {
            table.Add("isatty"u8, (nint)(delegate* unmanaged<int, int>)&IsTerminal);
            nint control = (nint)(delegate* unmanaged<int, int, long, int>)&Control;
            table.Add("fcntl"u8, control);
            table.Add("fcntl64"u8, control);
            table.Add("dup"u8, (nint)(delegate* unmanaged<int, int>)&Duplicate);
            table.Add("dup2"u8, (nint)(delegate* unmanaged<int, int, int>)&Duplicate2);
            table.Add("dup3"u8, (nint)(delegate* unmanaged<int, int, int, int>)&Duplicate3);
            table.Add("pipe"u8, (nint)(delegate* unmanaged<int*, int>)&Pipe);
            table.Add("pipe2"u8, (nint)(delegate* unmanaged<int*, int, int>)&Pipe2);
        }

        private static void RegisterPaths(ExportTable table)
        {
            table.Add("access"u8, (nint)(delegate* unmanaged<byte*, int, int>)&Access);
            table.Add("faccessat"u8, (nint)(delegate* unmanaged<int, byte*, int, int, int>)&AccessAt);
            table.Add("unlink"u8, (nint)(delegate* unmanaged<byte*, int>)&Unlink);
            table.Add("remove"u8, (nint)(delegate* unmanaged<byte*, int>)&Unlink);
            table.Add("rmdir"u8, (nint)(delegate* unmanaged<byte*, int>)&Unlink);
            table.Add("rename"u8, (nint)(delegate* unmanaged<byte*, byte*, int>)&Rename);
            table.Add("mkdir"u8, (nint)(delegate* unmanaged<byte*, int, int>)&MakeDirectory);
            nint makeTemporary = (nint)(delegate* unmanaged<byte*, int>)&MakeTemporary;
            table.Add("mkstemp"u8, makeTemporary);
            table.Add("mkstemp64"u8, makeTemporary);
            table.Add("getcwd"u8, (nint)(delegate* unmanaged<byte*, nuint, byte*>)&GetCurrentDirectory);
            table.Add("__getcwd_chk"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, byte*>)&GetCurrentDirectoryChecked);
            table.Add("chdir"u8, (nint)(delegate* unmanaged<byte*, int>)&ChangeDirectory);
            table.Add("opendir"u8, (nint)(delegate* unmanaged<byte*, byte*>)&OpenDirectory);
            nint readDirectory = (nint)(delegate* unmanaged<byte*, byte*>)&ReadDirectory;
            table.Add("readdir"u8, readDirectory);
            table.Add("readdir64"u8, readDirectory);
            table.Add("closedir"u8, (nint)(delegate* unmanaged<byte*, int>)&CloseDirectory);
            table.Add("rewinddir"u8, (nint)(delegate* unmanaged<byte*, void>)&RewindDirectory);
        }

        private static int Fail(int code)
        {
            Errno.Set(code);
            return -1;
        }

        [UnmanagedCallersOnly]
        public static int Open(byte* path, int flags, int mode) => FileDescriptorTable.Open(path, flags, mode);

        [UnmanagedCallersOnly]
        public static int OpenAt(int directory, byte* path, int flags, int mode)
        {
            if (path != null && path[0] != (byte)'/' && directory != OpenFlags.AtCurrentDirectory)
                return Fail(FileDescriptorTable.IsOpen(directory) ? ErrnoCodes.ENOTSUP : ErrnoCodes.EBADF);
            return FileDescriptorTable.Open(path, flags, mode);
        }

        [UnmanagedCallersOnly]
        public static int Create(byte* path, int mode) =>
            FileDescriptorTable.Open(path, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate, mode);

        [UnmanagedCallersOnly]
        public static int Close(int descriptor) => FileDescriptorTable.Close(descriptor);

        [UnmanagedCallersOnly]
        public static long Read(int descriptor, byte* buffer, nuint count) => FileDescriptorTable.Read(descriptor, buffer, count);

        // _FORTIFY_SOURCE's read: the buffer's known size must hold the request.
        [UnmanagedCallersOnly]
        public static long ReadChecked(int descriptor, byte* buffer, nuint count, nuint bufferBytes) =>
            count > bufferBytes ? Fail(ErrnoCodes.EFAULT) : FileDescriptorTable.Read(descriptor, buffer, count);

        [UnmanagedCallersOnly]
        public static long Write(int descriptor, byte* bytes, nuint count) => FileDescriptorTable.Write(descriptor, bytes, count);

        [UnmanagedCallersOnly]
        public static long ReadAt(int descriptor, byte* buffer, nuint count, long offset) =>
            FileDescriptorTable.ReadAt(descriptor, buffer, count, offset);

        [UnmanagedCallersOnly]
        public static long ReadAtChecked(int descriptor, byte* buffer, nuint count, long offset, nuint bufferBytes) =>
            count > bufferBytes ? Fail(ErrnoCodes.EFAULT) : FileDescriptorTable.ReadAt(descriptor, buffer, count, offset);

        [UnmanagedCallersOnly]
        public static long WriteAt(int descriptor, byte* bytes, nuint count, long offset) =>
            FileDescriptorTable.WriteAt(descriptor, bytes, count, offset);

        [UnmanagedCallersOnly]
        public static long Seek(int descriptor, long offset, int whence) => FileDescriptorTable.Seek(descriptor, offset, whence);

        [UnmanagedCallersOnly]
        public static long ReadVector(int descriptor, Iovec* vectors, int count) => TransferVector(descriptor, vectors, count, false);

        [UnmanagedCallersOnly]
        public static long WriteVector(int descriptor, Iovec* vectors, int count) => TransferVector(descriptor, vectors, count, true);

        // readv/writev (XSH): buffers in order, stopping at the first short transfer; the total
        // must fit ssize_t (EINVAL otherwise, checked before any transfer).
        private static long TransferVector(int descriptor, Iovec* vectors, int count, bool writing)
        {
            if (count < 0 || count > FileLimits.IovecCountMax)
                return Fail(ErrnoCodes.EINVAL);
            if (count > 0 && vectors == null)
                return Fail(ErrnoCodes.EFAULT);
            nuint total = 0;
            for (int i = 0; i < count; i++)
            {
                total += vectors[i].Length;
                if ((ulong)total > long.MaxValue || total < vectors[i].Length)
                    return Fail(ErrnoCodes.EINVAL);
            }
            long done = 0;
            for (int i = 0; i < count; i++)
            {
                nuint length = vectors[i].Length;
                if (length == 0)
                    continue;
                long moved = writing
                    ? FileDescriptorTable.Write(descriptor, vectors[i].Base, length)
                    : FileDescriptorTable.Read(descriptor, vectors[i].Base, length);
                if (moved < 0)
                    return done > 0 ? done : -1;
                done += moved;
                if ((nuint)moved < length)
                    break;
            }
            return done;
        }

        [UnmanagedCallersOnly]
        public static int FileStat(int descriptor, byte* stat) => FileDescriptorTable.Stat(descriptor, stat);

        [UnmanagedCallersOnly]
        public static int PathStat(byte* path, byte* stat) => StatPath(path, stat);

        [UnmanagedCallersOnly]
        public static int StatAt(int directory, byte* path, byte* stat, int flags) => StatAtCore(directory, path, stat, flags);

        [UnmanagedCallersOnly]
        public static int VersionedPathStat(int version, byte* path, byte* stat) =>
            IsStatVersion(version) ? StatPath(path, stat) : Fail(ErrnoCodes.EINVAL);

        [UnmanagedCallersOnly]
        public static int VersionedFileStat(int version, int descriptor, byte* stat) =>
            IsStatVersion(version) ? FileDescriptorTable.Stat(descriptor, stat) : Fail(ErrnoCodes.EINVAL);

        [UnmanagedCallersOnly]
        public static int VersionedStatAt(int version, int directory, byte* path, byte* stat, int flags) =>
            IsStatVersion(version) ? StatAtCore(directory, path, stat, flags) : Fail(ErrnoCodes.EINVAL);

        // glibc's __xstat family takes _STAT_VER: on x86-64 both versions mean the kernel layout.
        private static bool IsStatVersion(int version) => version == StatVersionKernel || version == StatVersionLinux;

        private static int StatPath(byte* path, byte* stat)
        {
            if (stat == null)
                return Fail(ErrnoCodes.EFAULT);
            int found = FileDescriptorTable.Lookup(path, out FileNode node);
            if (found < 0)
                return Fail(-found);
            StatLayout.Fill(stat, node);
            return 0;
        }

        private static int StatAtCore(int directory, byte* path, byte* stat, int flags)
        {
            if ((flags & OpenFlags.AtEmptyPath) != 0 && path != null && path[0] == 0)
                return FileDescriptorTable.Stat(directory, stat);
            if (path != null && path[0] != (byte)'/' && directory != OpenFlags.AtCurrentDirectory)
                return Fail(FileDescriptorTable.IsOpen(directory) ? ErrnoCodes.ENOTSUP : ErrnoCodes.EBADF);
            return StatPath(path, stat);
        }

        [UnmanagedCallersOnly]
        public static int IsTerminal(int descriptor) => FileDescriptorTable.IsTerminal(descriptor);

        [UnmanagedCallersOnly]
        public static int Control(int descriptor, int command, long argument) =>
            FileDescriptorTable.Control(descriptor, command, argument);

        [UnmanagedCallersOnly]
        public static int Duplicate(int descriptor) => FileDescriptorTable.Duplicate(descriptor, 0, false);

        [UnmanagedCallersOnly]
        public static int Duplicate2(int descriptor, int target) => FileDescriptorTable.DuplicateTo(descriptor, target, false);

        // dup3 (Linux): like dup2, but the same descriptor twice is EINVAL and flags may ask for O_CLOEXEC.
        [UnmanagedCallersOnly]
        public static int Duplicate3(int descriptor, int target, int flags)
        {
            if (descriptor == target || (flags & ~OpenFlags.CloseOnExec) != 0)
                return Fail(ErrnoCodes.EINVAL);
            return FileDescriptorTable.DuplicateTo(descriptor, target, (flags & OpenFlags.CloseOnExec) != 0);
        }

        [UnmanagedCallersOnly]
        public static int Pipe(int* descriptors) => Fail(ErrnoCodes.ENOSYS);

        [UnmanagedCallersOnly]
        public static int Pipe2(int* descriptors, int flags) => Fail(ErrnoCodes.ENOSYS);

        [UnmanagedCallersOnly]
        public static int Access(byte* path, int mode) => AccessCore(path, mode);

        [UnmanagedCallersOnly]
        public static int AccessAt(int directory, byte* path, int mode, int flags)
        {
            if (path != null && path[0] != (byte)'/' && directory != OpenFlags.AtCurrentDirectory)
                return Fail(FileDescriptorTable.IsOpen(directory) ? ErrnoCodes.ENOTSUP : ErrnoCodes.EBADF);
            return AccessCore(path, mode);
        }

        // access(2) against the modes stat reports: image files r--, directories r-x, devices rw-.
        private static int AccessCore(byte* path, int mode)
        {
            const int allModes = OpenFlags.AccessRead | OpenFlags.AccessWrite | OpenFlags.AccessExecute;
            if ((mode & ~allModes) != 0)
                return Fail(ErrnoCodes.EINVAL);
            int found = FileDescriptorTable.Lookup(path, out FileNode node);
            if (found < 0)
                return Fail(-found);
            bool fixedContents = node.Kind == FileNodeKind.Image || node.Kind == FileNodeKind.Directory;
            if ((mode & OpenFlags.AccessWrite) != 0 && fixedContents)
                return Fail(ErrnoCodes.EROFS);
            if ((mode & OpenFlags.AccessExecute) != 0 && node.Kind != FileNodeKind.Directory)
                return Fail(ErrnoCodes.EACCES);
            return 0;
        }

        // unlink, remove, rmdir: a missing path is ENOENT, an existing one cannot change.
        [UnmanagedCallersOnly]
        public static int Unlink(byte* path) => RefuseChange(path, false);

        [UnmanagedCallersOnly]
        public static int Rename(byte* from, byte* to) =>
            to == null ? Fail(ErrnoCodes.EFAULT) : RefuseChange(from, false);

        [UnmanagedCallersOnly]
        public static int MakeDirectory(byte* path, int mode) => RefuseChange(path, true);

        private static int RefuseChange(byte* path, bool creating)
        {
            int found = FileDescriptorTable.Lookup(path, out _);
            if (found == -ErrnoCodes.ENOENT && creating)
                return Fail(ErrnoCodes.EROFS);
            if (found < 0)
                return Fail(-found);
            return Fail(creating ? ErrnoCodes.EEXIST : ErrnoCodes.EROFS);
        }

        [UnmanagedCallersOnly]
        public static int MakeTemporary(byte* template) =>
            template == null ? Fail(ErrnoCodes.EFAULT) : Fail(ErrnoCodes.EROFS);

        /// <summary>getcwd(3), with glibc's extension: a null buffer is allocated (of
        /// <paramref name="size"/> bytes, or just enough when 0) and the caller frees it.</summary>
        [UnmanagedCallersOnly]
        public static byte* GetCurrentDirectory(byte* buffer, nuint size) => GetCurrentDirectoryCore(buffer, size);

        // _FORTIFY_SOURCE's getcwd: a size larger than the known buffer is refused.
        [UnmanagedCallersOnly]
        public static byte* GetCurrentDirectoryChecked(byte* buffer, nuint size, nuint bufferBytes) =>
            size > bufferBytes ? FailNull(ErrnoCodes.EFAULT) : GetCurrentDirectoryCore(buffer, size);

        private static byte* GetCurrentDirectoryCore(byte* buffer, nuint size)
        {
            Span<byte> directory = stackalloc byte[FileLimits.PathBytesMax];
            int length = FilePaths.CopyCurrentDirectory(directory);
            nuint needed = (nuint)length + 1;
            if (buffer != null && size == 0)
                return FailNull(ErrnoCodes.EINVAL);
            if (size != 0 && size < needed)
                return FailNull(ErrnoCodes.ERANGE);
            if (buffer == null)
            {
                buffer = OSv.Libc.Memory.Heap.Allocate(size == 0 ? needed : size);
                if (buffer == null)
                    return FailNull(ErrnoCodes.ENOMEM);
            }
            directory.Slice(0, length).CopyTo(new Span<byte>(buffer, length));
            buffer[length] = 0;
            return buffer;
        }

        private static byte* FailNull(int code)
        {
            Errno.Set(code);
            return null;
        }

        [UnmanagedCallersOnly]
        public static int ChangeDirectory(byte* path)
        {
            Span<byte> resolved = stackalloc byte[FileLimits.PathBytesMax];
            int length = FileDescriptorTable.ResolveDirectory(path, resolved);
            if (length < 0)
                return Fail(-length);
            FilePaths.SetCurrentDirectory(resolved.Slice(0, length));
            return 0;
        }

        [UnmanagedCallersOnly]
        public static byte* OpenDirectory(byte* path) => DirectoryStreams.Open(path);

        [UnmanagedCallersOnly]
        public static byte* ReadDirectory(byte* directory) => DirectoryStreams.Read(directory);

        [UnmanagedCallersOnly]
        public static int CloseDirectory(byte* directory) => DirectoryStreams.Close(directory);

        [UnmanagedCallersOnly]
        public static void RewindDirectory(byte* directory) => DirectoryStreams.Rewind(directory);
    }
}
