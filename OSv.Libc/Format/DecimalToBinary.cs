// Correctly rounded decimal -> binary conversion for strtod, strtof and scanf (round to nearest,
// ties to even, the default mode C requires strtod to honour).
//
// Algorithm: (1) out-of-range exponents go straight to 0 or infinity; (2) Clinger's fast path:
// with at most 15 digits and |exponent| <= 22 the value is one correctly rounded double multiply
// or divide of two exact doubles; (3) otherwise an estimate from the first 18 digits in double
// arithmetic (a few ulps off at worst) is corrected exactly: the input D * 10^E is compared with
// the midpoints between the candidate m * 2^q and its neighbours, using BigNumber so the
// comparison is exact (the approach of Clinger's AlgorithmR / Gay's bigcomp). Each step moves
// one ulp toward the input; the estimate's error bounds the steps, and CorrectionStepsMax guards
// the loop.
//
// errno: ERANGE on overflow (infinity) and on underflow: inexact and tiny after rounding (see
// the end of Correct), as glibc on x86-64 reports it.
namespace OSv.Libc.Format
{
    internal static unsafe class DecimalToBinary
    {
        private const int FastPathDigitsMax = 15;
        private const int FastPathExponentMax = 22;
        private const int EstimateDigitsMax = 18;
        private const int CorrectionStepsMax = 200;

        private static readonly double[] ExactPowersOfTen =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        public static ulong Convert(ref DecimalNumber number, BinaryFormat format, out bool rangeError)
        {
            rangeError = false;
            int count = number.Count;
            while (count > 0 && number.Digits[count - 1] == 0 && !number.Truncated)
                count--;
            if (count == 0)
                return format.Bits(number.Negative, 0, format.MinimumExponent);
            bool isDouble = format.Precision == 53;
            int underflowPosition = isDouble ? -324 : -46;
            int overflowPosition = isDouble ? 310 : 40;
            if (number.PointPosition <= underflowPosition)
            {
                rangeError = true;
                return format.Bits(number.Negative, 0, format.MinimumExponent);
            }
            if (number.PointPosition >= overflowPosition)
            {
                rangeError = true;
                return format.Infinity(number.Negative);
            }
            int exponent = number.PointPosition - count; // value = D * 10^exponent
            if (isDouble && !number.Truncated && count <= FastPathDigitsMax
                && exponent >= -FastPathExponentMax && exponent <= FastPathExponentMax)
            {
                double digits = (double)(long)LeadingDigits(ref number, count);
                double value = exponent >= 0 ? digits * ExactPowersOfTen[exponent] : digits / ExactPowersOfTen[-exponent];
                ulong bits = *(ulong*)&value;
                return number.Negative ? bits | (1UL << 63) : bits;
            }
            return Correct(ref number, count, format, out rangeError);
        }

        private static ulong Correct(ref DecimalNumber number, int count, BinaryFormat format, out bool rangeError)
        {
            Estimate(ref number, count, format, out ulong significand, out int exponent);
            BigNumber scaledDigits = default;
            int decimalExponent = ScaledDigits(ref number, count, ref scaledDigits);
            for (int step = 0; step < CorrectionStepsMax; step++)
            {
                // Upper midpoint (2m + 1) * 2^(q-1).
                int upper = Compare(ref scaledDigits, decimalExponent, 2 * significand + 1, exponent - 1);
                if (upper > 0 || (upper == 0 && (significand & 1) != 0))
                {
                    if (!StepUp(ref significand, ref exponent, format))
                    {
                        rangeError = true;
                        return format.Infinity(number.Negative);
                    }
                    continue;
                }
                if (significand == 0)
                    break;
                // Lower midpoint; below a power of two the neighbour is half an ulp closer.
                bool boundary = significand == format.SmallestNormal && exponent > format.MinimumExponent;
                int lower = boundary
                    ? Compare(ref scaledDigits, decimalExponent, 4 * significand - 1, exponent - 2)
                    : Compare(ref scaledDigits, decimalExponent, 2 * significand - 1, exponent - 1);
                if (lower < 0 || (lower == 0 && (significand & 1) != 0))
                {
                    StepDown(ref significand, ref exponent, format);
                    continue;
                }
                break;
            }
            // Underflow: inexact and tiny after rounding (x86's rule, which glibc follows): with an
            // unbounded exponent the value would round below the smallest normal, that is, it lies
            // below the midpoint under the smallest normal at full precision.
            bool tiny = exponent == format.MinimumExponent && (significand < format.SmallestNormal
                || (significand == format.SmallestNormal
                    && Compare(ref scaledDigits, decimalExponent, 4 * significand - 1, exponent - 2) < 0));
            rangeError = tiny && Compare(ref scaledDigits, decimalExponent, significand, exponent) != 0;
            return format.Bits(number.Negative, significand, exponent);
        }

