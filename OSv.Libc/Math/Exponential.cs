// exp, exp2, expm1 and the double-double exponential kernel that pow, sinh, cosh and tanh share.
// Algorithm (Tang's table method): x = n * ln2/64 + r with n = round(x * 64/ln2) and |r| <= ln2/128;
// exp(x) = 2^(n div 64) * 2^((n mod 64)/64) * exp(r). ln2/64 is split in three parts, the first
// with 35 bits so n * part1 is exact for |n| < 2^18 and x - n*part1 is exact (Sterbenz); the rest
// is subtracted in double-double. exp(r) = 1 + r + r^2 (1/2 + r/6 + ... + r^5/5040) (Taylor: the
// next term is below 2^-75), the table 2^(j/64) comes from generate_tables.py as double-doubles.
// Kernel relative error is about 2^-68, so the single final rounding is within 0.5 + 2^-15 ulp.
// Results below the normal range are rounded twice (to 53 bits, then onto the subnormal grid):
// at most 1 subnormal ulp from the correctly rounded value.
namespace OSv.Libc.Math
{
    internal static class Exponential
    {
        /// <summary>Above this exp overflows; below UnderflowLimit it is below half the least subnormal.</summary>
        public const double OverflowLimit = 709.782712893384, UnderflowLimit = -745.1332191019412;
        private const double Ln2Over128 = 0.0054152123481245725;

        public static double Exp(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            if (x > OverflowLimit)
                return FloatBits.Infinity;
            if (x < UnderflowLimit)
                return 0.0;
            if (FloatBits.Abs(x) < 1.0 / (1L << 54))
                return 1.0 + x;
            DoubleDouble scaled = ExpScaled(new DoubleDouble(x, 0), out int exponent);
            return FloatBits.Scale(scaled.Hi + scaled.Lo, exponent);
        }

        public static double Exp2(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            if (x >= 1024)
                return FloatBits.Infinity;
            if (x < -1076)
                return 0.0;
            // x = n/64 + f exactly (x * 64 is exact and so is the subtraction), |f| <= 1/128
            long n = FloatBits.RoundToInt64(x * 64);
            double fraction = x - n / 64.0;
            DoubleDouble r = DoubleDouble.TwoProduct(fraction, MathTables.Ln2Hi) + fraction * MathTables.Ln2Lo;
            DoubleDouble scaled = ExpOfSmall(r, (int)(n & 63));
            return FloatBits.Scale(scaled.Hi + scaled.Lo, (int)(n >> 6));
        }

        public static double Expm1(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            if (x > OverflowLimit)
                return FloatBits.Infinity;
            if (x < -40)
                return -1.0;  // e^x < 2^-57: -1 + e^x rounds to -1
            double magnitude = FloatBits.Abs(x);
            if (magnitude < 1.0 / (1L << 54))
                return x;
            if (magnitude < 1.0 / 4096)
            {
                // x + x^2/2 + ... + x^6/720: the tail is below 2^-13 |x|, its rounding negligible
                double tail = x * x * (0.5 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120 + x * (1.0 / 720)))));
                return x + tail;
            }
            DoubleDouble scaled = ExpScaled(new DoubleDouble(x, 0), out int exponent);
            if (exponent > 1000)
                return FloatBits.Scale(scaled.Hi + scaled.Lo, exponent);
            DoubleDouble value = DoubleDouble.Scale(scaled, FloatBits.PowerOfTwo(exponent > -1000 ? exponent : -1000));
            DoubleDouble result = value - 1.0;
            return result.Hi + result.Lo;
        }

        /// <summary>
        /// exp(x) for a double-double |x| &lt;= 746, as a double-double in [0.7, 1.5) times 2^exponent.
        /// </summary>
        public static DoubleDouble ExpScaled(DoubleDouble x, out int exponent)
        {
            long n = FloatBits.RoundToInt64(x.Hi * MathTables.SixtyFourOverLn2);
            double count = n;
            double head = x.Hi - count * MathTables.Ln2Over64Part1;  // exact
            DoubleDouble middle = DoubleDouble.TwoProduct(count, MathTables.Ln2Over64Part2);  // exact
            DoubleDouble r = DoubleDouble.TwoSum(head, -middle.Hi);
            r = r + (x.Lo - middle.Lo - count * MathTables.Ln2Over64Part3);
            exponent = (int)(n >> 6);
            return ExpOfSmall(r, (int)(n & 63));
        }

        /// <summary>2^(index/64) * exp(r) for |r| &lt;= about ln2/128, as a double-double.</summary>
        private static DoubleDouble ExpOfSmall(DoubleDouble r, int index)
        {
            double z = r.Hi;
            double polynomial = 0.5 + z * (1.0 / 6 + z * (1.0 / 24 + z * (1.0 / 120 + z * (1.0 / 720 + z * (1.0 / 5040)))));
            double tail = r.Lo + z * z * polynomial;
            DoubleDouble expMinusOne = DoubleDouble.FastTwoSum(z, tail);
            var power = new DoubleDouble(MathTables.TwoToIOver64[2 * index], MathTables.TwoToIOver64[2 * index + 1]);
            // power * (1 + e) = power + power * e
            return power + power * expMinusOne;
        }

        public static float Exp(float x) => (float)Exp((double)x);
    }
}
