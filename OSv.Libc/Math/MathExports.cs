// math.h as C functions (C11 7.12) for objects OSv.Loader binds: each entry is a thin
// [UnmanagedCallersOnly] wrapper over Libm, so errno and special values follow glibc 2.36 on x86-64.
// Not exported: long double variants (sinl, powl, ...: x87 arguments need their own ABI work) and
// float variants beyond the common ones listed at the end. lgamma stores the sign of G(x) in the
// data object signgam, an int cell in unmanaged memory whose address the loader binds like any
// other data symbol.
using System.Runtime.InteropServices;

namespace OSv.Libc.Math
{
    public static unsafe class MathExports
    {
        private static int* _signgam;

        /// <summary>The address of C's signgam (allocated on first use, never freed).</summary>
        public static int* SigngamCell
        {
            get
            {
                if (_signgam == null)
                    _signgam = (int*)OSv.Libc.Memory.CellMemory.AllocateZeroed(sizeof(int));
                return _signgam;
            }
        }

        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("signgam"u8, (nint)SigngamCell);
            RegisterExact(table);
            RegisterTranscendental(table);
            RegisterSinglePrecision(table);
            RegisterClassification(table);
        }

        private static void RegisterClassification(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("__fpclassify"u8, (nint)(delegate* unmanaged<double, int>)&__fpclassify);
            table.Add("__isnan"u8, (nint)(delegate* unmanaged<double, int>)&__isnan);
            table.Add("isnan"u8, (nint)(delegate* unmanaged<double, int>)&__isnan);
            table.Add("__isinf"u8, (nint)(delegate* unmanaged<double, int>)&__isinf);
            table.Add("isinf"u8, (nint)(delegate* unmanaged<double, int>)&__isinf);
            table.Add("__finite"u8, (nint)(delegate* unmanaged<double, int>)&__finite);
            table.Add("finite"u8, (nint)(delegate* unmanaged<double, int>)&__finite);
            table.Add("__signbit"u8, (nint)(delegate* unmanaged<double, int>)&__signbit);
        }

        private static void RegisterExact(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("sqrt"u8, (nint)(delegate* unmanaged<double, double>)&sqrt);
            table.Add("fabs"u8, (nint)(delegate* unmanaged<double, double>)&fabs);
            table.Add("floor"u8, (nint)(delegate* unmanaged<double, double>)&floor);
            table.Add("ceil"u8, (nint)(delegate* unmanaged<double, double>)&ceil);
            table.Add("trunc"u8, (nint)(delegate* unmanaged<double, double>)&trunc);
            table.Add("round"u8, (nint)(delegate* unmanaged<double, double>)&round);
            table.Add("rint"u8, (nint)(delegate* unmanaged<double, double>)&rint);
            table.Add("nearbyint"u8, (nint)(delegate* unmanaged<double, double>)&nearbyint);
            table.Add("lround"u8, (nint)(delegate* unmanaged<double, long>)&lround);
            table.Add("llround"u8, (nint)(delegate* unmanaged<double, long>)&lround);
            table.Add("lrint"u8, (nint)(delegate* unmanaged<double, long>)&lrint);
            table.Add("llrint"u8, (nint)(delegate* unmanaged<double, long>)&lrint);
            table.Add("fmod"u8, (nint)(delegate* unmanaged<double, double, double>)&fmod);
            table.Add("remainder"u8, (nint)(delegate* unmanaged<double, double, double>)&remainder);
            table.Add("drem"u8, (nint)(delegate* unmanaged<double, double, double>)&remainder);
            table.Add("modf"u8, (nint)(delegate* unmanaged<double, double*, double>)&modf);
            table.Add("frexp"u8, (nint)(delegate* unmanaged<double, int*, double>)&frexp);
            table.Add("ldexp"u8, (nint)(delegate* unmanaged<double, int, double>)&ldexp);
            table.Add("scalbn"u8, (nint)(delegate* unmanaged<double, int, double>)&ldexp);
            table.Add("scalbln"u8, (nint)(delegate* unmanaged<double, long, double>)&scalbln);
            table.Add("logb"u8, (nint)(delegate* unmanaged<double, double>)&logb);
            table.Add("ilogb"u8, (nint)(delegate* unmanaged<double, int>)&ilogb);
            table.Add("copysign"u8, (nint)(delegate* unmanaged<double, double, double>)&copysign);
            table.Add("nextafter"u8, (nint)(delegate* unmanaged<double, double, double>)&nextafter);
            table.Add("fmin"u8, (nint)(delegate* unmanaged<double, double, double>)&fmin);
            table.Add("fmax"u8, (nint)(delegate* unmanaged<double, double, double>)&fmax);
            table.Add("fdim"u8, (nint)(delegate* unmanaged<double, double, double>)&fdim);
            table.Add("fma"u8, (nint)(delegate* unmanaged<double, double, double, double>)&fma);
            table.Add("hypot"u8, (nint)(delegate* unmanaged<double, double, double>)&hypot);
            table.Add("cbrt"u8, (nint)(delegate* unmanaged<double, double>)&cbrt);
        }

