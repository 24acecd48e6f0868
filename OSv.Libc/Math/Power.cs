// pow(x, y) (C11 7.12.7.4 and F.10.4.4): exp(y * ln|x|) with ln|x| from the double-double log
// kernel (relative error ~2^-100), the product y * ln|x| in double-double (|y ln x| <= 746 on
// the paths that reach the kernel, so its absolute error stays near 2^-90) and the double-double
// exponential kernel (relative error ~2^-68). The result is therefore within 0.5 + 2^-15 ulp.
// Special values follow Annex F exactly; the sign of a negative base comes from y's parity.
// Errors are reported by the caller from the result: Domain (negative base, non-integer y),
// Pole (zero base, negative y), Overflow/Underflow (finite operands, infinite or zero result).
namespace OSv.Libc.Math
{
    internal static class Power
    {
        private const double HugeExponent = 8.4e270;  // about 2^900: y * ln x is exact-product-safe below it

        public static double Pow(double x, double y)
        {
            if (y == 0 || x == 1)
                return 1.0;
            if (FloatBits.IsNaN(x) || FloatBits.IsNaN(y))
                return x + y;
            bool yIsInteger = IsInteger(y);
            bool yIsOdd = yIsInteger && IsOddInteger(y);
            if (x == 0)
            {
                double zeroResult = y < 0 ? FloatBits.Infinity : 0.0;
                return yIsOdd ? FloatBits.CopySign(zeroResult, x) : zeroResult;
            }
            if (FloatBits.IsInfinity(y))
            {
                double magnitude = FloatBits.Abs(x);
                if (magnitude == 1)
                    return 1.0;  // (-1)^±inf
                return (magnitude > 1) == (y > 0) ? FloatBits.Infinity : 0.0;
            }
            if (FloatBits.IsInfinity(x))
            {
                double infiniteResult = y < 0 ? 0.0 : FloatBits.Infinity;
                return x < 0 && yIsOdd ? -infiniteResult : infiniteResult;
            }
            if (x < 0 && !yIsInteger)
                return FloatBits.QuietNaN;  // domain error
            double result = PowOfPositive(FloatBits.Abs(x), y);
            return x < 0 && yIsOdd ? -result : result;
        }

        private static double PowOfPositive(double x, double y)
        {
            DoubleDouble ln = Logarithm.LogKernel(x);
            if (ln.Hi == 0)
                return 1.0;
            if (FloatBits.Abs(y) > HugeExponent)
                return (ln.Hi > 0) == (y > 0) ? FloatBits.Infinity : 0.0;  // |y ln x| >= 2^847
            DoubleDouble product = DoubleDouble.TwoProduct(y, ln.Hi) + y * ln.Lo;
            if (product.Hi > 710)
                return FloatBits.Infinity;
            if (product.Hi < -746)
                return 0.0;
            if (FloatBits.Abs(product.Hi) < 1.0 / (1L << 60))
                return 1.0 + product.Hi;
            DoubleDouble scaled = Exponential.ExpScaled(product, out int exponent);
            return FloatBits.Scale(scaled.Hi + scaled.Lo, exponent);
        }

        public static bool IsInteger(double y) => FloatBits.IsFinite(y) && Rounding.Trunc(y) == y;

        private static bool IsOddInteger(double y)
        {
            double magnitude = FloatBits.Abs(y);
            if (magnitude >= 2 * FloatBits.TwoTo52)
                return false;  // every double from 2^53 on is even
            double half = magnitude * 0.5;
            return Rounding.Trunc(half) != half;
        }

        public static float Pow(float x, float y) => (float)Pow((double)x, (double)y);
    }
}
