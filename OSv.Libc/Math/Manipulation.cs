// The C11 7.12.6-7.12.12 functions that take doubles apart or compare them without rounding:
// fabs, copysign, frexp, ldexp/scalbn, logb, ilogb, modf, nextafter, fmin, fmax, fdim. All work on
// the bit pattern (IEEE 754-2019 section 5.3 and 5.7), so they are exact. fmin/fmax follow glibc's
// x86-64 behaviour for a NaN operand (the other one is returned) and for ±0 (C leaves it open).
namespace OSv.Libc.Math
{
    internal static class Manipulation
    {
        /// <summary>glibc's FP_ILOGB0 and FP_ILOGBNAN on x86-64 (both INT_MIN).</summary>
        public const int IlogbOfZero = int.MinValue, IlogbOfNaN = int.MinValue;
        public const int IlogbOfInfinity = int.MaxValue;

        public static double Fabs(double x) => FloatBits.Abs(x);

        public static double CopySign(double magnitude, double sign) => FloatBits.CopySign(magnitude, sign);

        /// <summary>x = fraction * 2^exponent with |fraction| in [0.5, 1); 0, inf, NaN unchanged.</summary>
        public static double Frexp(double x, out int exponent)
        {
            if (x == 0 || !FloatBits.IsFinite(x))
            {
                exponent = 0;
                return x;
            }
            ulong significand = FloatBits.Decompose(x, out int unbiased);
            exponent = unbiased + 53;
            long bits = (FloatBits.ToBits(x) & FloatBits.SignMask) | ((long)(FloatBits.ExponentBias - 1) << 52)
                | ((long)significand & FloatBits.SignificandMask);
            return FloatBits.FromBits(bits);
        }

        public static double Ldexp(double x, int exponent) => FloatBits.Scale(x, exponent);

        public static double Logb(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            if (FloatBits.IsInfinity(x))
                return FloatBits.Infinity;
            if (x == 0)
                return -FloatBits.Infinity;  // pole error
            FloatBits.Decompose(x, out int unbiased);
            return unbiased + 52;
        }

        public static int Ilogb(double x)
        {
            if (FloatBits.IsNaN(x))
                return IlogbOfNaN;
            if (FloatBits.IsInfinity(x))
                return IlogbOfInfinity;
            if (x == 0)
                return IlogbOfZero;
            FloatBits.Decompose(x, out int unbiased);
            return unbiased + 52;
        }

        /// <summary>Splits x into an integral part (stored) and a fraction with x's sign.</summary>
        public static double Modf(double x, out double integral)
        {
            if (FloatBits.IsNaN(x))
            {
                integral = x;
                return x;
            }
            integral = Rounding.Trunc(x);
            if (FloatBits.IsInfinity(x))
                return FloatBits.CopySign(0.0, x);
            return FloatBits.CopySign(x - integral, x);
        }

        public static double NextAfter(double x, double toward)
        {
            if (FloatBits.IsNaN(x) || FloatBits.IsNaN(toward))
                return x + toward;
            if (x == toward)
                return toward;
            if (x == 0)
                return FloatBits.CopySign(FloatBits.FromBits(1L), toward);
            long bits = FloatBits.ToBits(x);
            bool awayFromZero = (x < toward) == (x > 0);
            return FloatBits.FromBits(awayFromZero ? bits + 1 : bits - 1);
        }

        public static double Fmin(double x, double y)
        {
            if (FloatBits.IsNaN(x)) return y;
            if (FloatBits.IsNaN(y)) return x;
            return x < y ? x : y;
        }

        public static double Fmax(double x, double y)
        {
            if (FloatBits.IsNaN(x)) return y;
            if (FloatBits.IsNaN(y)) return x;
            return x > y ? x : y;
        }

        public static double Fdim(double x, double y)
        {
            if (FloatBits.IsNaN(x) || FloatBits.IsNaN(y))
                return x + y;
            return x > y ? x - y : 0.0;
        }
    }
}