        private static bool StepUp(ref ulong significand, ref int exponent, BinaryFormat format)
        {
            significand++;
            if (significand == format.SignificandLimit)
            {
                significand = format.SmallestNormal;
                exponent++;
            }
            return exponent <= format.MaximumExponent;
        }

        private static void StepDown(ref ulong significand, ref int exponent, BinaryFormat format)
        {
            significand--;
            if (significand < format.SmallestNormal && exponent > format.MinimumExponent)
            {
                significand = format.SignificandLimit - 1;
                exponent--;
            }
        }

        // A double estimate within a few ulps, truncated onto the target format's grid.
        private static void Estimate(ref DecimalNumber number, int count, BinaryFormat format, out ulong significand, out int exponent)
        {
            int used = count < EstimateDigitsMax ? count : EstimateDigitsMax;
            double value = (double)(long)LeadingDigits(ref number, used);
            int scale = number.PointPosition - used;
            while (scale > FastPathExponentMax)
            {
                value *= ExactPowersOfTen[FastPathExponentMax];
                scale -= FastPathExponentMax;
            }
            while (scale < -FastPathExponentMax)
            {
                value /= ExactPowersOfTen[FastPathExponentMax];
                scale += FastPathExponentMax;
            }
            value = scale >= 0 ? value * ExactPowersOfTen[scale] : value / ExactPowersOfTen[-scale];
            ulong bits = *(ulong*)&value;
            int biased = (int)(bits >> 52);
            if (biased >= 0x7FF)
            {
                significand = format.SignificandLimit - 1;
                exponent = format.MaximumExponent;
                return;
            }
            ulong mantissa = bits & 0x000F_FFFF_FFFF_FFFFUL;
            int binaryExponent = biased == 0 ? -1074 : biased - 1075;
            if (biased != 0)
                mantissa |= 1UL << 52;
            OntoGrid(mantissa, binaryExponent, format, out significand, out exponent);
        }

        private static void OntoGrid(ulong mantissa, int binaryExponent, BinaryFormat format, out ulong significand, out int exponent)
        {
            if (mantissa == 0)
            {
                significand = 0;
                exponent = format.MinimumExponent;
                return;
            }
            int length = 64 - BinaryFormat.LeadingZeroCount(mantissa);
            int target = binaryExponent + length - format.Precision;
            if (target < format.MinimumExponent)
                target = format.MinimumExponent;
            if (target > format.MaximumExponent)
            {
                significand = format.SignificandLimit - 1;
                exponent = format.MaximumExponent;
                return;
            }
            int shift = target - binaryExponent;
            significand = shift >= 64 ? 0 : shift >= 0 ? mantissa >> shift : mantissa << -shift;
            exponent = target;
        }

        private static ulong LeadingDigits(ref DecimalNumber number, int used)
        {
            ulong value = 0;
            for (int i = 0; i < used; i++)
                value = value * 10 + number.Digits[i];
            return value;
        }

        // D as a BigNumber (with a final 1 standing for a truncated nonzero tail); returns E with
        // value = D * 10^E.
        private static int ScaledDigits(ref DecimalNumber number, int count, ref BigNumber digits)
        {
            digits.SetUInt64(0);
            for (int i = 0; i < count; i++)
                digits.MultiplyAdd(10, number.Digits[i]);
            int exponent = number.PointPosition - count;
            if (number.Truncated)
            {
                digits.MultiplyAdd(10, 1);
                exponent--;
            }
            return exponent;
        }

        // Sign of D * 10^E - n * 2^k, exactly.
        private static int Compare(ref BigNumber digits, int decimalExponent, ulong n, int k)
        {
            BigNumber left = digits;
            BigNumber right = default;
            right.SetUInt64(n);
            if (decimalExponent >= 0)
                left.MultiplyByPowerOfFive(decimalExponent);
            else
                right.MultiplyByPowerOfFive(-decimalExponent);
            if (decimalExponent > k)
                left.ShiftLeft(decimalExponent - k);
            else
                right.ShiftLeft(k - decimalExponent);
            return BigNumber.Compare(ref left, ref right);
        }
    }
}
