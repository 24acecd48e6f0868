// sin, cos, tan, sincos (C11 7.12.4.5-7): reduce to r in [-pi/4, pi/4] and a quadrant
// (TrigReduction), then evaluate Taylor polynomials on the double-double r. Taylor suffices: at
// |r| = pi/4 the first omitted term of sin (r^21/21!) is below 2^-72 |r| and of cos (r^22/22!)
// below 2^-75. sin r = r + r^3 S(r^2) + r_lo (1 - r^2/2); cos r = 1 - r^2/2 + r^4 C(r^2) - r r_lo,
// with r^2 as an exact product, and the leading terms (r^3/6, 1 - r^2/2) in double-double, so the
// double-precision tails are below 0.016 of the result. tan = sin/cos (or -cos/sin) in
// double-double. Measured against long double: within 0.57 ulp (ReferenceAccuracyTests); the
// rest is the double rounding of the r^4 term of cos (up to 0.016 of the result).
namespace OSv.Libc.Math
{
    internal static class Trigonometric
    {
        private const double TinyArgument = 1.0 / (1L << 27);  // sin x = x, cos x = 1 below this
        private const double OneSixthHi = 0.16666666666666666, OneSixthLo = 9.251858538542970e-18;

        public static double Sin(double x)
        {
            if (!FloatBits.IsFinite(x))
                return x - x;  // NaN for inf (domain error), NaN stays NaN
            if (FloatBits.Abs(x) < TinyArgument)
                return x;
            DoubleDouble r = TrigReduction.Reduce(x, out int quadrant);
            DoubleDouble value = (quadrant & 1) == 0 ? SinKernel(r) : CosKernel(r);
            double result = value.Hi + value.Lo;
            return (quadrant & 2) == 0 ? result : -result;
        }

        public static double Cos(double x)
        {
            if (!FloatBits.IsFinite(x))
                return x - x;
            if (FloatBits.Abs(x) < TinyArgument)
                return 1.0;
            DoubleDouble r = TrigReduction.Reduce(x, out int quadrant);
            DoubleDouble value = (quadrant & 1) == 0 ? CosKernel(r) : SinKernel(r);
            double result = value.Hi + value.Lo;
            return ((quadrant + 1) & 2) == 0 ? result : -result;
        }

        public static void SinCos(double x, out double sine, out double cosine)
        {
            if (!FloatBits.IsFinite(x))
            {
                sine = cosine = x - x;
                return;
            }
            if (FloatBits.Abs(x) < TinyArgument)
            {
                sine = x;
                cosine = 1.0;
                return;
            }
            DoubleDouble r = TrigReduction.Reduce(x, out int quadrant);
            DoubleDouble sinR = SinKernel(r), cosR = CosKernel(r);
            double s = (quadrant & 1) == 0 ? sinR.Hi + sinR.Lo : cosR.Hi + cosR.Lo;
            double c = (quadrant & 1) == 0 ? cosR.Hi + cosR.Lo : sinR.Hi + sinR.Lo;
            sine = (quadrant & 2) == 0 ? s : -s;
            cosine = ((quadrant + 1) & 2) == 0 ? c : -c;
        }

        public static double Tan(double x)
        {
            if (!FloatBits.IsFinite(x))
                return x - x;
            if (FloatBits.Abs(x) < TinyArgument)
                return x;
            DoubleDouble r = TrigReduction.Reduce(x, out int quadrant);
            DoubleDouble sinR = SinKernel(r), cosR = CosKernel(r);
            DoubleDouble value = (quadrant & 1) == 0 ? sinR / cosR : (cosR / sinR).Negate();
            return value.Hi + value.Lo;
        }

        /// <summary>sin r for |r| &lt;= pi/4 + a little, as a double-double.</summary>
        public static DoubleDouble SinKernel(DoubleDouble r)
        {
            // -r^3/6 (up to 0.11 |r|) in double-double; the rest (below 0.0026 |r|) in double.
            DoubleDouble square = DoubleDouble.TwoProduct(r.Hi, r.Hi);
            double z = square.Hi;
            DoubleDouble cubeOverSix = square * r.Hi * new DoubleDouble(OneSixthHi, OneSixthLo);
            double polynomial = 1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880
                + z * (-1.0 / 39916800 + z * (1.0 / 6227020800 + z * (-1.0 / 1307674368000
                + z * (1.0 / 355687428096000 + z * (-1.0 / 121645100408832000.0)))))));
            double tail = r.Hi * z * z * polynomial + r.Lo * (1 - 0.5 * z);
            DoubleDouble head = DoubleDouble.FastTwoSum(r.Hi, -cubeOverSix.Hi);
            return DoubleDouble.FastTwoSum(head.Hi, head.Lo + (tail - cubeOverSix.Lo));
        }

        /// <summary>cos r for |r| &lt;= pi/4 + a little, as a double-double.</summary>
        public static DoubleDouble CosKernel(DoubleDouble r)
        {
            DoubleDouble square = DoubleDouble.TwoProduct(r.Hi, r.Hi);
            double z = square.Hi;
            double polynomial = 1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800
                + z * (1.0 / 479001600 + z * (-1.0 / 87178291200 + z * (1.0 / 20922789888000
                + z * (-1.0 / 6402373705728000 + z * (1.0 / 2432902008176640000.0))))))));
            double tail = z * z * polynomial - 0.5 * square.Lo - r.Hi * r.Lo;
            DoubleDouble head = DoubleDouble.TwoSum(1.0, -0.5 * z);
            return DoubleDouble.FastTwoSum(head.Hi, head.Lo + tail);
        }

        public static float Sin(float x) => (float)Sin((double)x);

        public static float Cos(float x) => (float)Cos((double)x);
    }
}
