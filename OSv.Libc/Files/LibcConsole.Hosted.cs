// The console of the hosted C library: by default the host process's stdin, stdout and stderr
// (through .NET's unbuffered standard streams, so bytes leave in the order C code wrote them);
// tests redirect output to their own streams and feed input from a byte array. Terminal-ness
// follows the host (isatty on the real descriptor); a redirected stream is never a terminal.
namespace OSv.Libc.Files
{
    using System;
    using System.IO;

    public static unsafe partial class LibcConsole
    {
        private static readonly object s_gate = new object();
        private static Stream? s_hostOutput, s_hostError, s_hostInput;
        private static Stream? s_output, s_error;
        private static byte[]? s_input;
        private static int s_inputPosition;

        /// <summary>Sends stdout (and stderr, if <paramref name="error"/> is given) to streams;
        /// null restores the host's.</summary>
        public static void SetOutput(Stream? output, Stream? error = null)
        {
            lock (s_gate)
            {
                s_output = output;
                s_error = error;
            }
        }

        /// <summary>Makes stdin read <paramref name="input"/> then end; null restores the host's.</summary>
        public static void SetInput(byte[]? input)
        {
            lock (s_gate)
            {
                s_input = input;
                s_inputPosition = 0;
            }
        }

        /// <summary>Back to the host's stdin, stdout and stderr.</summary>
        public static void Reset()
        {
            SetOutput(null);
            SetInput(null);
        }

        private static long WriteCore(int stream, byte* bytes, long count)
        {
            lock (s_gate)
            {
                Stream target = stream == ErrorStream
                    ? s_error ?? (s_hostError ??= Console.OpenStandardError())
                    : s_output ?? (s_hostOutput ??= Console.OpenStandardOutput());
                long written = 0;
                while (written < count)
                {
                    int chunk = (int)Math.Min(count - written, int.MaxValue);
                    target.Write(new ReadOnlySpan<byte>(bytes + written, chunk));
                    written += chunk;
                }
                target.Flush();
                return written;
            }
        }

        private static long ReadCore(byte* buffer, long count)
        {
            lock (s_gate)
            {
                if (s_input != null)
                {
                    int available = s_input.Length - s_inputPosition;
                    int taken = (int)Math.Min(available, count);
                    s_input.AsSpan(s_inputPosition, taken).CopyTo(new Span<byte>(buffer, taken));
                    s_inputPosition += taken;
                    return taken;
                }
                s_hostInput ??= Console.OpenStandardInput();
            }
            // The host read blocks: outside the gate, so output is not held up.
            return s_hostInput.Read(new Span<byte>(buffer, (int)Math.Min(count, int.MaxValue)));
        }

        private static bool IsTerminalCore(int stream)
        {
            lock (s_gate)
            {
                return stream switch
                {
                    InputStream => s_input == null && !Console.IsInputRedirected,
                    OutputStream => s_output == null && !Console.IsOutputRedirected,
                    ErrorStream => s_error == null && !Console.IsErrorRedirected,
                    _ => false,
                };
            }
        }
    }
}
