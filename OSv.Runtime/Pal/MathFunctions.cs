// The C math functions CoreLib calls for System.Math (Math.Pow → pow, Math.Sin → sin, Math.ModF →
// modf, ...; the thread pool's hill climbing uses pow, sin, cos and modf), which a NativeAOT
// program gets from the platform's libm. Ours are OSv.Libc's pure primitives (OSv.Libc/Math,
// compiled into this assembly from source; correctly rounded or within glibc's documented ulps,
// tested against glibc in tests/OSv.Libc.Tests). No errno: CoreLib never reads it after a math
// call. Exported with the managed convention, which for double arguments and results is the
// System V C convention (xmm0, xmm1 in; xmm0 out; modf's pointer in rdi).
// Not here: ceil, memmove, memset (Arch/X64/runtime.S); the float (MathF) family, which stays a
// generated stub until something needs it.
using System.Runtime;
using OSv.Libc.Math;

namespace OSv.Runtime.Pal
{
    internal static unsafe class MathFunctions
    {
        [RuntimeExport("pow")] internal static double Pow(double x, double y) => Power.Pow(x, y);
        [RuntimeExport("sin")] internal static double Sin(double x) => Trigonometric.Sin(x);
        [RuntimeExport("cos")] internal static double Cos(double x) => Trigonometric.Cos(x);
        [RuntimeExport("tan")] internal static double Tan(double x) => Trigonometric.Tan(x);
        [RuntimeExport("asin")] internal static double Asin(double x) => InverseTrigonometric.Asin(x);
        [RuntimeExport("acos")] internal static double Acos(double x) => InverseTrigonometric.Acos(x);
        [RuntimeExport("atan")] internal static double Atan(double x) => InverseTrigonometric.Atan(x);
        [RuntimeExport("atan2")] internal static double Atan2(double y, double x) => InverseTrigonometric.Atan2(y, x);
        [RuntimeExport("exp")] internal static double Exp(double x) => Exponential.Exp(x);
        [RuntimeExport("log")] internal static double Log(double x) => Logarithm.Log(x);
        [RuntimeExport("log2")] internal static double Log2(double x) => Logarithm.Log2(x);
        [RuntimeExport("log10")] internal static double Log10(double x) => Logarithm.Log10(x);
        [RuntimeExport("sinh")] internal static double Sinh(double x) => Hyperbolic.Sinh(x);
        [RuntimeExport("cosh")] internal static double Cosh(double x) => Hyperbolic.Cosh(x);
        [RuntimeExport("tanh")] internal static double Tanh(double x) => Hyperbolic.Tanh(x);
        [RuntimeExport("asinh")] internal static double Asinh(double x) => Hyperbolic.Asinh(x);
        [RuntimeExport("acosh")] internal static double Acosh(double x) => Hyperbolic.Acosh(x);
        [RuntimeExport("atanh")] internal static double Atanh(double x) => Hyperbolic.Atanh(x);
        [RuntimeExport("cbrt")] internal static double Cbrt(double x) => CubeRoot.Compute(x);

        [RuntimeExport("modf")]
        internal static double Modf(double x, double* integral)
        {
            double fraction = Manipulation.Modf(x, out double integralPart);
            *integral = integralPart;
            return fraction;
        }
    }
}
