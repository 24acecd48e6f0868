// strerror's texts: glibc 2.36's message for every Linux x86-64 errno value (0..133), checked
// against the host's strerror by ErrorMessagesTests. Numbers with no message (41, 58, and
// anything outside 0..133) read "Unknown error N", as in glibc.
//
// Storage: one UTF-8 literal per message, chosen by a switch; the compiler stores each literal
// with a NUL after it in the assembly's read-only data, so a message's address can be handed to C
// as a char* that stays valid forever. "Unknown error N" has no fixed text: Format writes it into
// the caller's buffer (thread-safe), Pointer and Of into one shared buffer (glibc before 2.32 did
// the same in strerror; callers that need thread safety use Format, as strerror_r does).
using System;

namespace OSv.Libc.String
{
    public static unsafe class ErrorMessages
    {
        public const int KnownMax = 133;
        private static nint s_unknownText;   // a byte*: SharedTextBuffer

        /// <summary>True when <paramref name="errorNumber"/> has a message of its own.</summary>
        public static bool IsKnown(int errorNumber) => !Text(errorNumber).IsEmpty;

        /// <summary>The message for <paramref name="errorNumber"/>; the byte after the span is a
        /// NUL. Unknown numbers share one buffer (see the file comment).</summary>
        public static System.ReadOnlySpan<byte> Of(int errorNumber)
        {
            byte* text = Pointer(errorNumber);
            return new System.ReadOnlySpan<byte>(text, (int)CStrings.Length(text));
        }

        /// <summary>strerror: the NUL-terminated message; unknown numbers are formatted into one
        /// shared buffer, valid until the next unknown number is formatted.</summary>
        public static byte* Pointer(int errorNumber)
        {
            if (IsKnown(errorNumber))
                return KnownPointer(errorNumber);
            byte* buffer = SharedTextBuffer.Get(ref s_unknownText);
            int length = FormatUnknown(errorNumber, new System.Span<byte>(buffer, SharedTextBuffer.Bytes - 1));
            buffer[length] = 0;
            return buffer;
        }

        /// <summary>The message of a known number, NUL-terminated in static storage.</summary>
        public static byte* KnownPointer(int errorNumber)
        {
            fixed (byte* text = Text(errorNumber))
                return text;
        }

        /// <summary>Writes the message (without a terminator) into <paramref name="destination"/>,
        /// truncating; returns the full message length.</summary>
        public static int Format(int errorNumber, System.Span<byte> destination)
        {
            if (!IsKnown(errorNumber))
                return FormatUnknown(errorNumber, destination);
            System.ReadOnlySpan<byte> text = Text(errorNumber);
            int copied = text.Length < destination.Length ? text.Length : destination.Length;
            text.Slice(0, copied).CopyTo(destination);
            return text.Length;
        }

        private static int FormatUnknown(int errorNumber, System.Span<byte> destination) =>
            DecimalText.WriteLabelled("Unknown error "u8, errorNumber, destination);

        // Each u8 literal is stored with a NUL after it (C# guarantees it), at a fixed address.
        private static System.ReadOnlySpan<byte> Text(int number) => number switch
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
            44 => "Channel number out of range"u8,
            45 => "Level 2 not synchronized"u8,
            46 => "Level 3 halted"u8,
            47 => "Level 3 reset"u8,
            48 => "Link number out of range"u8,
            49 => "Protocol driver not attached"u8,
            50 => "No CSI structure available"u8,
            51 => "Level 2 halted"u8,
            52 => "Invalid exchange"u8,
            53 => "Invalid request descriptor"u8,
            54 => "Exchange full"u8,
            55 => "No anode"u8,
            56 => "Invalid request code"u8,
            57 => "Invalid slot"u8,
            59 => "Bad font file format"u8,
            60 => "Device not a stream"u8,
            61 => "No data available"u8,
            62 => "Timer expired"u8,
            63 => "Out of streams resources"u8,
            64 => "Machine is not on the network"u8,
            65 => "Package not installed"u8,
            66 => "Object is remote"u8,
            67 => "Link has been severed"u8,
            68 => "Advertise error"u8,
            69 => "Srmount error"u8,
            70 => "Communication error on send"u8,
            71 => "Protocol error"u8,
            72 => "Multihop attempted"u8,
            73 => "RFS specific error"u8,
            74 => "Bad message"u8,
            75 => "Value too large for defined data type"u8,
            76 => "Name not unique on network"u8,
            77 => "File descriptor in bad state"u8,
            78 => "Remote address changed"u8,
            79 => "Can not access a needed shared library"u8,
            80 => "Accessing a corrupted shared library"u8,
            81 => ".lib section in a.out corrupted"u8,
            82 => "Attempting to link in too many shared libraries"u8,
            83 => "Cannot exec a shared library directly"u8,
            84 => "Invalid or incomplete multibyte or wide character"u8,
            85 => "Interrupted system call should be restarted"u8,
            86 => "Streams pipe error"u8,
            87 => "Too many users"u8,
            88 => "Socket operation on non-socket"u8,
            89 => "Destination address required"u8,
            90 => "Message too long"u8,
            91 => "Protocol wrong type for socket"u8,
            92 => "Protocol not available"u8,
            93 => "Protocol not supported"u8,
            94 => "Socket type not supported"u8,
            95 => "Operation not supported"u8,
            96 => "Protocol family not supported"u8,
            97 => "Address family not supported by protocol"u8,
            98 => "Address already in use"u8,
            99 => "Cannot assign requested address"u8,
            100 => "Network is down"u8,
            101 => "Network is unreachable"u8,
            102 => "Network dropped connection on reset"u8,
            103 => "Software caused connection abort"u8,
            104 => "Connection reset by peer"u8,
            105 => "No buffer space available"u8,
            106 => "Transport endpoint is already connected"u8,
            107 => "Transport endpoint is not connected"u8,
            108 => "Cannot send after transport endpoint shutdown"u8,
            109 => "Too many references: cannot splice"u8,
            110 => "Connection timed out"u8,
            111 => "Connection refused"u8,
            112 => "Host is down"u8,
            113 => "No route to host"u8,
            114 => "Operation already in progress"u8,
            115 => "Operation now in progress"u8,
            116 => "Stale file handle"u8,
            117 => "Structure needs cleaning"u8,
            118 => "Not a XENIX named type file"u8,
            119 => "No XENIX semaphores available"u8,
            120 => "Is a named type file"u8,
            121 => "Remote I/O error"u8,
            122 => "Disk quota exceeded"u8,
            123 => "No medium found"u8,
            124 => "Wrong medium type"u8,
            125 => "Operation canceled"u8,
            126 => "Required key not available"u8,
            127 => "Key has expired"u8,
            128 => "Key has been revoked"u8,
            129 => "Key was rejected by service"u8,
            130 => "Owner died"u8,
            131 => "State not recoverable"u8,
            132 => "Operation not possible due to RF-kill"u8,
            133 => "Memory page has hardware error"u8,
            _ => default,
        };
    }
}
