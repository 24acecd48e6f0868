// Rounding to integers (C11 7.12.9): trunc, floor, ceil, round, rint/nearbyint and the conversions
// to long. Every one works on the bit pattern: a double with unbiased exponent e >= 52 is already
// an integer; below that, clearing the 52 - e fraction bits truncates toward zero. rint uses the
// 2^52 addition (the FPU's round-to-nearest-even is the only rounding mode the C library offers).
// Conversions to long follow glibc on x86-64: NaN and out-of-range values give LONG_MIN, the
// cvttsd2si "integer indefinite" result.
namespace OSv.Libc.Math
{
    internal static class Rounding
    {
        public static double Trunc(double x)
        {
            long bits = FloatBits.ToBits(x);
            int exponent = FloatBits.BiasedExponent(x) - FloatBits.ExponentBias;
            if (exponent >= 52)
                return x;  // integral, infinite or NaN
            if (exponent < 0)
                return FloatBits.FromBits(bits & FloatBits.SignMask);  // ±0
            long fractionMask = FloatBits.SignificandMask >> exponent;
            return FloatBits.FromBits(bits & ~fractionMask);
        }

        public static double Floor(double x)
        {
            double truncated = Trunc(x);
            return x < 0 && truncated != x ? truncated - 1.0 : truncated;
        }

        public static double Ceil(double x)
        {
            double truncated = Trunc(x);
            return x > 0 && truncated != x ? truncated + 1.0 : truncated;
        }

        /// <summary>Nearest integer, halfway cases away from zero.</summary>
        public static double Round(double x)
        {
            double magnitude = FloatBits.Abs(x);
            if (!(magnitude < FloatBits.TwoTo52))
                return x;
            double truncated = Trunc(magnitude);
            if (magnitude - truncated >= 0.5)  // the difference is exact
                truncated += 1.0;
            return FloatBits.CopySign(truncated, x);
        }

        /// <summary>Nearest integer, halfway cases to even (round-to-nearest mode).</summary>
        public static double Rint(double x)
        {
            double magnitude = FloatBits.Abs(x);
            if (!(magnitude < FloatBits.TwoTo52))
                return x;
            double rounded = (magnitude + FloatBits.TwoTo52) - FloatBits.TwoTo52;
            return FloatBits.CopySign(rounded, x);
        }

        public static long LRound(double x) => IntegralToInt64(Round(x));

        public static long LRint(double x) => IntegralToInt64(Rint(x));

        /// <summary>An integral double as long; NaN and |x| >= 2^63 give long.MinValue.</summary>
        public static long IntegralToInt64(double integral)
        {
            int exponent = FloatBits.BiasedExponent(integral) - FloatBits.ExponentBias;
            if (exponent < 0)
                return 0;
            if (exponent >= 63)
                return long.MinValue;  // also NaN and infinities
            long significand = (FloatBits.ToBits(integral) & FloatBits.SignificandMask) | FloatBits.HiddenBit;
            long magnitude = exponent >= 52 ? significand << (exponent - 52) : significand >> (52 - exponent);
            return integral < 0 ? -magnitude : magnitude;
        }

        public static float Floor(float x) => (float)Floor((double)x);

        public static float Ceil(float x) => (float)Ceil((double)x);
    }
}
