// The host's glibc libm, the reference every OSv.Libc math test compares against. SetLastError
// makes the runtime clear errno before each call and capture it after (Marshal.GetLastPInvokeError).
namespace OSv.Libc.Tests.Math
{
    using System.Runtime.InteropServices;

    internal static unsafe class GlibcMath
    {
        private const string Libm = "libm.so.6";

        [DllImport(Libm, EntryPoint = "sqrt", SetLastError = true)] public static extern double Sqrt(double x);
        [DllImport(Libm, EntryPoint = "fabs", SetLastError = true)] public static extern double Fabs(double x);
        [DllImport(Libm, EntryPoint = "floor", SetLastError = true)] public static extern double Floor(double x);
        [DllImport(Libm, EntryPoint = "ceil", SetLastError = true)] public static extern double Ceil(double x);
        [DllImport(Libm, EntryPoint = "trunc", SetLastError = true)] public static extern double Trunc(double x);
        [DllImport(Libm, EntryPoint = "round", SetLastError = true)] public static extern double Round(double x);
        [DllImport(Libm, EntryPoint = "rint", SetLastError = true)] public static extern double Rint(double x);
        [DllImport(Libm, EntryPoint = "nearbyint", SetLastError = true)] public static extern double NearbyInt(double x);
        [DllImport(Libm, EntryPoint = "lround", SetLastError = true)] public static extern long LRound(double x);
        [DllImport(Libm, EntryPoint = "llround", SetLastError = true)] public static extern long LLRound(double x);
        [DllImport(Libm, EntryPoint = "lrint", SetLastError = true)] public static extern long LRint(double x);
        [DllImport(Libm, EntryPoint = "fmod", SetLastError = true)] public static extern double Fmod(double x, double y);
        [DllImport(Libm, EntryPoint = "remainder", SetLastError = true)] public static extern double Remainder(double x, double y);
        [DllImport(Libm, EntryPoint = "modf", SetLastError = true)] public static extern double Modf(double x, double* integral);
        [DllImport(Libm, EntryPoint = "frexp", SetLastError = true)] public static extern double Frexp(double x, int* exponent);
        [DllImport(Libm, EntryPoint = "ldexp", SetLastError = true)] public static extern double Ldexp(double x, int exponent);
        [DllImport(Libm, EntryPoint = "scalbn", SetLastError = true)] public static extern double Scalbn(double x, int exponent);
        [DllImport(Libm, EntryPoint = "logb", SetLastError = true)] public static extern double Logb(double x);
        [DllImport(Libm, EntryPoint = "ilogb", SetLastError = true)] public static extern int Ilogb(double x);
        [DllImport(Libm, EntryPoint = "copysign", SetLastError = true)] public static extern double CopySign(double x, double y);
        [DllImport(Libm, EntryPoint = "nextafter", SetLastError = true)] public static extern double NextAfter(double x, double y);
        [DllImport(Libm, EntryPoint = "fmin", SetLastError = true)] public static extern double Fmin(double x, double y);
        [DllImport(Libm, EntryPoint = "fmax", SetLastError = true)] public static extern double Fmax(double x, double y);
        [DllImport(Libm, EntryPoint = "fdim", SetLastError = true)] public static extern double Fdim(double x, double y);
        [DllImport(Libm, EntryPoint = "fma", SetLastError = true)] public static extern double Fma(double x, double y, double z);
        [DllImport(Libm, EntryPoint = "hypot", SetLastError = true)] public static extern double Hypot(double x, double y);
        [DllImport(Libm, EntryPoint = "cbrt", SetLastError = true)] public static extern double Cbrt(double x);
        [DllImport(Libm, EntryPoint = "exp", SetLastError = true)] public static extern double Exp(double x);
        [DllImport(Libm, EntryPoint = "exp2", SetLastError = true)] public static extern double Exp2(double x);
        [DllImport(Libm, EntryPoint = "expm1", SetLastError = true)] public static extern double Expm1(double x);
        [DllImport(Libm, EntryPoint = "log", SetLastError = true)] public static extern double Log(double x);
        [DllImport(Libm, EntryPoint = "log2", SetLastError = true)] public static extern double Log2(double x);
        [DllImport(Libm, EntryPoint = "log10", SetLastError = true)] public static extern double Log10(double x);
        [DllImport(Libm, EntryPoint = "log1p", SetLastError = true)] public static extern double Log1p(double x);
        [DllImport(Libm, EntryPoint = "pow", SetLastError = true)] public static extern double Pow(double x, double y);
        [DllImport(Libm, EntryPoint = "sin", SetLastError = true)] public static extern double Sin(double x);
        [DllImport(Libm, EntryPoint = "cos", SetLastError = true)] public static extern double Cos(double x);
        [DllImport(Libm, EntryPoint = "tan", SetLastError = true)] public static extern double Tan(double x);
        [DllImport(Libm, EntryPoint = "sincos", SetLastError = true)] public static extern void SinCos(double x, double* sine, double* cosine);
        [DllImport(Libm, EntryPoint = "asin", SetLastError = true)] public static extern double Asin(double x);
        [DllImport(Libm, EntryPoint = "acos", SetLastError = true)] public static extern double Acos(double x);
        [DllImport(Libm, EntryPoint = "atan", SetLastError = true)] public static extern double Atan(double x);
        [DllImport(Libm, EntryPoint = "atan2", SetLastError = true)] public static extern double Atan2(double y, double x);
        [DllImport(Libm, EntryPoint = "sinh", SetLastError = true)] public static extern double Sinh(double x);
        [DllImport(Libm, EntryPoint = "cosh", SetLastError = true)] public static extern double Cosh(double x);
        [DllImport(Libm, EntryPoint = "tanh", SetLastError = true)] public static extern double Tanh(double x);
        [DllImport(Libm, EntryPoint = "asinh", SetLastError = true)] public static extern double Asinh(double x);
        [DllImport(Libm, EntryPoint = "acosh", SetLastError = true)] public static extern double Acosh(double x);
        [DllImport(Libm, EntryPoint = "atanh", SetLastError = true)] public static extern double Atanh(double x);
        [DllImport(Libm, EntryPoint = "erf", SetLastError = true)] public static extern double Erf(double x);
        [DllImport(Libm, EntryPoint = "erfc", SetLastError = true)] public static extern double Erfc(double x);
        [DllImport(Libm, EntryPoint = "tgamma", SetLastError = true)] public static extern double Tgamma(double x);
        [DllImport(Libm, EntryPoint = "lgamma", SetLastError = true)] public static extern double Lgamma(double x);
        [DllImport(Libm, EntryPoint = "__fpclassify")] public static extern int FpClassify(double x);
        [DllImport(Libm, EntryPoint = "__signbit")] public static extern int SignBit(double x);
        [DllImport("libc.so.6", EntryPoint = "__isnan")] public static extern int IsNaN(double x);
        [DllImport("libc.so.6", EntryPoint = "__isinf")] public static extern int IsInf(double x);
        [DllImport("libc.so.6", EntryPoint = "__finite")] public static extern int Finite(double x);
        [DllImport(Libm, EntryPoint = "sqrtf", SetLastError = true)] public static extern float Sqrtf(float x);
        [DllImport(Libm, EntryPoint = "fabsf", SetLastError = true)] public static extern float Fabsf(float x);
        [DllImport(Libm, EntryPoint = "floorf", SetLastError = true)] public static extern float Floorf(float x);
        [DllImport(Libm, EntryPoint = "ceilf", SetLastError = true)] public static extern float Ceilf(float x);
        [DllImport(Libm, EntryPoint = "sinf", SetLastError = true)] public static extern float Sinf(float x);
        [DllImport(Libm, EntryPoint = "cosf", SetLastError = true)] public static extern float Cosf(float x);
        [DllImport(Libm, EntryPoint = "expf", SetLastError = true)] public static extern float Expf(float x);
        [DllImport(Libm, EntryPoint = "logf", SetLastError = true)] public static extern float Logf(float x);
        [DllImport(Libm, EntryPoint = "powf", SetLastError = true)] public static extern float Powf(float x, float y);
        [DllImport(Libm, EntryPoint = "fmodf", SetLastError = true)] public static extern float Fmodf(float x, float y);
    }
}
