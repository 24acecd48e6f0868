// Questions about files that change nothing: SystemNative_Stat/LStat/FStat (FileStatus.cs says
// what is reported), Access, ReadLink (the image has no symbolic links: EINVAL for an existing
// name, as Linux says for a non-link), GetCwd (the working directory is always "/"),
// GetFileSystemType (the image reports romfs's magic, a read-only file system CoreLib has no
// special case for) and the BSD hidden-flag probes (Linux has no such flag: 0).
using System;
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static unsafe class FileStatusExports
    {
        // Interop.Sys.AccessMode.
        public const int F_OK = 0, X_OK = 1, W_OK = 2, R_OK = 4;

        // statfs f_type of romfs (linux/magic.h ROMFS_MAGIC).
        public const uint ImageFileSystemType = 0x7275;

        [RuntimeExport("SystemNative_Stat")]
        internal static int Stat(byte* path, FileStatus* output)
        {
            int error = Find(path, out ImageNode node);
            if (error != 0)
                return ThreadErrno.Fail(error);
            *output = node.Status();
            return 0;
        }

        [RuntimeExport("SystemNative_LStat")]
        internal static int LStat(byte* path, FileStatus* output) => Stat(path, output);

        [RuntimeExport("SystemNative_FStat")]
        internal static int FStat(nint fd, FileStatus* output)
        {
            DescriptorKind kind = FileDescriptorTable.KindOf(fd);
            switch (kind)
            {
                case DescriptorKind.File:
                    *output = FileStatus.ForFile(FileDescriptorTable.At(fd).Length, FileDescriptorTable.At(fd).Inode);
                    return 0;
                case DescriptorKind.Directory:
                    *output = FileStatus.ForDirectory(FileDescriptorTable.At(fd).Inode);
                    return 0;
                case DescriptorKind.ConsoleInput:
                case DescriptorKind.ConsoleOutput:
                case DescriptorKind.ConsoleError:
                    *output = FileStatus.ForConsole(kind - DescriptorKind.ConsoleInput);
                    return 0;
                default:
                    return ThreadErrno.Fail(LinuxErrno.EBADF);
            }
        }

        [RuntimeExport("SystemNative_Access")]
        internal static int Access(byte* path, int mode)
        {
            if ((mode & ~(X_OK | W_OK | R_OK)) != 0)
                return ThreadErrno.Fail(LinuxErrno.EINVAL);
            int error = Find(path, out ImageNode node);
            if (error != 0)
                return ThreadErrno.Fail(error);
            if ((mode & W_OK) != 0)
                return ThreadErrno.Fail(LinuxErrno.EROFS);
            if ((mode & X_OK) != 0 && node.Kind == ImageNodeKind.File)
                return ThreadErrno.Fail(LinuxErrno.EACCES);
            return 0;
        }

        [RuntimeExport("SystemNative_ReadLink")]
        internal static int ReadLink(byte* path, byte* buffer, int bufferSize)
        {
            int error = Find(path, out _);
            return ThreadErrno.Fail(error != 0 ? error : LinuxErrno.EINVAL);
        }

        [RuntimeExport("SystemNative_GetCwd")]
        internal static byte* GetCwd(byte* buffer, int bufferLength)
        {
            if (buffer == null || bufferLength < 2)
            {
                ThreadErrno.Value = buffer == null ? LinuxErrno.EFAULT : LinuxErrno.ERANGE;
                return null;
            }
            buffer[0] = (byte)'/';
            buffer[1] = 0;
            return buffer;
        }

        [RuntimeExport("SystemNative_GetFileSystemType")]
        internal static uint GetFileSystemType(nint fd)
        {
            if (FileDescriptorTable.IsOpen(fd))
                return ImageFileSystemType;
            ThreadErrno.Value = LinuxErrno.EBADF;
            return unchecked((uint)-1);
        }

        [RuntimeExport("SystemNative_CanGetHiddenFlag")]
        internal static int CanGetHiddenFlag() => 0;

        [RuntimeExport("SystemNative_LChflagsCanSetHiddenFlag")]
        internal static int LChflagsCanSetHiddenFlag() => 0;

        // 0 and the node path names, or a Linux errno (ENOENT for a missing name).
        internal static int Find(byte* path, out ImageNode node)
        {
            node = default;
            Span<byte> canonical = stackalloc byte[PathResolution.PathBufferBytes];
            int error = PathResolution.Resolve(path, canonical, out int length);
            if (error != 0)
                return error;
            node = ImageNode.Find(canonical.Slice(0, length));
            return node.Kind == ImageNodeKind.Missing ? LinuxErrno.ENOENT : 0;
        }
    }
}
