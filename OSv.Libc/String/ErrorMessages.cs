// strerror's texts: glibc 2.36's message for every Linux x86-64 errno value (0..133), checked
// against the host's strerror by ErrorMessagesTests. Numbers with no message (41, 58, and
// anything outside 0..133) read "Unknown error N", as in glibc.
//
// Storage: one UTF-8 literal with every message NUL-terminated, indexed by an offset table, so a
// message's address can be handed to C as a char* that stays valid forever. "Unknown error N" has
// no fixed text: Format writes it into the caller's buffer (thread-safe), and Of writes it into one
// shared buffer (glibc before 2.32 did the same in strerror; callers that need thread safety use
// Format, as strerror_r does).
using System;

namespace OSv.Libc.String
{
    public static unsafe class ErrorMessages
    {
        public const int KnownMax = 133;
        private static nint s_unknownText;   // a byte*: SharedTextBuffer

        /// <summary>True when <paramref name="errorNumber"/> has a message of its own.</summary>
        public static bool IsKnown(int errorNumber) =>
            (uint)errorNumber <= KnownMax && Texts[Offsets[errorNumber]] != 0;

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
            fixed (byte* texts = Texts)
                return texts + Offsets[errorNumber];
        }

        /// <summary>Writes the message (without a terminator) into <paramref name="destination"/>,
        /// truncating; returns the full message length.</summary>
        public static int Format(int errorNumber, System.Span<byte> destination)
        {
            if (!IsKnown(errorNumber))
                return FormatUnknown(errorNumber, destination);
            System.ReadOnlySpan<byte> text = Known(errorNumber);
            int copied = text.Length < destination.Length ? text.Length : destination.Length;
            text.Slice(0, copied).CopyTo(destination);
            return text.Length;
        }

        private static System.ReadOnlySpan<byte> Known(int errorNumber)
        {
            System.ReadOnlySpan<byte> rest = Texts.Slice(Offsets[errorNumber]);
            return rest.Slice(0, rest.IndexOf((byte)0));
        }

        private static int FormatUnknown(int errorNumber, System.Span<byte> destination) =>
            DecimalText.WriteLabelled("Unknown error "u8, errorNumber, destination);

        // Offsets into Texts, by errno; an empty text means "no message".
        private static System.ReadOnlySpan<ushort> Offsets =>
        [
            0, 8, 32, 58, 74, 98, 117, 143, 166, 184, 204, 223, 256, 279, 297, 309, 331, 355, 367, 393, 408,
            424, 439, 456, 486, 506, 537, 552, 567, 591, 604, 626, 641, 653, 686, 716, 742, 761, 780, 805,
            825, 859, 860, 887, 906, 934, 959, 974, 988, 1013, 1042, 1069, 1084, 1101, 1128, 1142, 1151,
            1172, 1185, 1186, 1207, 1227, 1245, 1259, 1284, 1314, 1336, 1353, 1375, 1391, 1405, 1433, 1448,
            1467, 1486, 1498, 1536, 1563, 1592, 1615, 1654, 1691, 1723, 1771, 1809, 1859, 1903, 1922, 1937,
            1968, 1997, 2014, 2045, 2068, 2091, 2117, 2141, 2171, 2212, 2235, 2267, 2283, 2306, 2342, 2375,
            2400, 2426, 2466, 2502, 2548, 2583, 2604, 2623, 2636, 2653, 2683, 2709, 2727, 2752, 2780, 2810,
            2831, 2848, 2868, 2884, 2902, 2921, 2948, 2964, 2985, 3013, 3024, 3046, 3084,
        ];

