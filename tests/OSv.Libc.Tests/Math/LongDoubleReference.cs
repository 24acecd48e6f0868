// A more precise reference than glibc's double functions: glibc's long double (x87, 64-bit
// significand) functions, reached through a small C shim compiled with gcc on first use. Each
// shim function returns the long double result split into a double pair (hi, lo), so a test can
// measure our error in ulps to about 2^-11 ulp (glibc's long double errors are a few long
// double ulps, each 2^-11 of a double ulp).
namespace OSv.Libc.Tests.Math
{
    using System;
    using System.Diagnostics;
    using System.IO;
    using System.Runtime.InteropServices;

    internal static unsafe class LongDoubleReference
    {
        public static readonly string[] Functions =
        {
            "cbrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "asin", "acos",
            "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "tgamma", "lgamma",
        };

        private static readonly Lazy<IntPtr> Library = new(Build);

        /// <summary>f(x) for the named function, as hi + lo (hi the double nearest).</summary>
        public static (double Hi, double Lo) Evaluate(string function, double x)
        {
            var entry = (delegate* unmanaged<double, double*, void>)NativeLibrary.GetExport(Library.Value, "ref_" + function);
            double* pair = stackalloc double[2];
            entry(x, pair);
            return (pair[0], pair[1]);
        }

        public static (double Hi, double Lo) Pow(double x, double y)
        {
            var entry = (delegate* unmanaged<double, double, double*, void>)NativeLibrary.GetExport(Library.Value, "ref_pow");
            double* pair = stackalloc double[2];
            entry(x, y, pair);
            return (pair[0], pair[1]);
        }

        /// <summary>|mine - (hi + lo)| in units of mine's last place.</summary>
        public static double ErrorUlps(double mine, (double Hi, double Lo) reference)
        {
            double difference = (mine - reference.Hi) - reference.Lo;  // mine - hi is exact when close
            int exponent = Math.ILogB(mine);
            double ulp = Math.ScaleB(1.0, Math.Max(exponent, -1022) - 52);
            return Math.Abs(difference) / ulp;
        }

        private static IntPtr Build()
        {
            string directory = Path.Combine(Path.GetTempPath(), "osv-libm-reference-" + Environment.ProcessId);
            Directory.CreateDirectory(directory);
            string source = Path.Combine(directory, "reference.c");
            string library = Path.Combine(directory, "libreference.so");
            using (var writer = new StreamWriter(source))
            {
                writer.WriteLine("#include <math.h>");
                writer.WriteLine("static void split(long double r, double *out) { double hi = (double)r; out[0] = hi; out[1] = (double)(r - hi); }");
                foreach (string function in Functions)
                    writer.WriteLine($"void ref_{function}(double x, double *out) {{ split({function}l((long double)x), out); }}");
                writer.WriteLine("void ref_pow(double x, double y, double *out) { split(powl((long double)x, (long double)y), out); }");
            }
            var start = new ProcessStartInfo("gcc", $"-O2 -shared -fPIC -o \"{library}\" \"{source}\" -lm")
            {
                RedirectStandardError = true,
            };
            using (Process gcc = Process.Start(start)!)
            {
                string errors = gcc.StandardError.ReadToEnd();
                gcc.WaitForExit();
                if (gcc.ExitCode != 0)
                    throw new InvalidOperationException("gcc failed on the long double reference: " + errors);
            }
            return NativeLibrary.Load(library);
        }
    }
}
