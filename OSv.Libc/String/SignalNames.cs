// strsignal's texts: glibc 2.36's description of each Linux x86-64 signal, checked against the
// host's strsignal by the tests. Signals 34..64 are the real-time ones, numbered from SIGRTMIN
// (34 under glibc, which keeps 32 and 33 for its threads): "Real-time signal N". Anything else
// reads "Unknown signal N". Storage as in ErrorMessages.cs.
namespace OSv.Libc.String
{
    public static unsafe class SignalNames
    {
        public const int KnownMax = 31;
        public const int RealTimeMin = 34, RealTimeMax = 64;

        private static nint s_formattedText;   // a byte*: SharedTextBuffer

        /// <summary>strsignal: the NUL-terminated description; texts that are not fixed are
        /// formatted into one shared buffer, valid until the next such call.</summary>
        public static byte* Pointer(int signal)
        {
            byte* known = KnownPointer(signal);
            if (known != null)
                return known;
            byte* buffer = SharedTextBuffer.Get(ref s_formattedText);
            int length = Format(signal, new System.Span<byte>(buffer, SharedTextBuffer.Bytes - 1));
            buffer[length] = 0;
            return buffer;
        }

        /// <summary>The description of a signal with a fixed text (1..31), NUL-terminated, or null.</summary>
        public static byte* KnownPointer(int signal)
        {
            if ((uint)signal > KnownMax || Texts[Offsets[signal]] == 0)
                return null;
            fixed (byte* texts = Texts)
                return texts + Offsets[signal];
        }

        /// <summary>Writes the description (without a terminator) into <paramref name="destination"/>,
        /// truncating; returns its full length.</summary>
        public static int Format(int signal, System.Span<byte> destination)
        {
            byte* known = KnownPointer(signal);
            if (known != null)
            {
                int length = (int)CStrings.Length(known);
                int copied = length < destination.Length ? length : destination.Length;
                new System.ReadOnlySpan<byte>(known, copied).CopyTo(destination);
                return length;
            }
            if (signal >= RealTimeMin && signal <= RealTimeMax)
                return DecimalText.WriteLabelled("Real-time signal "u8, signal - RealTimeMin, destination);
            return DecimalText.WriteLabelled("Unknown signal "u8, signal, destination);
        }

        private static System.ReadOnlySpan<ushort> Offsets =>
        [
            0, 1, 8, 18, 23, 43, 65, 73, 83, 108, 115, 137, 156, 178, 190, 202, 213, 225, 238, 248, 265, 273,
            293, 314, 335, 359, 384, 406, 430, 445, 458, 472,
        ];

        private static System.ReadOnlySpan<byte> Texts =>
            "\0"u8 +
            "Hangup\0"u8 +
            "Interrupt\0"u8 +
            "Quit\0"u8 +
            "Illegal instruction\0"u8 +
            "Trace/breakpoint trap\0"u8 +
            "Aborted\0"u8 +
            "Bus error\0"u8 +
            "Floating point exception\0"u8 +
            "Killed\0"u8 +
            "User defined signal 1\0"u8 +
            "Segmentation fault\0"u8 +
            "User defined signal 2\0"u8 +
            "Broken pipe\0"u8 +
            "Alarm clock\0"u8 +
            "Terminated\0"u8 +
            "Stack fault\0"u8 +
            "Child exited\0"u8 +
            "Continued\0"u8 +
            "Stopped (signal)\0"u8 +
            "Stopped\0"u8 +
            "Stopped (tty input)\0"u8 +
            "Stopped (tty output)\0"u8 +
            "Urgent I/O condition\0"u8 +
            "CPU time limit exceeded\0"u8 +
            "File size limit exceeded\0"u8 +
            "Virtual timer expired\0"u8 +
            "Profiling timer expired\0"u8 +
            "Window changed\0"u8 +
            "I/O possible\0"u8 +
            "Power failure\0"u8 +
            "Bad system call\0"u8;
    }
}
