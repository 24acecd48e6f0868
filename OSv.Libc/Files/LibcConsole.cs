// The console under file descriptors 0, 1 and 2 (and /dev/tty, /dev/stdin...): the platform
// seam of the C library's I/O. An image writes to the kernel console (the serial port) and
// reads an empty stdin (LibcConsole.Metal.cs); hosted, the host process's own stdin, stdout
// and stderr are used, and tests can redirect each to memory (LibcConsole.Hosted.cs).
// Streams are named by their descriptor number: InputStream (0), OutputStream (1),
// ErrorStream (2). Calls are unlocked here: each backend serialises its own device.
namespace OSv.Libc.Files
{
    public static unsafe partial class LibcConsole
    {
        public const int InputStream = 0, OutputStream = 1, ErrorStream = 2;

        /// <summary>Writes <paramref name="count"/> bytes to the output or error stream; returns
        /// the bytes written (all of them: the console does not do short writes).</summary>
        public static long Write(int stream, byte* bytes, long count)
        {
            if (count <= 0)
                return 0;
            return WriteCore(stream == ErrorStream ? ErrorStream : OutputStream, bytes, count);
        }

        /// <summary>Reads up to <paramref name="count"/> bytes of input; 0 at end of input.</summary>
        public static long Read(byte* buffer, long count)
        {
            if (count <= 0)
                return 0;
            return ReadCore(buffer, count);
        }

        /// <summary>Whether the stream is an interactive terminal (isatty; picks line buffering).</summary>
        public static bool IsTerminal(int stream) => IsTerminalCore(stream);
    }
}
