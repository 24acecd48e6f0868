// The C library's math.h as C# entry points: the value from the pure primitive (one class per
// family in this folder) plus glibc's errno behaviour (C11 7.12.1 with math_errhandling including
// MATH_ERRNO, as glibc on x86-64): EDOM for domain errors, ERANGE for pole errors, overflow, and
// underflow to zero (glibc leaves errno alone for nonzero subnormal results). MathExports binds
// these to C symbols; other C# code (strtod, printf) may call them directly. Nothing allocates.
namespace OSv.Libc.Math
{
    using OSv.Libc.Errors;

    public static unsafe class Libm
    {
        // ---- exact operations -------------------------------------------------------------
        public static double Fabs(double x) => FloatBits.Abs(x);
        public static double CopySign(double x, double y) => FloatBits.CopySign(x, y);
        public static double Floor(double x) => Rounding.Floor(x);
        public static double Ceil(double x) => Rounding.Ceil(x);
        public static double Trunc(double x) => Rounding.Trunc(x);
        public static double Round(double x) => Rounding.Round(x);
        public static double Rint(double x) => Rounding.Rint(x);
        public static double NearbyInt(double x) => Rounding.Rint(x);
        public static long LRound(double x) => Rounding.LRound(x);
        public static long LRint(double x) => Rounding.LRint(x);
        public static double Frexp(double x, out int exponent) => Manipulation.Frexp(x, out exponent);
        public static double Modf(double x, out double integral) => Manipulation.Modf(x, out integral);
        public static double Logb(double x) => Manipulation.Logb(x);
        public static double Fmin(double x, double y) => Manipulation.Fmin(x, y);
        public static double Fmax(double x, double y) => Manipulation.Fmax(x, y);
        public static double Fma(double x, double y, double z) => FusedMultiplyAdd.Fma(x, y, z);

        public static double Sqrt(double x) => Domain(SquareRoot.Sqrt(x), x < 0);

        public static double Fmod(double x, double y) =>
            Domain(FloatRemainder.Fmod(x, y), !FloatBits.IsNaN(x) && !FloatBits.IsNaN(y) && (y == 0 || FloatBits.IsInfinity(x)));

        public static double Remainder(double x, double y) =>
            Domain(FloatRemainder.IeeeRemainder(x, y), !FloatBits.IsNaN(x) && !FloatBits.IsNaN(y) && (y == 0 || FloatBits.IsInfinity(x)));

        public static double Ldexp(double x, int exponent) => RangeIfOverflowOrZero(Manipulation.Ldexp(x, exponent), x);

        public static int Ilogb(double x)
        {
            int result = Manipulation.Ilogb(x);
            if (x == 0 || !FloatBits.IsFinite(x))
                Errno.Set(ErrnoCodes.EDOM);
            return result;
        }

        public static double NextAfter(double x, double y)
        {
            double result = Manipulation.NextAfter(x, y);
            bool overflow = FloatBits.IsInfinity(result) && FloatBits.IsFinite(x);
            bool underflow = x != 0 && FloatBits.IsFinite(result) && FloatBits.Abs(result) < FloatBits.MinNormal && x != y;
            if (overflow || underflow)
                Errno.Set(ErrnoCodes.ERANGE);
            return result;
        }

        public static double Fdim(double x, double y) => RangeIfOverflow(Manipulation.Fdim(x, y), x, y);

        public static double Hypot(double x, double y) => RangeIfOverflow(Hypotenuse.Compute(x, y), x, y);

        public static double Cbrt(double x) => CubeRoot.Compute(x);

        // ---- exponentials and logarithms --------------------------------------------------------
        public static double Exp(double x) => RangeIfOverflowOrZero(Exponential.Exp(x), x);
        public static double Exp2(double x) => RangeIfOverflowOrZero(Exponential.Exp2(x), x);
        public static double Expm1(double x) => RangeIfOverflow(Exponential.Expm1(x), x, 0);
        public static double Log(double x) => LogErrors(Logarithm.Log(x), x);
        public static double Log2(double x) => LogErrors(Logarithm.Log2(x), x);
        public static double Log10(double x) => LogErrors(Logarithm.Log10(x), x);
        public static double Log1p(double x) => LogErrors(Logarithm.Log1p(x), x + 1);

        public static double Pow(double x, double y)
        {
            double result = Power.Pow(x, y);
            if (FloatBits.IsFinite(x) && FloatBits.IsFinite(y))
            {
                if (FloatBits.IsNaN(result))
                    Errno.Set(ErrnoCodes.EDOM);
                else if (FloatBits.IsInfinity(result) || (result == 0 && x != 0))
                    Errno.Set(ErrnoCodes.ERANGE);  // pole (x = ±0, y < 0), overflow or underflow
            }
            return result;
        }

        // ---- trigonometric ----------------------------------------------------------------------
        public static double Sin(double x) => Domain(Trigonometric.Sin(x), FloatBits.IsInfinity(x));
        public static double Cos(double x) => Domain(Trigonometric.Cos(x), FloatBits.IsInfinity(x));
        public static double Tan(double x) => Domain(Trigonometric.Tan(x), FloatBits.IsInfinity(x));

