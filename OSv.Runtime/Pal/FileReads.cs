// SystemNative_Read, PRead and LSeek on the PAL's descriptors. Image files are bytes in memory:
// a read copies from the file's data at the offset and advances it (Read) or not (PRead); past
// the end a read returns 0. The console's input has no device behind it yet: reading it is an
// immediate end of file, as reading a closed pipe is. Reading a directory fails with EISDIR and
// reading an output stream with EBADF (it is not open for reading), as on Linux.
using System;
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static unsafe class FileReads
    {
        // Interop.Sys.SeekWhence.
        public const int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

        [RuntimeExport("SystemNative_Read")]
        internal static int Read(nint fd, byte* buffer, int count)
        {
            int error = CheckReadable(fd, buffer, count);
            if (error != 0)
                return ThreadErrno.Fail(error);
            if (FileDescriptorTable.KindOf(fd) == DescriptorKind.ConsoleInput)
                return 0;
            ref Descriptor file = ref FileDescriptorTable.At(fd);
            int copied = CopyOut(ref file, file.Position, buffer, count);
            file.Position += copied;
            return copied;
        }

        [RuntimeExport("SystemNative_PRead")]
        internal static int PRead(nint fd, byte* buffer, int count, long offset)
        {
            int error = CheckReadable(fd, buffer, count);
            if (error != 0)
                return ThreadErrno.Fail(error);
            if (FileDescriptorTable.KindOf(fd) != DescriptorKind.File)
                return ThreadErrno.Fail(LinuxErrno.ESPIPE);
            if (offset < 0)
                return ThreadErrno.Fail(LinuxErrno.EINVAL);
            return CopyOut(ref FileDescriptorTable.At(fd), offset, buffer, count);
        }

        [RuntimeExport("SystemNative_LSeek")]
        internal static long LSeek(nint fd, long offset, int whence)
        {
            DescriptorKind kind = FileDescriptorTable.KindOf(fd);
            if (kind == DescriptorKind.Free || kind == DescriptorKind.Reserved)
                return ThreadErrno.FailLong(LinuxErrno.EBADF);
            if (kind != DescriptorKind.File && kind != DescriptorKind.Directory)
                return ThreadErrno.FailLong(LinuxErrno.ESPIPE); // a terminal or pipe
            ref Descriptor file = ref FileDescriptorTable.At(fd);
            long origin = whence switch
            {
                SEEK_SET => 0,
                SEEK_CUR => file.Position,
                SEEK_END => file.Length,
                _ => -1,
            };
            if (origin < 0)
                return ThreadErrno.FailLong(LinuxErrno.EINVAL);
            long target = origin + offset;
            if (offset > 0 && target < origin)
                return ThreadErrno.FailLong(LinuxErrno.EOVERFLOW);
            if (target < 0)
                return ThreadErrno.FailLong(LinuxErrno.EINVAL);
            file.Position = target;
            return target;
        }

        private static int CheckReadable(nint fd, byte* buffer, int count)
        {
            DescriptorKind kind = FileDescriptorTable.KindOf(fd);
            if (kind == DescriptorKind.Free || kind == DescriptorKind.Reserved)
                return LinuxErrno.EBADF;
            if (kind == DescriptorKind.Directory)
                return LinuxErrno.EISDIR;
            if (kind == DescriptorKind.ConsoleOutput || kind == DescriptorKind.ConsoleError)
                return LinuxErrno.EBADF;
            if (count < 0)
                return LinuxErrno.EINVAL;
            if (buffer == null && count > 0)
                return LinuxErrno.EFAULT;
            return 0;
        }

        private static int CopyOut(ref Descriptor file, long offset, byte* buffer, int count)
        {
            if (offset >= file.Length || count == 0)
                return 0;
            int available = (int)Math.Min(file.Length - offset, count);
            Buffer.MemoryCopy(file.Data + offset, buffer, count, available);
            return available;
        }
    }
}
