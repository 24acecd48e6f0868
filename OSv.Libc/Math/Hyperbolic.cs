// sinh, cosh, tanh, asinh, acosh, atanh (C11 7.12.5). Small arguments (|x| < 1/4) use the Taylor
// series of sinh and cosh (first omitted term below 2^-68 relative); larger ones the double-double
// exponential kernel: sinh = (e - 1/e)/2, cosh = (e + 1/e)/2, tanh = (e2 - 1)/(e2 + 1) with
// e2 = exp(2|x|), all in double-double, so the cancellation in e - 1/e (a factor of at most 2.5
// above 1/4) costs nothing visible. Beyond 22, e^-|x| is below 2^-63 of e^|x| and is dropped.
// The inverses are logarithms of double-doubles: asinh = ln(|x| + sqrt(x^2 + 1)),
// acosh = ln(x + sqrt((x - 1)(x + 1))), atanh = ln((1 + x)/(1 - x))/2; the log kernel is
// accurate in absolute terms near 1 (about 2^-100), which keeps small results' relative accuracy.
namespace OSv.Libc.Math
{
    internal static class Hyperbolic
    {
        private const double TinyArgument = 1.0 / (1L << 27);
        private const double SeriesLimit = 0.25;
        private const double NegligibleInverse = 22;  // e^-22 / e^22 < 2^-63
        private const double HugeArgument = 268435456.0;  // 2^28: sqrt(x^2 ± 1) = x to double-double precision

        public static double Sinh(double x)
        {
            double magnitude = FloatBits.Abs(x);
            if (!FloatBits.IsFinite(x) || magnitude < TinyArgument)
                return x;
            DoubleDouble value;
            if (magnitude < SeriesLimit)
                value = SinhSeries(magnitude);
            else if (magnitude > NegligibleInverse)
                return FloatBits.CopySign(HalfExp(magnitude), x);
            else
            {
                DoubleDouble e = Exp(magnitude);
                value = DoubleDouble.Scale(e - new DoubleDouble(1.0, 0) / e, 0.5);
            }
            return FloatBits.CopySign(value.Hi + value.Lo, x);
        }

        public static double Cosh(double x)
        {
            double magnitude = FloatBits.Abs(x);
            if (FloatBits.IsNaN(x))
                return x;
            if (magnitude < TinyArgument)
                return 1.0;
            if (magnitude > NegligibleInverse)
                return HalfExp(magnitude);  // +inf for +-inf and on overflow
            DoubleDouble value = magnitude < SeriesLimit
                ? CoshSeries(magnitude)
                : DoubleDouble.Scale(Exp(magnitude) + new DoubleDouble(1.0, 0) / Exp(magnitude), 0.5);
            return value.Hi + value.Lo;
        }

        public static double Tanh(double x)
        {
            double magnitude = FloatBits.Abs(x);
            if (FloatBits.IsNaN(x) || magnitude < TinyArgument)
                return x;
            if (magnitude > NegligibleInverse)
                return FloatBits.CopySign(1.0, x);
            DoubleDouble value;
            if (magnitude < SeriesLimit)
                value = SinhSeries(magnitude) / CoshSeries(magnitude);
            else
            {
                DoubleDouble e2 = Exp(2 * magnitude);
                value = (e2 - 1.0) / (e2 + 1.0);
            }
            return FloatBits.CopySign(value.Hi + value.Lo, x);
        }

        public static double Asinh(double x)
        {
            double magnitude = FloatBits.Abs(x);
            if (!FloatBits.IsFinite(x) || magnitude < TinyArgument)
                return x;
            DoubleDouble value;
            if (magnitude > HugeArgument)
                value = Logarithm.LogKernel(magnitude) + new DoubleDouble(MathTables.Ln2Hi, MathTables.Ln2Lo);
            else
            {
                DoubleDouble root = DoubleDouble.Sqrt(DoubleDouble.TwoProduct(magnitude, magnitude) + 1.0);
                value = Logarithm.LogOfDoubleDouble(root + magnitude);
            }
            return FloatBits.CopySign(value.Hi + value.Lo, x);
        }

        public static double Acosh(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            if (x < 1)
                return FloatBits.QuietNaN;  // domain error
            if (x == 1)
                return 0.0;
            if (FloatBits.IsInfinity(x))
                return x;
            DoubleDouble value;
            if (x > HugeArgument)
                value = Logarithm.LogKernel(x) + new DoubleDouble(MathTables.Ln2Hi, MathTables.Ln2Lo);
            else
            {
                DoubleDouble squareMinusOne = DoubleDouble.TwoSum(x, -1.0) * DoubleDouble.TwoSum(x, 1.0);
                value = Logarithm.LogOfDoubleDouble(DoubleDouble.Sqrt(squareMinusOne) + x);
            }
            return value.Hi + value.Lo;
        }

        public static double Atanh(double x)
        {
            double magnitude = FloatBits.Abs(x);
            if (FloatBits.IsNaN(x) || magnitude < TinyArgument)
                return x;
            if (magnitude > 1)
                return FloatBits.QuietNaN;  // domain error
            if (magnitude == 1)
                return FloatBits.CopySign(FloatBits.Infinity, x);  // pole error
            DoubleDouble ratio = DoubleDouble.TwoSum(1.0, magnitude) / DoubleDouble.TwoSum(1.0, -magnitude);
            DoubleDouble value = DoubleDouble.Scale(Logarithm.LogOfDoubleDouble(ratio), 0.5);
            return FloatBits.CopySign(value.Hi + value.Lo, x);
        }

        private static DoubleDouble Exp(double magnitude)
        {
            DoubleDouble scaled = Exponential.ExpScaled(new DoubleDouble(magnitude, 0), out int exponent);
            return DoubleDouble.Scale(scaled, FloatBits.PowerOfTwo(exponent));
        }

        /// <summary>e^m / 2 for m > 22, overflowing to +inf like the true value.</summary>
        private static double HalfExp(double magnitude)
        {
            if (magnitude > 711)
                return FloatBits.Infinity;
            DoubleDouble scaled = Exponential.ExpScaled(new DoubleDouble(magnitude, 0), out int exponent);
            return FloatBits.Scale(scaled.Hi + scaled.Lo, exponent - 1);
        }

        private static DoubleDouble SinhSeries(double x)
        {
            double z = x * x;
            double tail = x * z * (1.0 / 6 + z * (1.0 / 120 + z * (1.0 / 5040 + z * (1.0 / 362880
                + z * (1.0 / 39916800 + z * (1.0 / 6227020800 + z * (1.0 / 1307674368000)))))));
            return DoubleDouble.FastTwoSum(x, tail);
        }

        private static DoubleDouble CoshSeries(double x)
        {
            DoubleDouble square = DoubleDouble.TwoProduct(x, x);
            double z = square.Hi;
            double tail = z * z * (1.0 / 24 + z * (1.0 / 720 + z * (1.0 / 40320 + z * (1.0 / 3628800
                + z * (1.0 / 479001600 + z * (1.0 / 87178291200))))));
            return DoubleDouble.FastTwoSum(1.0, 0.5 * z) + (0.5 * square.Lo + tail);
        }
    }
}
