// SystemNative_StrErrorR: the message of a Linux errno, as glibc's GNU strerror_r words it (so
// exception messages read as on Linux), copied into the caller's buffer and NUL-terminated,
// truncated to fit. Unknown numbers read "Unknown error N". Returns the buffer, or null for a
// buffer size below 1 (libSystem.Native's contract). The texts are UTF-8 literals: no allocation.
using System;
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static unsafe class ErrorMessages
    {
        [RuntimeExport("SystemNative_StrErrorR")]
        internal static byte* StrErrorR(int platformErrno, byte* buffer, int bufferSize)
        {
            if (buffer == null || bufferSize < 1)
                return null;
            var target = new Span<byte>(buffer, bufferSize);
            int length;
            if (platformErrno == -PalError.EHOSTNOTFOUND)
                length = Copy("Name or service not known"u8, target);
            else if (platformErrno == -PalError.ESOCKETERROR)
                length = Copy("Unknown socket error"u8, target);
            else
            {
                ReadOnlySpan<byte> known = MessageOf(platformErrno);
                length = known.IsEmpty ? FormatUnknown(platformErrno, target) : Copy(known, target);
            }
            buffer[length] = 0;
            return buffer;
        }

        // Copies as much of text as fits before the terminating NUL; returns the bytes copied.
        private static int Copy(ReadOnlySpan<byte> text, Span<byte> target)
        {
            int length = Math.Min(text.Length, target.Length - 1);
            text.Slice(0, length).CopyTo(target);
            return length;
        }

        private static int FormatUnknown(int number, Span<byte> target)
        {
            Span<byte> digits = stackalloc byte[12];
            int count = 0;
            long value = number < 0 ? -(long)number : number;
            do
            {
                digits[digits.Length - 1 - count] = (byte)('0' + (int)(value % 10));
                value /= 10;
                count++;
            }
            while (value != 0);
            if (number < 0)
                digits[digits.Length - 1 - count++] = (byte)'-';
            int written = Copy("Unknown error "u8, target);
            return written + Copy(digits.Slice(digits.Length - count), target.Slice(written));
        }

        private static ReadOnlySpan<byte> MessageOf(int errno) => errno switch
        {
            0 => "Success"u8,
            LinuxErrno.EPERM => "Operation not permitted"u8,
            LinuxErrno.ENOENT => "No such file or directory"u8,
            LinuxErrno.ESRCH => "No such process"u8,
            LinuxErrno.EINTR => "Interrupted system call"u8,
            LinuxErrno.EIO => "Input/output error"u8,
            LinuxErrno.ENXIO => "No such device or address"u8,
            LinuxErrno.E2BIG => "Argument list too long"u8,
            LinuxErrno.ENOEXEC => "Exec format error"u8,
            LinuxErrno.EBADF => "Bad file descriptor"u8,
            LinuxErrno.ECHILD => "No child processes"u8,
            LinuxErrno.EAGAIN => "Resource temporarily unavailable"u8,
            LinuxErrno.ENOMEM => "Cannot allocate memory"u8,
            LinuxErrno.EACCES => "Permission denied"u8,
            LinuxErrno.EFAULT => "Bad address"u8,
            LinuxErrno.EBUSY => "Device or resource busy"u8,
            LinuxErrno.EEXIST => "File exists"u8,
            LinuxErrno.EXDEV => "Invalid cross-device link"u8,
            LinuxErrno.ENODEV => "No such device"u8,
            LinuxErrno.ENOTDIR => "Not a directory"u8,
            LinuxErrno.EISDIR => "Is a directory"u8,
            LinuxErrno.EINVAL => "Invalid argument"u8,
            LinuxErrno.ENFILE => "Too many open files in system"u8,
            LinuxErrno.EMFILE => "Too many open files"u8,
            LinuxErrno.ENOTTY => "Inappropriate ioctl for device"u8,
            LinuxErrno.ETXTBSY => "Text file busy"u8,
            LinuxErrno.EFBIG => "File too large"u8,
            LinuxErrno.ENOSPC => "No space left on device"u8,
            LinuxErrno.ESPIPE => "Illegal seek"u8,
            LinuxErrno.EROFS => "Read-only file system"u8,
            LinuxErrno.EMLINK => "Too many links"u8,
            LinuxErrno.EPIPE => "Broken pipe"u8,
            LinuxErrno.EDOM => "Numerical argument out of domain"u8,
            LinuxErrno.ERANGE => "Numerical result out of range"u8,
            LinuxErrno.EDEADLK => "Resource deadlock avoided"u8,
            LinuxErrno.ENAMETOOLONG => "File name too long"u8,
            LinuxErrno.ENOLCK => "No locks available"u8,
            LinuxErrno.ENOSYS => "Function not implemented"u8,
            LinuxErrno.ENOTEMPTY => "Directory not empty"u8,
            LinuxErrno.ELOOP => "Too many levels of symbolic links"u8,
            LinuxErrno.ENODATA => "No data available"u8,
            LinuxErrno.EOVERFLOW => "Value too large for defined data type"u8,
            LinuxErrno.EILSEQ => "Invalid or incomplete multibyte or wide character"u8,
            LinuxErrno.ENOTSOCK => "Socket operation on non-socket"u8,
            LinuxErrno.ENOTSUP => "Operation not supported"u8,
            LinuxErrno.EAFNOSUPPORT => "Address family not supported by protocol"u8,
            LinuxErrno.EADDRINUSE => "Address already in use"u8,
            LinuxErrno.EADDRNOTAVAIL => "Cannot assign requested address"u8,
            LinuxErrno.ENETDOWN => "Network is down"u8,
            LinuxErrno.ENETUNREACH => "Network is unreachable"u8,
            LinuxErrno.ECONNABORTED => "Software caused connection abort"u8,
            LinuxErrno.ECONNRESET => "Connection reset by peer"u8,
            LinuxErrno.ENOBUFS => "No buffer space available"u8,
            LinuxErrno.EISCONN => "Transport endpoint is already connected"u8,
            LinuxErrno.ENOTCONN => "Transport endpoint is not connected"u8,
            LinuxErrno.ETIMEDOUT => "Connection timed out"u8,
            LinuxErrno.ECONNREFUSED => "Connection refused"u8,
            LinuxErrno.EHOSTUNREACH => "No route to host"u8,
            LinuxErrno.EALREADY => "Operation already in progress"u8,
            LinuxErrno.EINPROGRESS => "Operation now in progress"u8,
            LinuxErrno.ECANCELED => "Operation canceled"u8,
            _ => default,
        };
    }
}
