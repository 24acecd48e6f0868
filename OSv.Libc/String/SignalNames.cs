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
            System.ReadOnlySpan<byte> text = Text(signal);
            if (text.IsEmpty)
                return null;
            fixed (byte* start = text)
                return start;
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

        // Each u8 literal is stored with a NUL after it (C# guarantees it), at a fixed address.
        private static System.ReadOnlySpan<byte> Text(int number) => number switch
        {
            1 => "Hangup"u8,
            2 => "Interrupt"u8,
            3 => "Quit"u8,
            4 => "Illegal instruction"u8,
            5 => "Trace/breakpoint trap"u8,
            6 => "Aborted"u8,
            7 => "Bus error"u8,
            8 => "Floating point exception"u8,
            9 => "Killed"u8,
            10 => "User defined signal 1"u8,
            11 => "Segmentation fault"u8,
            12 => "User defined signal 2"u8,
            13 => "Broken pipe"u8,
            14 => "Alarm clock"u8,
            15 => "Terminated"u8,
            16 => "Stack fault"u8,
            17 => "Child exited"u8,
            18 => "Continued"u8,
            19 => "Stopped (signal)"u8,
            20 => "Stopped"u8,
            21 => "Stopped (tty input)"u8,
            22 => "Stopped (tty output)"u8,
            23 => "Urgent I/O condition"u8,
            24 => "CPU time limit exceeded"u8,
            25 => "File size limit exceeded"u8,
            26 => "Virtual timer expired"u8,
            27 => "Profiling timer expired"u8,
            28 => "Window changed"u8,
            29 => "I/O possible"u8,
            30 => "Power failure"u8,
            31 => "Bad system call"u8,
            _ => default,
        };
    }
}
