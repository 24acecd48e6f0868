// tgamma and lgamma (C11 7.12.8.3-4), in double-double.
// - x >= 12: Stirling's series ln G(x) = (x - 1/2) ln x - x + ln sqrt(2 pi) + sum_k B_2k /
//   (2k (2k-1) x^(2k-1)), ten terms (the eleventh is below 2^-71 at x = 12); coefficients are
//   the exact Bernoulli fractions, rounded.
// - 0 < x < 12: G(x) = G(x + n) / (x (x+1) ... (x+n-1)) with x + n >= 12, the product in
//   double-double (exact-ish: each factor is a TwoSum).
// - x < 0: the reflection formula G(x) = pi / (sin(pi x) G(1 - x)), with sin(pi x) reduced exactly
//   (x minus the nearest even integer) before the sine kernel.
// lgamma near its zeros at 1 and 2 uses lgamma(1 + z) = -gamma z + zeta(2)/2 z^2 - zeta(3)/3 z^3
// for |z| < 2^-20 (the general path would lose relative accuracy to cancellation there). Near
// the negative zeros (x about -2.457, -2.747, ...) relative accuracy degrades: absolute error is
// about 2^-90.
namespace OSv.Libc.Math
{
    internal static class Gamma
    {
        private const double StirlingLimit = 12;
        private const double OverflowLimit = 171.62437695630272;  // G beyond it exceeds DBL_MAX
        private const double UnderflowLimit = -184;                 // |G| below it is below 2^-1075
        private const double EulerGamma = 0.5772156649015329;
        private const double HalfZeta2 = 0.8224670334241132;   // pi^2 / 12
        private const double ThirdZeta3 = 0.40068563438653143; // zeta(3) / 3
        private const double NearZeroOfLgamma = 1.0 / (1 << 20);

        private static readonly double[] StirlingCoefficients =
        {
            1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156,
            -3617.0 / 122400, 43867.0 / 244188, -174611.0 / 125400,
        };

        public static double Tgamma(double x)
        {
            if (FloatBits.IsNaN(x) || x == FloatBits.Infinity)
                return x;
            if (x == 0)
                return FloatBits.CopySign(FloatBits.Infinity, x);  // pole error
            if (x < 0 && (x == -FloatBits.Infinity || Power.IsInteger(x)))
                return FloatBits.QuietNaN;  // domain error
            if (x > OverflowLimit)
                return FloatBits.Infinity;
            if (FloatBits.Abs(x) < 1.0 / (1L << 60))
                return 1.0 / x;  // G(x) = 1/x - gamma + O(x)
            if (x > 0)
            {
                DoubleDouble positive = ExpScaledOf(LnGammaPositive(new DoubleDouble(x, 0)), out int exponent);
                return FloatBits.Scale(positive.Hi + positive.Lo, exponent);
            }
            DoubleDouble sine = SinPi(x);
            if (x < UnderflowLimit)
                return sine.Hi < 0 ? -0.0 : 0.0;  // underflow
            DoubleDouble reflected = ExpScaledOf(LnGammaPositive(DoubleDouble.TwoSum(1.0, -x)), out int reflectedExponent);
            DoubleDouble value = new DoubleDouble(MathTables.PiHi, MathTables.PiLo) / (sine * reflected);
            return FloatBits.Scale(value.Hi + value.Lo, -reflectedExponent);
        }

        public static double Lgamma(double x, out int sign)
        {
            sign = 1;
            if (FloatBits.IsNaN(x))
                return x;
            if (!FloatBits.IsFinite(x))
                return FloatBits.Infinity;
            if (x == 0 || (x < 0 && Power.IsInteger(x)))
            {
                sign = FloatBits.IsNegative(x) && x == 0 ? -1 : 1;
                return FloatBits.Infinity;  // pole error
            }
            double magnitude = FloatBits.Abs(x);
            if (magnitude < 1.0 / (1L << 60))
            {
                sign = x < 0 ? -1 : 1;
                return -Logarithm.Log(magnitude);
            }
            if (x > 1e290)  // keeps the double-double products below the split limit (2^996)
                return x * (Logarithm.Log(x) - 1);  // overflows to +inf
            if (x == 1 || x == 2)
                return 0.0;
            if (FloatBits.Abs(x - 1) < NearZeroOfLgamma)
                return LgammaNearOne(x - 1);
            if (FloatBits.Abs(x - 2) < NearZeroOfLgamma)
                return LgammaNearOne(x - 2) + Logarithm.Log1p(x - 2);
            if (x > 0)
            {
                DoubleDouble value = LnGammaPositive(new DoubleDouble(x, 0));
                return value.Hi + value.Lo;
            }
            DoubleDouble sine = SinPi(x);
            sign = sine.Hi < 0 ? -1 : 1;
            DoubleDouble absoluteSine = sine.Hi < 0 ? sine.Negate() : sine;
            DoubleDouble lnPiOverSine = Logarithm.LogOfDoubleDouble(new DoubleDouble(MathTables.PiHi, MathTables.PiLo) / absoluteSine);
            DoubleDouble result = lnPiOverSine - LnGammaPositive(DoubleDouble.TwoSum(1.0, -x));
            return result.Hi + result.Lo;
        }

