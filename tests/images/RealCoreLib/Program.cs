// The first image on the unmodified System.Private.CoreLib (issue 4): ordinary C# — string
// interpolation, List<T> with LINQ, Dictionary, StringBuilder, exceptions — and an exit code from Main.
// Arguments come from the kernel command line; "--exit-code N" makes Main return N;
// OSV_GREETING in the environment adds a line; "--throw-unhandled" ends Main with an exception nothing catches (the report, then the panic).
// tests/OSv.Image.Tests/RealCoreLib boots it and asserts the exact lines.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RealCoreLib
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            Console.WriteLine("Hello from the real System.Private.CoreLib!");
            Console.WriteLine($"args: {args.Length}");
            for (int i = 0; i < args.Length; i++)
                Console.WriteLine($"arg[{i}] = {args[i]}");

            var numbers = new List<int> { 42, 7, 19, 3, 28 };
            List<int> sorted = numbers.OrderBy(n => n).ToList();
            Console.WriteLine($"sorted: {string.Join(",", sorted)}");
            Console.WriteLine($"sum of evens: {numbers.Where(n => n % 2 == 0).Sum()}");

            var wordLengths = new Dictionary<string, int>();
            foreach (string word in new[] { "alpha", "beta", "gamma", "beta" })
                wordLengths[word] = word.Length;
            Console.WriteLine($"dictionary: {wordLengths.Count} keys, gamma={wordLengths["gamma"]}");

            var builder = new StringBuilder();
            for (int i = 0; i < 3; i++)
                builder.Append(i).Append(':');
            builder.Append(3.5.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Console.WriteLine($"builder: {builder}");

            Console.WriteLine($"exceptions: {Exceptions()}");
            Console.WriteLine($"faults: {Faults()}");
            // From the kernel command line's --env=NAME=VALUE options (osv run --env).
            string? greeting = Environment.GetEnvironmentVariable("OSV_GREETING");
            if (greeting != null)
                Console.WriteLine($"env: OSV_GREETING={greeting}, HOME={Environment.GetEnvironmentVariable("HOME") ?? "(unset)"}");
            if (Array.IndexOf(args, "--throw-unhandled") >= 0)
                ThrowUnhandled(2);

            return ExitCodeFrom(args);
        }

        // Throw and catch by type across frames, a when filter, finally order, rethrow; each step
        // appends to the trace.
        private static string Exceptions()
        {
            var trace = new StringBuilder();
            try
            {
                Thrower(3);
            }
            catch (ArgumentException e) when (e.ParamName == "depth")
            {
                trace.Append("caught ").Append(e.ParamName);
            }
            finally
            {
                trace.Append(", finally");
            }
            try
            {
                try
                {
                    throw new InvalidOperationException("inner");
                }
                catch (InvalidOperationException)
                {
                    trace.Append(", rethrow");
                    throw;
                }
            }
            catch (InvalidOperationException e)
            {
                trace.Append(", outer ").Append(e.Message);
            }
            return trace.ToString();
        }

        // CPU faults in managed code become exceptions: a null field read and a null array's
        // length (#PF below 64 KiB) and integer division by zero (#DE).
        private static string Faults()
        {
            var trace = new StringBuilder();
            try
            {
                trace.Append(ReadField(null));
            }
            catch (NullReferenceException)
            {
                trace.Append("null field");
            }
            try
            {
                trace.Append(LengthOf(null));
            }
            catch (NullReferenceException)
            {
                trace.Append(", null array");
            }
            try
            {
                trace.Append(Divide(7, 0));
            }
            catch (DivideByZeroException)
            {
                trace.Append(", divide by zero");
            }
            return trace.ToString();
        }

        private sealed class Box
        {
            public int Value = 1;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static int ReadField(Box? box) => box!.Value;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static int LengthOf(int[]? array) => array!.Length;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static int Divide(int dividend, int divisor) => dividend / divisor;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void Thrower(int depth)
        {
            if (depth == 0)
                throw new ArgumentException("too deep", "depth");
            Thrower(depth - 1);
        }

        // Nothing catches this one: CoreLib reports it (type, message, stack trace) and fails fast.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void ThrowUnhandled(int depth)
        {
            if (depth == 0)
                throw new InvalidOperationException("nobody catches this");
            ThrowUnhandled(depth - 1);
        }

        private static int ExitCodeFrom(string[] args)
        {
            int index = Array.IndexOf(args, "--exit-code");
            if (index < 0)
                return 0;
            if (index + 1 < args.Length && int.TryParse(args[index + 1], out int code))
                return code;
            Console.WriteLine("--exit-code needs a number");
            return 2;
        }
    }
}
