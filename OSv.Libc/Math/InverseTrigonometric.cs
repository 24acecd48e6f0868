// atan, atan2, asin, acos (C11 7.12.4.1-4, F.10.1). One double-double kernel, atan of v >= 0:
// for v > 1, atan v = pi/2 - atan(1/v); then with c = j/64 nearest v, atan v = atan c +
// atan((v - c)/(1 + v c)), where |t| = |(v - c)/(1 + v c)| <= 1/128 and atan t = t - t^3/3 + ...
// + t^9/9 - t^11/11 (the next term is below 2^-91 |t|). atan(j/64) comes from generate_tables.py.
// asin x = atan(x / sqrt(1 - x^2)) and acos x = atan(sqrt(1 - x^2) / x) (plus pi for x < 0), with
// 1 - x^2 formed exactly as (1 - |x|)(1 + |x|) or 1 - x*x in double-double, so nothing is lost near
// |x| = 1 where the textbook formulas cancel. Kernel relative error about 2^-100.
namespace OSv.Libc.Math
{
    internal static class InverseTrigonometric
    {
        private const double TinyArgument = 1.0 / (1L << 27);  // atan x = asin x = x below this
        private const double RatioLimit = 1152921504606846976.0;  // 2^60: beyond it atan2 is ±pi/2

        private static DoubleDouble HalfPi => new DoubleDouble(MathTables.HalfPiHi, MathTables.HalfPiLo);

        private static DoubleDouble Pi => new DoubleDouble(MathTables.PiHi, MathTables.PiLo);

        public static double Atan(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            double magnitude = FloatBits.Abs(x);
            if (magnitude < TinyArgument)
                return x;
            if (magnitude > RatioLimit)
                return FloatBits.CopySign(MathTables.HalfPiHi, x);  // pi/2 - 1/|x| rounds to pi/2, inf too
            DoubleDouble value = AtanKernel(new DoubleDouble(magnitude, 0));
            return FloatBits.CopySign(value.Hi + value.Lo, x);
        }

        public static double Atan2(double y, double x)
        {
            if (FloatBits.IsNaN(x) || FloatBits.IsNaN(y))
                return x + y;
            bool xNegative = FloatBits.IsNegative(x);
            if (y == 0)
                return xNegative ? FloatBits.CopySign(MathTables.PiHi, y) : y;
            if (x == 0)
                return FloatBits.CopySign(MathTables.HalfPiHi, y);
            double magnitudeY = FloatBits.Abs(y), magnitudeX = FloatBits.Abs(x);
            DoubleDouble angle;  // in [0, pi/2], for |y| / |x|
            if (FloatBits.IsInfinity(y))
                angle = FloatBits.IsInfinity(x) ? new DoubleDouble(MathTables.QuarterPiHi, MathTables.QuarterPiLo) : HalfPi;
            else if (FloatBits.IsInfinity(x))
                angle = new DoubleDouble(0, 0);
            else if (magnitudeY > magnitudeX * RatioLimit)
                angle = HalfPi - magnitudeX / magnitudeY;
            else if (magnitudeX > magnitudeY * RatioLimit)
            {
                if (!xNegative)
                    return y / x;  // correctly rounded, also when it underflows
                angle = new DoubleDouble(magnitudeY / magnitudeX, 0);
            }
            else
            {
                // |y|/|x| within 2^±60: scale both by the same power of two so the products in the
                // double-double division neither overflow nor underflow.
                int shift = FloatBits.ExponentBias - FloatBits.BiasedExponent(magnitudeX);  // in [-1023, 1023]
                double scale = FloatBits.PowerOfTwo(shift < -1022 ? -1022 : shift);
                DoubleDouble ratio = new DoubleDouble(magnitudeY * scale, 0) / new DoubleDouble(magnitudeX * scale, 0);
                angle = AtanKernel(ratio);
            }
            if (xNegative)
                angle = Pi - angle;
            double result = angle.Hi + angle.Lo;
            return FloatBits.IsNegative(y) ? -result : result;
        }

        public static double Asin(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            double magnitude = FloatBits.Abs(x);
            if (magnitude > 1)
                return FloatBits.QuietNaN;  // domain error
            if (magnitude < TinyArgument)
                return x;
            if (magnitude == 1)
                return FloatBits.CopySign(MathTables.HalfPiHi, x);
            DoubleDouble cosine = DoubleDouble.Sqrt(OneMinusSquare(magnitude));
            DoubleDouble value = AtanKernel(new DoubleDouble(magnitude, 0) / cosine);
            return FloatBits.CopySign(value.Hi + value.Lo, x);
        }

        public static double Acos(double x)
        {
            if (FloatBits.IsNaN(x))
                return x;
            double magnitude = FloatBits.Abs(x);
            if (magnitude > 1)
                return FloatBits.QuietNaN;  // domain error
            if (x == 1)
                return 0.0;
            if (x == -1)
                return MathTables.PiHi;
            if (magnitude < 1.0 / RatioLimit)
                return MathTables.HalfPiHi - x;
            DoubleDouble sine = DoubleDouble.Sqrt(OneMinusSquare(magnitude));
            DoubleDouble angle = AtanKernel(sine / new DoubleDouble(magnitude, 0));
            if (x < 0)
                angle = Pi - angle;
            return angle.Hi + angle.Lo;
        }

        /// <summary>1 - m^2 for m in [0, 1), as an accurate double-double.</summary>
        private static DoubleDouble OneMinusSquare(double magnitude)
        {
            if (magnitude >= 0.5)
                return DoubleDouble.TwoSum(1.0, magnitude) * (1.0 - magnitude);  // 1 - m exact
            return DoubleDouble.TwoProduct(magnitude, magnitude).Negate() + 1.0;
        }

        /// <summary>atan v for a double-double v >= 0, as a double-double.</summary>
        public static DoubleDouble AtanKernel(DoubleDouble v)
        {
            bool inverted = v.Hi > 1;
            if (inverted)
                v = new DoubleDouble(1.0, 0) / v;
            int j = (int)FloatBits.RoundToInt64(v.Hi * 64);
            double centre = j * (1.0 / 64);
            DoubleDouble numerator = v - centre;
            DoubleDouble denominator = DoubleDouble.TwoProduct(v.Hi, centre) + (v.Lo * centre) + 1.0;
            DoubleDouble t = numerator / denominator;
            double t2 = t.Hi * t.Hi;
            double tail = t.Hi * t2 * (-1.0 / 3 + t2 * (1.0 / 5 + t2 * (-1.0 / 7 + t2 * (1.0 / 9 + t2 * (-1.0 / 11)))));
            var atanCentre = new DoubleDouble(MathTables.AtanOfCentre[2 * j], MathTables.AtanOfCentre[2 * j + 1]);
            DoubleDouble value = atanCentre + t + tail;
            return inverted ? HalfPi - value : value;
        }
    }
}