        private static void RegisterTranscendental(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("exp"u8, (nint)(delegate* unmanaged<double, double>)&exp);
            table.Add("exp2"u8, (nint)(delegate* unmanaged<double, double>)&exp2);
            table.Add("expm1"u8, (nint)(delegate* unmanaged<double, double>)&expm1);
            table.Add("log"u8, (nint)(delegate* unmanaged<double, double>)&log);
            table.Add("log2"u8, (nint)(delegate* unmanaged<double, double>)&log2);
            table.Add("log10"u8, (nint)(delegate* unmanaged<double, double>)&log10);
            table.Add("log1p"u8, (nint)(delegate* unmanaged<double, double>)&log1p);
            table.Add("pow"u8, (nint)(delegate* unmanaged<double, double, double>)&pow);
            table.Add("sin"u8, (nint)(delegate* unmanaged<double, double>)&sin);
            table.Add("cos"u8, (nint)(delegate* unmanaged<double, double>)&cos);
            table.Add("tan"u8, (nint)(delegate* unmanaged<double, double>)&tan);
            table.Add("sincos"u8, (nint)(delegate* unmanaged<double, double*, double*, void>)&sincos);
            table.Add("asin"u8, (nint)(delegate* unmanaged<double, double>)&asin);
            table.Add("acos"u8, (nint)(delegate* unmanaged<double, double>)&acos);
            table.Add("atan"u8, (nint)(delegate* unmanaged<double, double>)&atan);
            table.Add("atan2"u8, (nint)(delegate* unmanaged<double, double, double>)&atan2);
            table.Add("sinh"u8, (nint)(delegate* unmanaged<double, double>)&sinh);
            table.Add("cosh"u8, (nint)(delegate* unmanaged<double, double>)&cosh);
            table.Add("tanh"u8, (nint)(delegate* unmanaged<double, double>)&tanh);
            table.Add("asinh"u8, (nint)(delegate* unmanaged<double, double>)&asinh);
            table.Add("acosh"u8, (nint)(delegate* unmanaged<double, double>)&acosh);
            table.Add("atanh"u8, (nint)(delegate* unmanaged<double, double>)&atanh);
            table.Add("erf"u8, (nint)(delegate* unmanaged<double, double>)&erf);
            table.Add("erfc"u8, (nint)(delegate* unmanaged<double, double>)&erfc);
            table.Add("tgamma"u8, (nint)(delegate* unmanaged<double, double>)&tgamma);
            table.Add("lgamma"u8, (nint)(delegate* unmanaged<double, double>)&lgamma);
            table.Add("gamma"u8, (nint)(delegate* unmanaged<double, double>)&lgamma);
            table.Add("lgamma_r"u8, (nint)(delegate* unmanaged<double, int*, double>)&lgamma_r);
        }

