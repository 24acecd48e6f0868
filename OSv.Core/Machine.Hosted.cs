using System;

namespace OSv.Core
{
    public static partial class Machine
    {
        private const string PlatformName = "hosted";

        private static int ProcessorCountCore => Environment.ProcessorCount;

        private static long RescheduleInterruptsSentCore => 0;

        private static void ExitCore(int exitCode) => Environment.Exit(exitCode);

        private static void PanicCore(string reason)
        {
            Console.Error.WriteLine("PANIC: " + reason);
            Environment.Exit(PanicExitStatus);
        }

        private static void PanicAsciiCore(ReadOnlySpan<byte> reason) => PanicCore(System.Text.Encoding.ASCII.GetString(reason));
    }
}
