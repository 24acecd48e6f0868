// The text glibc gives each errno value (strerror, perror, "%m"), so that a program's error
// output reads exactly as it does on Linux. Texts are glibc 2.3x's (string/_strerror.c and
// sysdeps/gnu/errlist.h), for the codes ErrnoCodes names; anything else is "Unknown error N",
// as in glibc. Pure: writes into the caller's buffer, allocates nothing.
namespace OSv.Libc.Errors
{
    using System;

    public static class ErrorMessages
    {
        /// <summary>Longest text <see cref="Describe"/> produces ("Unknown error -2147483648").</summary>
        public const int MessageBytesMax = 64;

        /// <summary>The message for <paramref name="code"/>, or empty if it has no fixed text.</summary>
        public static ReadOnlySpan<byte> Known(int code) => code switch
        {
            0 => "Success"u8,
            ErrnoCodes.EPERM => "Operation not permitted"u8,
            ErrnoCodes.ENOENT => "No such file or directory"u8,
            ErrnoCodes.ESRCH => "No such process"u8,
            ErrnoCodes.EINTR => "Interrupted system call"u8,
            ErrnoCodes.EIO => "Input/output error"u8,
            ErrnoCodes.ENXIO => "No such device or address"u8,
            ErrnoCodes.E2BIG => "Argument list too long"u8,
            ErrnoCodes.ENOEXEC => "Exec format error"u8,
            ErrnoCodes.EBADF => "Bad file descriptor"u8,
            ErrnoCodes.ECHILD => "No child processes"u8,
            ErrnoCodes.EAGAIN => "Resource temporarily unavailable"u8,
            ErrnoCodes.ENOMEM => "Cannot allocate memory"u8,
            ErrnoCodes.EACCES => "Permission denied"u8,
            ErrnoCodes.EFAULT => "Bad address"u8,
            15 => "Block device required"u8,
            ErrnoCodes.EBUSY => "Device or resource busy"u8,
            ErrnoCodes.EEXIST => "File exists"u8,
            ErrnoCodes.EXDEV => "Invalid cross-device link"u8,
            ErrnoCodes.ENODEV => "No such device"u8,
            ErrnoCodes.ENOTDIR => "Not a directory"u8,
            ErrnoCodes.EISDIR => "Is a directory"u8,
            ErrnoCodes.EINVAL => "Invalid argument"u8,
            ErrnoCodes.ENFILE => "Too many open files in system"u8,
            ErrnoCodes.EMFILE => "Too many open files"u8,
            ErrnoCodes.ENOTTY => "Inappropriate ioctl for device"u8,
            26 => "Text file busy"u8,
            ErrnoCodes.EFBIG => "File too large"u8,
            ErrnoCodes.ENOSPC => "No space left on device"u8,
            ErrnoCodes.ESPIPE => "Illegal seek"u8,
            ErrnoCodes.EROFS => "Read-only file system"u8,
            ErrnoCodes.EMLINK => "Too many links"u8,
            ErrnoCodes.EPIPE => "Broken pipe"u8,
            ErrnoCodes.EDOM => "Numerical argument out of domain"u8,
            ErrnoCodes.ERANGE => "Numerical result out of range"u8,
            ErrnoCodes.EDEADLK => "Resource deadlock avoided"u8,
            ErrnoCodes.ENAMETOOLONG => "File name too long"u8,
            ErrnoCodes.ENOLCK => "No locks available"u8,
            ErrnoCodes.ENOSYS => "Function not implemented"u8,
            ErrnoCodes.ENOTEMPTY => "Directory not empty"u8,
            ErrnoCodes.ELOOP => "Too many levels of symbolic links"u8,
            ErrnoCodes.EOVERFLOW => "Value too large for defined data type"u8,
            ErrnoCodes.EILSEQ => "Invalid or incomplete multibyte or wide character"u8,
            ErrnoCodes.ENOTSUP => "Operation not supported"u8,
            ErrnoCodes.ETIMEDOUT => "Connection timed out"u8,
            _ => default,
        };

        /// <summary>Writes the message for <paramref name="code"/> (truncated to fit) and returns
        /// its length.</summary>
        public static int Describe(int code, Span<byte> destination)
        {
            ReadOnlySpan<byte> known = Known(code);
            if (!known.IsEmpty)
                return CopyTruncated(known, destination, 0);
            int used = CopyTruncated("Unknown error "u8, destination, 0);
            return used + WriteDecimal(code, destination.Slice(used));
        }

        private static int CopyTruncated(ReadOnlySpan<byte> text, Span<byte> destination, int start)
        {
            int count = text.Length < destination.Length - start ? text.Length : destination.Length - start;
            for (int i = 0; i < count; i++)
                destination[start + i] = text[i];
            return count;
        }

        private static int WriteDecimal(int value, Span<byte> destination)
        {
            Span<byte> digits = stackalloc byte[12];
            long magnitude = value < 0 ? -(long)value : value;
            int count = 0;
            do
            {
                digits[count++] = (byte)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            }
            while (magnitude != 0);
            if (value < 0)
                digits[count++] = (byte)'-';
            int written = 0;
            for (int i = count - 1; i >= 0 && written < destination.Length; i--)
                destination[written++] = digits[i];
            return written;
        }
    }
}