        private static void RegisterSinglePrecision(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("sqrtf"u8, (nint)(delegate* unmanaged<float, float>)&sqrtf);
            table.Add("fabsf"u8, (nint)(delegate* unmanaged<float, float>)&fabsf);
            table.Add("floorf"u8, (nint)(delegate* unmanaged<float, float>)&floorf);
            table.Add("ceilf"u8, (nint)(delegate* unmanaged<float, float>)&ceilf);
            table.Add("sinf"u8, (nint)(delegate* unmanaged<float, float>)&sinf);
            table.Add("cosf"u8, (nint)(delegate* unmanaged<float, float>)&cosf);
            table.Add("expf"u8, (nint)(delegate* unmanaged<float, float>)&expf);
            table.Add("logf"u8, (nint)(delegate* unmanaged<float, float>)&logf);
            table.Add("powf"u8, (nint)(delegate* unmanaged<float, float, float>)&powf);
            table.Add("fmodf"u8, (nint)(delegate* unmanaged<float, float, float>)&fmodf);
        }

        [UnmanagedCallersOnly] public static double sqrt(double x) => Libm.Sqrt(x);
        [UnmanagedCallersOnly] public static double fabs(double x) => Libm.Fabs(x);
        [UnmanagedCallersOnly] public static double floor(double x) => Libm.Floor(x);
        [UnmanagedCallersOnly] public static double ceil(double x) => Libm.Ceil(x);
        [UnmanagedCallersOnly] public static double trunc(double x) => Libm.Trunc(x);
        [UnmanagedCallersOnly] public static double round(double x) => Libm.Round(x);
        [UnmanagedCallersOnly] public static double rint(double x) => Libm.Rint(x);
        [UnmanagedCallersOnly] public static double nearbyint(double x) => Libm.NearbyInt(x);
        [UnmanagedCallersOnly] public static long lround(double x) => Libm.LRound(x);
        [UnmanagedCallersOnly] public static long lrint(double x) => Libm.LRint(x);
        [UnmanagedCallersOnly] public static double fmod(double x, double y) => Libm.Fmod(x, y);
        [UnmanagedCallersOnly] public static double remainder(double x, double y) => Libm.Remainder(x, y);
        [UnmanagedCallersOnly] public static double ldexp(double x, int exponent) => Libm.Ldexp(x, exponent);
        [UnmanagedCallersOnly] public static double logb(double x) => Libm.Logb(x);
        [UnmanagedCallersOnly] public static int ilogb(double x) => Libm.Ilogb(x);
        [UnmanagedCallersOnly] public static double copysign(double x, double y) => Libm.CopySign(x, y);
        [UnmanagedCallersOnly] public static double nextafter(double x, double y) => Libm.NextAfter(x, y);
        [UnmanagedCallersOnly] public static double fmin(double x, double y) => Libm.Fmin(x, y);
        [UnmanagedCallersOnly] public static double fmax(double x, double y) => Libm.Fmax(x, y);
        [UnmanagedCallersOnly] public static double fdim(double x, double y) => Libm.Fdim(x, y);
        [UnmanagedCallersOnly] public static double fma(double x, double y, double z) => Libm.Fma(x, y, z);
        [UnmanagedCallersOnly] public static double hypot(double x, double y) => Libm.Hypot(x, y);
        [UnmanagedCallersOnly] public static double cbrt(double x) => Libm.Cbrt(x);

        [UnmanagedCallersOnly]
        public static double scalbln(double x, long exponent)
        {
            int clamped = exponent > 100000 ? 100000 : exponent < -100000 ? -100000 : (int)exponent;
            return Libm.Ldexp(x, clamped);
        }

        [UnmanagedCallersOnly]
        public static double modf(double x, double* integral)
        {
            double fraction = Libm.Modf(x, out double whole);
            *integral = whole;
            return fraction;
        }

        [UnmanagedCallersOnly]
        public static double frexp(double x, int* exponent)
        {
            double fraction = Libm.Frexp(x, out int power);
            *exponent = power;
            return fraction;
        }

