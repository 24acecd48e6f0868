// The kernel console for libraries above the kernel (the runtime's PAL installs it as the sink
// of stdout and stderr): the serial port, one writer at a time (writes from several CPUs do not
// interleave within a call), LF written as CR LF for terminals.
// (In OSv.Core.Platform, not OSv.Core.Console: a public OSv.Core.Console namespace would capture
// every `Console.` written inside OSv.Core.* namespaces, hosted too.)
using System;

namespace OSv.Core.Platform
{
    public static unsafe class KernelConsole
    {
        public static void Write(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty)
                return;
            fixed (byte* first = bytes)
                Console.Serial16550.Write(first, bytes.Length);
        }
    }
}
