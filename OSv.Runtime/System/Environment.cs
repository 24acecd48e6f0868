using Internal.Runtime;

namespace System
{
    public static unsafe class Environment
    {
        public static string NewLine => "\n";

        // One application per machine: exiting the application stops the machine, with this status.
        public static void Exit(int exitCode)
        {
            if (KernelServices.Exit != null)
                KernelServices.Exit(exitCode);
            RuntimeFailure.FailFast("Environment.Exit called before the kernel installed its exit service");
        }

        public static void FailFast(string? message) => RuntimeFailure.FailFast(message ?? "Environment.FailFast");
    }

    public static class Math
    {
        public static int Min(int a, int b) => a < b ? a : b;
        public static int Max(int a, int b) => a > b ? a : b;
        public static long Min(long a, long b) => a < b ? a : b;
        public static long Max(long a, long b) => a > b ? a : b;
        public static ulong Min(ulong a, ulong b) => a < b ? a : b;
        public static ulong Max(ulong a, ulong b) => a > b ? a : b;

        public static int Abs(int value)
        {
            if (value == int.MinValue)
                throw new OverflowException();
            return value < 0 ? -value : value;
        }

        public static long Abs(long value)
        {
            if (value == long.MinValue)
                throw new OverflowException();
            return value < 0 ? -value : value;
        }
    }
}