        [UnmanagedCallersOnly] public static double exp(double x) => Libm.Exp(x);
        [UnmanagedCallersOnly] public static double exp2(double x) => Libm.Exp2(x);
        [UnmanagedCallersOnly] public static double expm1(double x) => Libm.Expm1(x);
        [UnmanagedCallersOnly] public static double log(double x) => Libm.Log(x);
        [UnmanagedCallersOnly] public static double log2(double x) => Libm.Log2(x);
        [UnmanagedCallersOnly] public static double log10(double x) => Libm.Log10(x);
        [UnmanagedCallersOnly] public static double log1p(double x) => Libm.Log1p(x);
        [UnmanagedCallersOnly] public static double pow(double x, double y) => Libm.Pow(x, y);
        [UnmanagedCallersOnly] public static double sin(double x) => Libm.Sin(x);
        [UnmanagedCallersOnly] public static double cos(double x) => Libm.Cos(x);
        [UnmanagedCallersOnly] public static double tan(double x) => Libm.Tan(x);
        [UnmanagedCallersOnly] public static double asin(double x) => Libm.Asin(x);
        [UnmanagedCallersOnly] public static double acos(double x) => Libm.Acos(x);
        [UnmanagedCallersOnly] public static double atan(double x) => Libm.Atan(x);
        [UnmanagedCallersOnly] public static double atan2(double y, double x) => Libm.Atan2(y, x);
        [UnmanagedCallersOnly] public static double sinh(double x) => Libm.Sinh(x);
        [UnmanagedCallersOnly] public static double cosh(double x) => Libm.Cosh(x);
        [UnmanagedCallersOnly] public static double tanh(double x) => Libm.Tanh(x);
        [UnmanagedCallersOnly] public static double asinh(double x) => Libm.Asinh(x);
        [UnmanagedCallersOnly] public static double acosh(double x) => Libm.Acosh(x);
        [UnmanagedCallersOnly] public static double atanh(double x) => Libm.Atanh(x);
        [UnmanagedCallersOnly] public static double erf(double x) => Libm.Erf(x);
        [UnmanagedCallersOnly] public static double erfc(double x) => Libm.Erfc(x);
        [UnmanagedCallersOnly] public static double tgamma(double x) => Libm.Tgamma(x);

        [UnmanagedCallersOnly]
        public static void sincos(double x, double* sine, double* cosine)
        {
            Libm.SinCos(x, out double s, out double c);
            *sine = s;
            *cosine = c;
        }

        [UnmanagedCallersOnly]
        public static double lgamma(double x)
        {
            double result = Libm.Lgamma(x, out int sign);
            *SigngamCell = sign;
            return result;
        }

        [UnmanagedCallersOnly]
        public static double lgamma_r(double x, int* sign)
        {
            double result = Libm.Lgamma(x, out int signOfGamma);
            *sign = signOfGamma;
            return result;
        }

        [UnmanagedCallersOnly] public static int __fpclassify(double x) => Classification.FpClassify(x);
        [UnmanagedCallersOnly] public static int __isnan(double x) => Classification.IsNaN(x);
        [UnmanagedCallersOnly] public static int __isinf(double x) => Classification.IsInfinity(x);
        [UnmanagedCallersOnly] public static int __finite(double x) => Classification.IsFinite(x);
        [UnmanagedCallersOnly] public static int __signbit(double x) => Classification.SignBit(x);

        [UnmanagedCallersOnly] public static float sqrtf(float x) => Libm.Sqrtf(x);
        [UnmanagedCallersOnly] public static float fabsf(float x) => Libm.Fabsf(x);
        [UnmanagedCallersOnly] public static float floorf(float x) => Libm.Floorf(x);
        [UnmanagedCallersOnly] public static float ceilf(float x) => Libm.Ceilf(x);
        [UnmanagedCallersOnly] public static float sinf(float x) => Libm.Sinf(x);
        [UnmanagedCallersOnly] public static float cosf(float x) => Libm.Cosf(x);
        [UnmanagedCallersOnly] public static float expf(float x) => Libm.Expf(x);
        [UnmanagedCallersOnly] public static float logf(float x) => Libm.Logf(x);
        [UnmanagedCallersOnly] public static float powf(float x, float y) => Libm.Powf(x, y);
        [UnmanagedCallersOnly] public static float fmodf(float x, float y) => Libm.Fmodf(x, y);
    }
}
