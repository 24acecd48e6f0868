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

        // Checked conversions from double (C# `checked((int)d)`, and overflow-checked conversions
        // ilc lowers to these helpers). NaN and out-of-range values throw, as on .NET.
        public static int ConvertToInt32Checked(double value)
        {
            if (!(value > -2147483649.0 && value < 2147483648.0))
                throw new OverflowException();
            return (int)value;
        }

        public static uint ConvertToUInt32Checked(double value)
        {
            if (!(value > -1.0 && value < 4294967296.0))
                throw new OverflowException();
            return (uint)(long)value;
        }

        public static long ConvertToInt64Checked(double value)
        {
            if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0))
                throw new OverflowException();
            return (long)value;
        }

        public static ulong ConvertToUInt64Checked(double value)
        {
            if (!(value > -1.0 && value < 18446744073709551616.0))
                throw new OverflowException();
            return ConvertToUInt64(value);
        }

        // Saturating, as .NET 9+ defines unchecked double-to-integer conversions.
        public static ulong ConvertToUInt64(double value)
        {
            if (!(value > 0.0))
                return 0;
            if (value >= 18446744073709551616.0)
                return ulong.MaxValue;
            if (value < 9223372036854775808.0)
                return (ulong)(long)value;
            return (ulong)(long)(value - 9223372036854775808.0) + 9223372036854775808UL;
        }
    }
}