        private static System.ReadOnlySpan<byte> Texts =>
            "Success\0"u8 +
            "Operation not permitted\0"u8 +
            "No such file or directory\0"u8 +
            "No such process\0"u8 +
            "Interrupted system call\0"u8 +
            "Input/output error\0"u8 +
            "No such device or address\0"u8 +
            "Argument list too long\0"u8 +
            "Exec format error\0"u8 +
            "Bad file descriptor\0"u8 +
            "No child processes\0"u8 +
            "Resource temporarily unavailable\0"u8 +
            "Cannot allocate memory\0"u8 +
            "Permission denied\0"u8 +
            "Bad address\0"u8 +
            "Block device required\0"u8 +
            "Device or resource busy\0"u8 +
            "File exists\0"u8 +
            "Invalid cross-device link\0"u8 +
            "No such device\0"u8 +
            "Not a directory\0"u8 +
            "Is a directory\0"u8 +
            "Invalid argument\0"u8 +
            "Too many open files in system\0"u8 +
            "Too many open files\0"u8 +
            "Inappropriate ioctl for device\0"u8 +
            "Text file busy\0"u8 +
            "File too large\0"u8 +
            "No space left on device\0"u8 +
            "Illegal seek\0"u8 +
            "Read-only file system\0"u8 +
            "Too many links\0"u8 +
            "Broken pipe\0"u8 +
            "Numerical argument out of domain\0"u8 +
            "Numerical result out of range\0"u8 +
            "Resource deadlock avoided\0"u8 +
            "File name too long\0"u8 +
            "No locks available\0"u8 +
            "Function not implemented\0"u8 +
            "Directory not empty\0"u8 +
            "Too many levels of symbolic links\0"u8 +
            "\0"u8 +
            "No message of desired type\0"u8 +
            "Identifier removed\0"u8 +
            "Channel number out of range\0"u8 +
            "Level 2 not synchronized\0"u8 +
            "Level 3 halted\0"u8 +
            "Level 3 reset\0"u8 +
            "Link number out of range\0"u8 +
            "Protocol driver not attached\0"u8 +
            "No CSI structure available\0"u8 +
            "Level 2 halted\0"u8 +
            "Invalid exchange\0"u8 +
            "Invalid request descriptor\0"u8 +
            "Exchange full\0"u8 +
            "No anode\0"u8 +
            "Invalid request code\0"u8 +
            "Invalid slot\0"u8 +
            "\0"u8 +
            "Bad font file format\0"u8 +
            "Device not a stream\0"u8 +
            "No data available\0"u8 +
            "Timer expired\0"u8 +
            "Out of streams resources\0"u8 +
            "Machine is not on the network\0"u8 +
            "Package not installed\0"u8 +
            "Object is remote\0"u8 +
            "Link has been severed\0"u8 +
            "Advertise error\0"u8 +
            "Srmount error\0"u8 +
            "Communication error on send\0"u8 +
            "Protocol error\0"u8 +
            "Multihop attempted\0"u8 +
            "RFS specific error\0"u8 +
            "Bad message\0"u8 +
            "Value too large for defined data type\0"u8 +
            "Name not unique on network\0"u8 +
            "File descriptor in bad state\0"u8 +
            "Remote address changed\0"u8 +
            "Can not access a needed shared library\0"u8 +
            "Accessing a corrupted shared library\0"u8 +
            ".lib section in a.out corrupted\0"u8 +
            "Attempting to link in too many shared libraries\0"u8 +
            "Cannot exec a shared library directly\0"u8 +
            "Invalid or incomplete multibyte or wide character\0"u8 +
            "Interrupted system call should be restarted\0"u8 +
            "Streams pipe error\0"u8 +
            "Too many users\0"u8 +
            "Socket operation on non-socket\0"u8 +
            "Destination address required\0"u8 +
            "Message too long\0"u8 +
            "Protocol wrong type for socket\0"u8 +
            "Protocol not available\0"u8 +
            "Protocol not supported\0"u8 +
            "Socket type not supported\0"u8 +
            "Operation not supported\0"u8 +
            "Protocol family not supported\0"u8 +
            "Address family not supported by protocol\0"u8 +
            "Address already in use\0"u8 +
            "Cannot assign requested address\0"u8 +
            "Network is down\0"u8 +
            "Network is unreachable\0"u8 +
            "Network dropped connection on reset\0"u8 +
            "Software caused connection abort\0"u8 +
            "Connection reset by peer\0"u8 +
            "No buffer space available\0"u8 +
            "Transport endpoint is already connected\0"u8 +
            "Transport endpoint is not connected\0"u8 +
            "Cannot send after transport endpoint shutdown\0"u8 +
            "Too many references: cannot splice\0"u8 +
            "Connection timed out\0"u8 +
            "Connection refused\0"u8 +
            "Host is down\0"u8 +
            "No route to host\0"u8 +
            "Operation already in progress\0"u8 +
            "Operation now in progress\0"u8 +
            "Stale file handle\0"u8 +
            "Structure needs cleaning\0"u8 +
            "Not a XENIX named type file\0"u8 +
            "No XENIX semaphores available\0"u8 +
            "Is a named type file\0"u8 +
            "Remote I/O error\0"u8 +
            "Disk quota exceeded\0"u8 +
            "No medium found\0"u8 +
            "Wrong medium type\0"u8 +
            "Operation canceled\0"u8 +
            "Required key not available\0"u8 +
            "Key has expired\0"u8 +
            "Key has been revoked\0"u8 +
            "Key was rejected by service\0"u8 +
            "Owner died\0"u8 +
            "State not recoverable\0"u8 +
            "Operation not possible due to RF-kill\0"u8 +
            "Memory page has hardware error\0"u8;
    }
}
