// strerror's text for Linux errno values, word for word as glibc 2.36 prints them (its
// sysdeps/gnu/errlist data), for printf's %m and for strerror/perror. Codes without a message here
// print as glibc prints unknown ones: "Unknown error N".
namespace OSv.Libc.Format
{
    using System;

    public static class ErrorText
    {
        /// <summary>Enough for the longest message (49 bytes) and for "Unknown error -2147483648".</summary>
        public const int TextBytesMax = 64;

        /// <summary>glibc's message for <paramref name="errno"/>, or empty when it has none here.</summary>
        public static ReadOnlySpan<byte> Of(int errno) => errno switch
        {
            0 => "Success"u8,
            1 => "Operation not permitted"u8,
            2 => "No such file or directory"u8,
            3 => "No such process"u8,
            4 => "Interrupted system call"u8,
            5 => "Input/output error"u8,
            6 => "No such device or address"u8,
            7 => "Argument list too long"u8,
            8 => "Exec format error"u8,
            9 => "Bad file descriptor"u8,
            10 => "No child processes"u8,
            11 => "Resource temporarily unavailable"u8,
            12 => "Cannot allocate memory"u8,
            13 => "Permission denied"u8,
            14 => "Bad address"u8,
            15 => "Block device required"u8,
            16 => "Device or resource busy"u8,
            17 => "File exists"u8,
            18 => "Invalid cross-device link"u8,
            19 => "No such device"u8,
            20 => "Not a directory"u8,
            21 => "Is a directory"u8,
            22 => "Invalid argument"u8,
            23 => "Too many open files in system"u8,
            24 => "Too many open files"u8,
            25 => "Inappropriate ioctl for device"u8,
            26 => "Text file busy"u8,
            27 => "File too large"u8,
            28 => "No space left on device"u8,
            29 => "Illegal seek"u8,
            30 => "Read-only file system"u8,
            31 => "Too many links"u8,
            32 => "Broken pipe"u8,
            33 => "Numerical argument out of domain"u8,
            34 => "Numerical result out of range"u8,
            35 => "Resource deadlock avoided"u8,
            36 => "File name too long"u8,
            37 => "No locks available"u8,
            38 => "Function not implemented"u8,
            39 => "Directory not empty"u8,
            40 => "Too many levels of symbolic links"u8,
            42 => "No message of desired type"u8,
            43 => "Identifier removed"u8,
            61 => "No data available"u8,
            62 => "Timer expired"u8,
            71 => "Protocol error"u8,
            74 => "Bad message"u8,
            75 => "Value too large for defined data type"u8,
            84 => "Invalid or incomplete multibyte or wide character"u8,
            88 => "Socket operation on non-socket"u8,
            89 => "Destination address required"u8,
            90 => "Message too long"u8,
            91 => "Protocol wrong type for socket"u8,
            92 => "Protocol not available"u8,
            93 => "Protocol not supported"u8,
            94 => "Socket type not supported"u8,
            95 => "Operation not supported"u8,
            97 => "Address family not supported by protocol"u8,
            98 => "Address already in use"u8,
            99 => "Cannot assign requested address"u8,
            100 => "Network is down"u8,
            101 => "Network is unreachable"u8,
            103 => "Software caused connection abort"u8,
            104 => "Connection reset by peer"u8,
            105 => "No buffer space available"u8,
            106 => "Transport endpoint is already connected"u8,
            107 => "Transport endpoint is not connected"u8,
            110 => "Connection timed out"u8,
            111 => "Connection refused"u8,
            113 => "No route to host"u8,
            114 => "Operation already in progress"u8,
            115 => "Operation now in progress"u8,
            125 => "Operation canceled"u8,
            _ => default,
        };

        /// <summary>Writes the message (or "Unknown error N") into <paramref name="buffer"/>, which
        /// must hold TextBytesMax bytes; returns its length.</summary>
        public static int Describe(int errno, Span<byte> buffer)
        {
            ReadOnlySpan<byte> known = Of(errno);
            if (!known.IsEmpty)
            {
                int length = known.Length < buffer.Length ? known.Length : buffer.Length;
                known.Slice(0, length).CopyTo(buffer);
                return length;
            }
            ReadOnlySpan<byte> prefix = "Unknown error "u8;
            prefix.CopyTo(buffer);
            int written = prefix.Length;
            ulong magnitude = errno < 0 ? (ulong)(-(long)errno) : (ulong)errno;
            if (errno < 0)
                buffer[written++] = (byte)'-';
            written += IntegerFormatter.WriteDecimal(buffer.Slice(written), magnitude);
            return written;
        }
    }
}