        public static void SinCos(double x, out double sine, out double cosine)
        {
            Trigonometric.SinCos(x, out sine, out cosine);
            if (FloatBits.IsInfinity(x))
                Errno.Set(ErrnoCodes.EDOM);
        }

        public static double Asin(double x) => Domain(InverseTrigonometric.Asin(x), FloatBits.Abs(x) > 1);
        public static double Acos(double x) => Domain(InverseTrigonometric.Acos(x), FloatBits.Abs(x) > 1);
        public static double Atan(double x) => InverseTrigonometric.Atan(x);

        public static double Atan2(double y, double x)
        {
            double result = InverseTrigonometric.Atan2(y, x);
            if (result == 0 && y != 0 && FloatBits.IsFinite(x))
                Errno.Set(ErrnoCodes.ERANGE);  // underflow
            return result;
        }

        // ---- hyperbolic -------------------------------------------------------------------------
        public static double Sinh(double x) => RangeIfOverflow(Hyperbolic.Sinh(x), x, 0);
        public static double Cosh(double x) => RangeIfOverflow(Hyperbolic.Cosh(x), x, 0);
        public static double Tanh(double x) => Hyperbolic.Tanh(x);
        public static double Asinh(double x) => Hyperbolic.Asinh(x);
        public static double Acosh(double x) => Domain(Hyperbolic.Acosh(x), x < 1);

        public static double Atanh(double x)
        {
            double magnitude = FloatBits.Abs(x);
            if (magnitude == 1)
                Errno.Set(ErrnoCodes.ERANGE);
            else if (magnitude > 1)
                Errno.Set(ErrnoCodes.EDOM);
            return Hyperbolic.Atanh(x);
        }

        // ---- error and gamma functions ---------------------------------------------------------
        public static double Erf(double x) => ErrorFunction.Erf(x);

        public static double Erfc(double x)
        {
            double result = ErrorFunction.Erfc(x);
            if (result == 0 && FloatBits.IsFinite(x))
                Errno.Set(ErrnoCodes.ERANGE);  // underflow
            return result;
        }

        public static double Tgamma(double x)
        {
            double result = Gamma.Tgamma(x);
            if (FloatBits.IsNaN(result) && !FloatBits.IsNaN(x))
                Errno.Set(ErrnoCodes.EDOM);  // negative integer or -inf
            else if (FloatBits.IsFinite(x) && (FloatBits.IsInfinity(result) || result == 0))
                Errno.Set(ErrnoCodes.ERANGE);  // pole at 0, overflow, underflow
            return result;
        }

        /// <summary>ln|G(x)|; sign receives the sign of G(x) (what C's signgam holds).</summary>
        public static double Lgamma(double x, out int sign)
        {
            double result = Gamma.Lgamma(x, out sign);
            if (FloatBits.IsFinite(x) && FloatBits.IsInfinity(result))
                Errno.Set(ErrnoCodes.ERANGE);  // pole or overflow
            return result;
        }

        // ---- single precision: the double function, rounded once more ------------------------
        public static float Sqrtf(float x) => (float)Sqrt(x);
        public static float Fabsf(float x) => FloatBits.FromBits(FloatBits.ToBits(x) & 0x7FFFFFFF);
        public static float Floorf(float x) => (float)Rounding.Floor(x);
        public static float Ceilf(float x) => (float)Rounding.Ceil(x);
        public static float Sinf(float x) => (float)Sin(x);
        public static float Cosf(float x) => (float)Cos(x);
        public static float Expf(float x) => FloatRange((float)Exponential.Exp(x), x);
        public static float Logf(float x) => (float)Log(x);
        public static float Powf(float x, float y) => FloatRange((float)Pow(x, y), x, y);
        public static float Fmodf(float x, float y) => (float)Fmod(x, y);

        // ---- errno helpers ------------------------------------------------------------------------
        private static double Domain(double result, bool domainError)
        {
            if (domainError)
                Errno.Set(ErrnoCodes.EDOM);
            return result;
        }

        private static double LogErrors(double result, double argument)
        {
            if (argument == 0)
                Errno.Set(ErrnoCodes.ERANGE);  // pole
            else if (argument < 0)
                Errno.Set(ErrnoCodes.EDOM);
            return result;
        }

        /// <summary>ERANGE when finite operands give an infinite result.</summary>
        private static double RangeIfOverflow(double result, double x, double y)
        {
            if (FloatBits.IsInfinity(result) && FloatBits.IsFinite(x) && FloatBits.IsFinite(y))
                Errno.Set(ErrnoCodes.ERANGE);
            return result;
        }

        /// <summary>ERANGE when a finite nonzero operand gives an infinite or zero result.</summary>
        private static double RangeIfOverflowOrZero(double result, double x)
        {
            if (FloatBits.IsFinite(x) && (FloatBits.IsInfinity(result) || (result == 0 && x != 0)))
                Errno.Set(ErrnoCodes.ERANGE);
            return result;
        }

        private static float FloatRange(float result, float x, float y = 0)
        {
            bool finiteOperands = FloatBits.IsFinite(x) && FloatBits.IsFinite(y);
            bool overflow = FloatBits.IsInfinity(result);
            bool underflow = result == 0 && x != 0;
            if (finiteOperands && (overflow || underflow))
                Errno.Set(ErrnoCodes.ERANGE);
            return result;
        }
    }
}
