// Hosted, the kernel console is the process's standard output (the terminal translates LF).
using System;
using System.IO;

namespace OSv.Core.Platform
{
    public static class KernelConsole
    {
        private static readonly object s_writerLock = new object();
        private static Stream? s_output;

        public static void Write(ReadOnlySpan<byte> bytes)
        {
            lock (s_writerLock)
            {
                s_output ??= System.Console.OpenStandardOutput();
                s_output.Write(bytes);
                s_output.Flush();
            }
        }
    }
}
