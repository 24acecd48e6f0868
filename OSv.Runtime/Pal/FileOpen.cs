// SystemNative_Open and SystemNative_Close over the image's read-only file system.
//
// Open resolves the path (PathResolution), then answers as Linux does on a read-only mount:
// an existing file opens for reading; asking to write or truncate it fails with EROFS; O_CREAT
// on a missing name fails with EROFS, a missing name without O_CREAT with ENOENT; O_CREAT|O_EXCL
// on an existing name with EEXIST; a directory opens read-only (CoreLib then sees S_IFDIR in
// FStat) and with write access fails with EISDIR. Unknown flag bits fail with EINVAL, as
// libSystem.Native's flag conversion does. mode is ignored (nothing is ever created).
using System;
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static unsafe class FileOpen
    {
        // Interop.Sys.OpenFlags (PAL values).
        public const int O_RDONLY = 0x0, O_WRONLY = 0x1, O_RDWR = 0x2, AccessModeMask = 0x3;
        public const int O_CLOEXEC = 0x10, O_CREAT = 0x20, O_EXCL = 0x40, O_TRUNC = 0x80;
        public const int O_SYNC = 0x100, O_NOFOLLOW = 0x200;
        private const int KnownFlags = AccessModeMask | O_CLOEXEC | O_CREAT | O_EXCL | O_TRUNC | O_SYNC | O_NOFOLLOW;

        [RuntimeExport("SystemNative_Open")]
        internal static nint Open(byte* path, int flags, int mode)
        {
            if ((flags & ~KnownFlags) != 0 || (flags & AccessModeMask) == AccessModeMask)
                return ThreadErrno.Fail(LinuxErrno.EINVAL);
            Span<byte> canonical = stackalloc byte[PathResolution.PathBufferBytes];
            int error = PathResolution.Resolve(path, canonical, out int length);
            if (error != 0)
                return ThreadErrno.Fail(error);
            ImageNode node = ImageNode.Find(canonical.Slice(0, length));
            error = CheckAccess(node.Kind, flags);
            if (error != 0)
                return ThreadErrno.Fail(error);
            var descriptor = new Descriptor
            {
                Kind = (int)(node.Kind == ImageNodeKind.File ? DescriptorKind.File : DescriptorKind.Directory),
                Data = node.Data,
                Length = node.Length,
                Inode = node.Inode,
            };
            int fd = FileDescriptorTable.Open(descriptor);
            return fd >= 0 ? fd : ThreadErrno.Fail(LinuxErrno.EMFILE);
        }

        // 0, or the errno Linux gives for opening a node of this kind with these flags on a
        // read-only file system.
        internal static int CheckAccess(ImageNodeKind kind, int flags)
        {
            bool writes = (flags & AccessModeMask) != O_RDONLY || (flags & O_TRUNC) != 0;
            if (kind == ImageNodeKind.Missing)
                return (flags & O_CREAT) != 0 ? LinuxErrno.EROFS : LinuxErrno.ENOENT;
            if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
                return LinuxErrno.EEXIST;
            if (kind == ImageNodeKind.Directory)
                return writes || (flags & O_CREAT) != 0 ? LinuxErrno.EISDIR : 0;
            return writes ? LinuxErrno.EROFS : 0;
        }

        [RuntimeExport("SystemNative_Close")]
        internal static int Close(nint fd) =>
            FileDescriptorTable.Close(fd) ? 0 : ThreadErrno.Fail(LinuxErrno.EBADF);
    }
}
