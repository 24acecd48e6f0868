// Bit-level views of IEEE 754 binary64/binary32 values, shared by every libm primitive:
// classification reads the exponent field directly (IEEE 754-2019 section 3.4: sign, 11-bit
// biased exponent, 52-bit trailing significand). Nothing here converts doubles to integers with a
// C# cast: since .NET 9 a cast saturates (2^63 gives long.MaxValue), while C on x86-64 gives
// cvttsd2si's "integer indefinite" LONG_MIN, and the libm's conversions must match glibc's
// bits. RoundToInt64 uses the 1.5*2^52 addition trick instead, which also rounds ties to even
// (the C default rounding) where a cast truncates.
using System;
using System.Numerics;

namespace OSv.Libc.Math
{
    internal static class FloatBits
    {
        public const long SignMask = unchecked((long)0x8000000000000000UL);
        public const long ExponentMask = 0x7FF0000000000000L;
        public const long SignificandMask = 0x000FFFFFFFFFFFFFL;
        public const long HiddenBit = 0x0010000000000000L;
        public const int ExponentBias = 1023;
        public const double TwoTo52 = 4503599627370496.0;
        /// <summary>1.5 * 2^52: adding it to |v| &lt; 2^51 rounds v to an integer held in the low bits.</summary>
        public const double RoundingShifter = 6755399441055744.0;
        public const double Infinity = 1.0 / 0.0;
        public const double QuietNaN = 0.0 / 0.0;
        public const double MaxValue = 1.7976931348623157e308;
        public const double MinNormal = 2.2250738585072014e-308;

        public static long ToBits(double value) => BitConverter.DoubleToInt64Bits(value);

        public static double FromBits(long bits) => BitConverter.Int64BitsToDouble(bits);

        public static int ToBits(float value) => BitConverter.SingleToInt32Bits(value);

        public static float FromBits(int bits) => BitConverter.Int32BitsToSingle(bits);

        public static bool IsNaN(double value) => (ToBits(value) & ~SignMask) > ExponentMask;

        public static bool IsInfinity(double value) => (ToBits(value) & ~SignMask) == ExponentMask;

        public static bool IsFinite(double value) => (ToBits(value) & ExponentMask) != ExponentMask;

        public static bool IsNegative(double value) => ToBits(value) < 0;

        public static double Abs(double value) => FromBits(ToBits(value) & ~SignMask);

        public static double CopySign(double magnitude, double sign) =>
            FromBits((ToBits(magnitude) & ~SignMask) | (ToBits(sign) & SignMask));

        /// <summary>The biased exponent field (0 for zeros and subnormals, 2047 for inf/NaN).</summary>
        public static int BiasedExponent(double value) => (int)((ToBits(value) >> 52) & 0x7FF);

        /// <summary>2^n for n in [-1022, 1023], exactly.</summary>
        public static double PowerOfTwo(int n) => FromBits((long)(n + ExponentBias) << 52);

        /// <summary>v rounded to an integer (ties to even) for |v| &lt; 2^51; returns that integer.</summary>
        public static long RoundToInt64(double value)
        {
            double shifted = value + RoundingShifter;
            return (ToBits(shifted) & 0x000FFFFFFFFFFFFFL) - 0x0008000000000000L;
        }

        /// <summary>
        /// value * 2^n with one rounding, as C's scalbn: overflow gives ±inf, results below the
        /// normal range are rounded once onto the subnormal grid.
        /// </summary>
        public static double Scale(double value, int n)
        {
            const int StepUp = 1023;
            const int StepDown = 1022 - 53;  // 2^-969 keeps any |value| >= 2^-53 normal: exact
            if (n > StepUp)
            {
                value *= PowerOfTwo(StepUp);
                n -= StepUp;
                if (n > StepUp)
                {
                    value *= PowerOfTwo(StepUp);
                    n -= StepUp;
                    if (n > StepUp) n = StepUp;
                }
            }
            else if (n < -1022)
            {
                // A first step that already goes subnormal means the result is below 2^-1075: 0.
                value *= PowerOfTwo(-StepDown);
                n += StepDown;
                if (n < -1022)
                {
                    value *= PowerOfTwo(-StepDown);
                    n += StepDown;
                    if (n < -1022) n = -1022;
                }
            }
            return value * PowerOfTwo(n);
        }

        /// <summary>
        /// Splits a finite nonzero |value| into an integer significand with its top bit at bit 52
        /// and an exponent: |value| = significand * 2^exponent (subnormals normalised).
        /// </summary>
        public static ulong Decompose(double value, out int exponent)
        {
            long bits = ToBits(value) & ~SignMask;
            int biased = (int)(bits >> 52);
            ulong significand = (ulong)(bits & SignificandMask);
            if (biased == 0)
            {
                int shift = LeadingZeros(significand) - 11;
                significand <<= shift;
                exponent = 1 - ExponentBias - 52 - shift;
                return significand;
            }
            exponent = biased - ExponentBias - 52;
            return significand | (ulong)HiddenBit;
        }

        /// <summary>Number of zero bits above the highest set bit (64 for 0).</summary>
        public static int LeadingZeros(ulong value) => BitOperations.LeadingZeroCount(value);
    }
}
