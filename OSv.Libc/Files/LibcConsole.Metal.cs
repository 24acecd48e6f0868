// The console in an image: output goes to the kernel console (the serial port the runtime's
// System.Console also uses), input is always at its end (there is no console input device yet).
// The serial port is a terminal: stdout is line-buffered, as on a Linux tty.
namespace OSv.Libc.Files
{
    public static unsafe partial class LibcConsole
    {
        private const int WriteChunkBytesMax = 1 << 30;

        private static long WriteCore(int stream, byte* bytes, long count)
        {
            long written = 0;
            while (written < count)
            {
                long chunk = count - written < WriteChunkBytesMax ? count - written : WriteChunkBytesMax;
                OSv.Core.Platform.KernelConsole.Write(new System.ReadOnlySpan<byte>(bytes + written, (int)chunk));
                written += chunk;
            }
            return written;
        }

        private static long ReadCore(byte* buffer, long count) => 0;

        private static bool IsTerminalCore(int stream) => stream != InputStream;
    }
}
