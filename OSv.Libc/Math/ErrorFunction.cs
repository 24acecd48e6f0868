// erf and erfc (C11 7.12.8.1-2), all in double-double:
// - |x| <= 2: erf x = (2/sqrt(pi)) e^(-x^2) sum_{n>=0} 2^n x^(2n+1) / (1*3*...*(2n+1)) (A&S 7.1.6):
//   every term is positive, so nothing cancels; terms are summed until they drop below 2^-110 of
//   the sum (at most about 60 of them).
// - x > 2: erfc x = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) (A&S 7.1.14),
//   the continued fraction evaluated backwards from a depth that grows as 1/x^2.
// erf = 1 - erfc beyond 2 and erfc = 1 - erf below it (their smaller value is then >= 0.0046, so the
// subtraction costs at most 8 bits of the double-double's 106). e^(-x^2) takes x^2 as an exact
// double-double product. Results that leave the normal range are scaled once at the end.
namespace OSv.Libc.Math
{
    internal static class ErrorFunction
    {
        private const double SeriesLimit = 2.0;
        private const double ErfIsOne = 6.0;         // erfc(6) < 2^-55: erf rounds to ±1
        private const double ErfcUnderflow = 27.3;   // erfc beyond it is below 2^-1075
        private const int SeriesTermsMax = 90;
        private const double TwoOverSqrtPiHi = 1.1283791670955126, TwoOverSqrtPiLo = 1.533545961316588e-17;

        public static double Erf(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            double magnitude = FloatBits.Abs(x);
            if (magnitude >= ErfIsOne)
                return FloatBits.CopySign(1.0, x);
            if (magnitude < 1.0 / (1L << 57))
                return (x * 8.0 + x * (8.0 * (TwoOverSqrtPiHi - 1))) * 0.125;  // subnormals keep their bits
            DoubleDouble value = magnitude <= SeriesLimit
                ? ErfSeries(magnitude)
                : new DoubleDouble(1.0, 0) - ErfcFraction(magnitude, out _, scaled: false);
            return FloatBits.CopySign(value.Hi + value.Lo, x);
        }

        public static double Erfc(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            if (x <= -ErfIsOne)
                return 2.0;
            if (x >= ErfcUnderflow)
                return 0.0;  // underflow
            if (x < -SeriesLimit)
            {
                DoubleDouble twoMinus = new DoubleDouble(2.0, 0) - ErfcFraction(-x, out _, scaled: false);
                return twoMinus.Hi + twoMinus.Lo;
            }
            if (x <= SeriesLimit)
            {
                DoubleDouble erf = x < 1.0 / (1L << 57) && x > -1.0 / (1L << 57)
                    ? new DoubleDouble(x * TwoOverSqrtPiHi, 0)
                    : ErfSeries(FloatBits.Abs(x));
                DoubleDouble complement = x < 0 ? erf + 1.0 : new DoubleDouble(1.0, 0) - erf;
                return complement.Hi + complement.Lo;
            }
            DoubleDouble scaledValue = ErfcFraction(x, out int exponent, scaled: true);
            return FloatBits.Scale(scaledValue.Hi + scaledValue.Lo, exponent);
        }

        /// <summary>erf x for 0 &lt; x &lt;= 2.</summary>
        private static DoubleDouble ErfSeries(double x)
        {
            DoubleDouble twiceSquare = DoubleDouble.Scale(DoubleDouble.TwoProduct(x, x), 2.0);
            DoubleDouble term = new DoubleDouble(x, 0);
            DoubleDouble sum = term;
            for (int n = 1; n < SeriesTermsMax; n++)
            {
                term = term * twiceSquare / new DoubleDouble(2 * n + 1, 0);
                sum = sum + term;
                if (term.Hi < sum.Hi * 7.7e-34)  // 2^-110
                    break;
            }
            DoubleDouble gaussian = Gaussian(x, out int exponent);
            gaussian = DoubleDouble.Scale(gaussian, FloatBits.PowerOfTwo(exponent));
            return sum * gaussian * new DoubleDouble(TwoOverSqrtPiHi, TwoOverSqrtPiLo);
        }

        /// <summary>
        /// erfc x for x > 2, as a double-double times 2^exponent when scaled (else exponent is 0
        /// and the value is unscaled; only used where it stays normal).
        /// </summary>
        private static DoubleDouble ErfcFraction(double x, out int exponent, bool scaled)
        {
            int depth = 12 + (int)FloatBits.RoundToInt64(400 / (x * x));  // no double-to-int conversion helper on metal
            DoubleDouble denominator = new DoubleDouble(x, 0);
            for (int k = depth; k >= 1; k--)
                denominator = new DoubleDouble(k * 0.5, 0) / denominator + x;
            DoubleDouble gaussian = Gaussian(x, out exponent);
            DoubleDouble value = gaussian / denominator * new DoubleDouble(TwoOverSqrtPiHi * 0.5, TwoOverSqrtPiLo * 0.5);
            if (!scaled)
            {
                value = DoubleDouble.Scale(value, FloatBits.PowerOfTwo(exponent));
                exponent = 0;
            }
            return value;
        }

        /// <summary>e^(-x^2) as a double-double times 2^exponent.</summary>
        private static DoubleDouble Gaussian(double x, out int exponent) =>
            Exponential.ExpScaled(DoubleDouble.TwoProduct(x, x).Negate(), out exponent);
    }
}
