using System;
using System.IO;

namespace OSv.Runtime.Pal
{
    internal static unsafe partial class ConsoleOutput
    {
        private static readonly object s_hostGate = new object();
        private static Stream? s_hostOutput, s_hostError;

        private static bool WriteWithoutSink(int stream, byte* bytes, int count)
        {
            lock (s_hostGate)
            {
                Stream target = stream == ErrorStream
                    ? s_hostError ??= Console.OpenStandardError()
                    : s_hostOutput ??= Console.OpenStandardOutput();
                target.Write(new ReadOnlySpan<byte>(bytes, count));
                target.Flush();
            }
            return true;
        }
    }
}
