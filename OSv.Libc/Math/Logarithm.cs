// log, log2, log10, log1p and the double-double logarithm kernel shared with pow and the inverse
// hyperbolic functions. Algorithm: x = m * 2^E with m in [sqrt(1/2), sqrt(2)); c = j/128 is the
// multiple of 1/128 nearest m, so ln x = E ln2 + ln c + ln(m/c), and ln(m/c) = 2 atanh(s) with
// s = (m - c)/(m + c), |s| <= 2^-9. m - c is exact (Sterbenz), s is a double-double quotient, and
// 2 atanh(s) = 2s + (2/3)s^3 + (2/5)s^5 + (2/7)s^7 + (2/9)s^9 (the next term is below 2^-99 |s|).
// ln c comes from generate_tables.py as a double-double. Around 1 (c = 1, E = 0) ln c vanishes, so
// the kernel keeps full relative accuracy there; elsewhere |ln x| >= 0.34 and nothing cancels.
// Kernel relative error is about 2^-100: log is correctly rounded except in astronomically rare
// cases. log2 and log10 multiply the double-double by 1/ln2 and 1/ln10 (exact powers stay exact).
namespace OSv.Libc.Math
{
    internal static class Logarithm
    {
        private const double SqrtTwo = 1.4142135623730951;
        private const int FirstCentre = 90;  // LnOfCentre[0] is ln(90/128)

        public static double Log(double x)
        {
            if (!(x > 0) || !FloatBits.IsFinite(x))
                return SpecialCase(x);
            DoubleDouble ln = LogKernel(x);
            return ln.Hi + ln.Lo;
        }

        public static double Log2(double x)
        {
            if (!(x > 0) || !FloatBits.IsFinite(x))
                return SpecialCase(x);
            DoubleDouble ln = LogKernel(x) * new DoubleDouble(MathTables.InverseLn2Hi, MathTables.InverseLn2Lo);
            return ln.Hi + ln.Lo;
        }

        public static double Log10(double x)
        {
            if (!(x > 0) || !FloatBits.IsFinite(x))
                return SpecialCase(x);
            DoubleDouble ln = LogKernel(x) * new DoubleDouble(MathTables.InverseLn10Hi, MathTables.InverseLn10Lo);
            return ln.Hi + ln.Lo;
        }

        public static double Log1p(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            if (x <= -1)
                return x == -1 ? -FloatBits.Infinity : FloatBits.QuietNaN;
            if (FloatBits.IsInfinity(x))
                return x;
            if (FloatBits.Abs(x) < 1.0 / (1L << 54))
                return x;
            DoubleDouble ln = LogOfDoubleDouble(DoubleDouble.TwoSum(1.0, x));
            return ln.Hi + ln.Lo;
        }

        /// <summary>log of NaN, ±0, negatives and +inf (C11 F.10.3.7).</summary>
        private static double SpecialCase(double x)
        {
            if (FloatBits.IsNaN(x) || x > 0)
                return x;  // NaN, +inf
            if (x == 0)
                return -FloatBits.Infinity;  // pole error
            return FloatBits.QuietNaN;  // domain error
        }

        /// <summary>ln(a.Hi + a.Lo) for a positive finite double-double with |Lo| &lt;= ulp(Hi).</summary>
        public static DoubleDouble LogOfDoubleDouble(DoubleDouble a) => LogKernel(a.Hi) + a.Lo / a.Hi;

        /// <summary>ln x as a double-double, for a positive finite x (subnormals included).</summary>
        public static DoubleDouble LogKernel(double x)
        {
            ulong significand = FloatBits.Decompose(x, out int exponent);  // x = significand * 2^exponent
            double m = (double)(long)significand * (1.0 / FloatBits.TwoTo52);  // in [1, 2)
            exponent += 52;
            if (m > SqrtTwo)
            {
                m *= 0.5;
                exponent += 1;
            }
            int j = (int)FloatBits.RoundToInt64(m * 128);
            double centre = j * (1.0 / 128);
            double difference = m - centre;  // exact
            DoubleDouble s = new DoubleDouble(difference, 0) / DoubleDouble.TwoSum(m, centre);
            double s2 = s.Hi * s.Hi;
            double tail = s.Hi * s2 * (2.0 / 3 + s2 * (2.0 / 5 + s2 * (2.0 / 7 + s2 * (2.0 / 9))));
            DoubleDouble atanhTwice = new DoubleDouble(2 * s.Hi, 2 * s.Lo) + tail;
            int index = 2 * (j - FirstCentre);
            var lnCentre = new DoubleDouble(MathTables.LnOfCentre[index], MathTables.LnOfCentre[index + 1]);
            DoubleDouble scaledLn2 = DoubleDouble.TwoProduct(exponent, MathTables.Ln2Hi) + exponent * MathTables.Ln2Lo;
            return scaledLn2 + lnCentre + atanhTwice;
        }

        public static float Log(float x) => (float)Log((double)x);
    }
}