        private static double LgammaNearOne(double z) => z * (-EulerGamma + z * (HalfZeta2 - z * ThirdZeta3));

        /// <summary>ln G(x) for a double-double x > 0.</summary>
        private static DoubleDouble LnGammaPositive(DoubleDouble x)
        {
            if (x.Hi >= StirlingLimit)
                return Stirling(x);
            DoubleDouble product = x;
            DoubleDouble shifted = x + 1.0;
            while (shifted.Hi < StirlingLimit)
            {
                product = product * shifted;
                shifted = shifted + 1.0;
            }
            return Stirling(shifted) - Logarithm.LogOfDoubleDouble(product);
        }

        private static DoubleDouble Stirling(DoubleDouble x)
        {
            DoubleDouble lnX = Logarithm.LogOfDoubleDouble(x);
            DoubleDouble main = (x - 0.5) * lnX - x + new DoubleDouble(MathTables.LnSqrtTwoPiHi, MathTables.LnSqrtTwoPiLo);
            // The leading 1/(12x) (up to 0.007) in double-double; the rest (below 2e-6) in double.
            DoubleDouble leading = new DoubleDouble(1.0, 0) / (x * 12.0);
            double inverse = 1.0 / x.Hi, inverseSquare = inverse * inverse;
            double series = 0;
            for (int k = StirlingCoefficients.Length - 1; k >= 1; k--)
                series = series * inverseSquare + StirlingCoefficients[k];
            return main + leading + series * inverse * inverseSquare;
        }

        private static DoubleDouble ExpScaledOf(DoubleDouble ln, out int exponent) => Exponential.ExpScaled(ln, out exponent);

        /// <summary>sin(pi x) for a non-integer x with |x| &lt; 2^52, as a double-double.</summary>
        private static DoubleDouble SinPi(double x)
        {
            double r = x - 2 * Rounding.Rint(x * 0.5);  // exact, in [-1, 1]
            bool negate = false;
            if (r < 0)
            {
                r = -r;
                negate = true;
            }
            if (r > 0.5)
                r = 1 - r;  // sin(pi (1 - r)) = sin(pi r), exact
            DoubleDouble value = r <= 0.25
                ? TaylorInDoubleDouble(new DoubleDouble(MathTables.PiHi, MathTables.PiLo) * r, sine: true)
                : TaylorInDoubleDouble(new DoubleDouble(MathTables.PiHi, MathTables.PiLo) * (0.5 - r), sine: false);
            return negate ? value.Negate() : value;
        }

        /// <summary>
        /// sin a or cos a for |a| &lt;= pi/4 with every term in double-double (relative error about
        /// 2^-100, where the double tails of Trigonometric's kernels stop near 2^-56): lgamma's
        /// reflection near its negative zeros subtracts nearly equal logarithms of this.
        /// </summary>
        private static DoubleDouble TaylorInDoubleDouble(DoubleDouble a, bool sine)
        {
            const int TermsMax = 14;  // (pi/4)^28 / 28! < 2^-100
            DoubleDouble square = a * a;
            DoubleDouble term = sine ? a : new DoubleDouble(1.0, 0);
            DoubleDouble sum = term;
            int power = sine ? 1 : 0;
            for (int k = 1; k <= TermsMax; k++)
            {
                term = (term * square / new DoubleDouble((power + 1) * (power + 2), 0)).Negate();
                power += 2;
                sum = sum + term;
            }
            return sum;
        }
    }
}
