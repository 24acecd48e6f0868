// Every PAL call that would change the file system, answered as Linux answers on a read-only
// mount: with the error the first failing check gives. Names that do not exist fail with ENOENT
// (path lookup comes first), existing ones with EROFS; calls on descriptors fail with EBADF for a
// closed one and otherwise as for a descriptor not open for writing (EBADF for write/fallocate,
// EINVAL for ftruncate, per their man pages). Nothing here ever succeeds: the image's file system
// has no writable part yet. FSync and PosixFAdvise succeed, because on a read-only file they
// succeed on Linux too (there is nothing to flush; advice is only advice).
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static unsafe class ReadOnlyFileSystem
    {
        [RuntimeExport("SystemNative_PWrite")]
        internal static int PWrite(nint fd, byte* buffer, int count, long offset)
        {
            DescriptorKind kind = FileDescriptorTable.KindOf(fd);
            bool console = kind == DescriptorKind.ConsoleInput || kind == DescriptorKind.ConsoleOutput || kind == DescriptorKind.ConsoleError;
            return ThreadErrno.Fail(console ? LinuxErrno.ESPIPE : LinuxErrno.EBADF); // a terminal cannot seek
        }

        [RuntimeExport("SystemNative_FTruncate")]
        internal static int FTruncate(nint fd, long length) =>
            ThreadErrno.Fail(FileDescriptorTable.IsOpen(fd) ? LinuxErrno.EINVAL : LinuxErrno.EBADF);

        [RuntimeExport("SystemNative_FAllocate")]
        internal static int FAllocate(nint fd, long offset, long length) => ThreadErrno.Fail(LinuxErrno.EBADF);

        [RuntimeExport("SystemNative_FChMod")]
        internal static int FChMod(nint fd, int mode) =>
            ThreadErrno.Fail(FileDescriptorTable.IsOpen(fd) ? LinuxErrno.EROFS : LinuxErrno.EBADF);

        [RuntimeExport("SystemNative_FSync")]
        internal static int FSync(nint fd) =>
            FileDescriptorTable.IsOpen(fd) ? 0 : ThreadErrno.Fail(LinuxErrno.EBADF);

        [RuntimeExport("SystemNative_PosixFAdvise")]
        internal static int PosixFAdvise(nint fd, long offset, long length, int advice)
        {
            // posix_fadvise returns the error number instead of setting errno.
            DescriptorKind kind = FileDescriptorTable.KindOf(fd);
            if (!FileDescriptorTable.IsOpen(fd))
                return LinuxErrno.EBADF;
            if (kind != DescriptorKind.File && kind != DescriptorKind.Directory)
                return LinuxErrno.ESPIPE;
            return advice < 0 || advice > 5 || length < 0 ? LinuxErrno.EINVAL : 0;
        }

        [RuntimeExport("SystemNative_Unlink")]
        internal static int Unlink(byte* path) => FailOnExisting(path, LinuxErrno.EROFS);

        [RuntimeExport("SystemNative_RmDir")]
        internal static int RmDir(byte* path) => FailOnExisting(path, LinuxErrno.EROFS);

        [RuntimeExport("SystemNative_ChMod")]
        internal static int ChMod(byte* path, int mode) => FailOnExisting(path, LinuxErrno.EROFS);

        [RuntimeExport("SystemNative_MkDir")]
        internal static int MkDir(byte* path, int mode)
        {
            int error = FileStatusExports.Find(path, out _);
            return ThreadErrno.Fail(error == 0 ? LinuxErrno.EEXIST : error == LinuxErrno.ENOENT ? LinuxErrno.EROFS : error);
        }

        [RuntimeExport("SystemNative_Rename")]
        internal static int Rename(byte* oldPath, byte* newPath) => FailOnExisting(oldPath, LinuxErrno.EROFS);

        [RuntimeExport("SystemNative_Link")]
        internal static int Link(byte* source, byte* linkTarget) => FailOnExisting(source, LinuxErrno.EROFS);

        [RuntimeExport("SystemNative_SymLink")]
        internal static int SymLink(byte* target, byte* linkPath)
        {
            int error = FileStatusExports.Find(linkPath, out _);
            return ThreadErrno.Fail(error == 0 ? LinuxErrno.EEXIST : LinuxErrno.EROFS);
        }

        [RuntimeExport("SystemNative_CopyFile")]
        internal static int CopyFile(nint sourceFd, nint destinationFd, long sourceLength) =>
            ThreadErrno.Fail(LinuxErrno.EBADF); // no descriptor is ever open for writing

        private static int FailOnExisting(byte* path, int errorWhenFound)
        {
            int error = FileStatusExports.Find(path, out _);
            return ThreadErrno.Fail(error != 0 ? error : errorWhenFound);
        }
    }
}
