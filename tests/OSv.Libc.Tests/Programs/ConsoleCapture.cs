// Captures what a hosted C program writes to its standard output and error (one interleaved
// text, as a terminal would show it), and gives it an empty standard input.
using System;
using System.IO;
using OSv.Libc.Files;

namespace OSv.Libc.Tests.Programs
{
    public sealed class ConsoleCapture : IDisposable
    {
        private readonly MemoryStream _output = new();

        public ConsoleCapture()
        {
            OSv.Libc.Stdio.Streams.ResetStandardStreams();
            LibcConsole.SetOutput(_output, _output);
            LibcConsole.SetInput(Array.Empty<byte>());
        }

        public string Text => System.Text.Encoding.UTF8.GetString(_output.ToArray());

        public void Dispose() => LibcConsole.Reset();
    }
}
