// The IEEE 754 binary formats strtod and strtof produce, described by their significand width
// and exponent range. A finite value is m * 2^q with 0 <= m < 2^Precision and MinimumExponent <=
// q <= MaximumExponent; m >= 2^(Precision-1) is normal, smaller m (only at MinimumExponent) is
// subnormal. Bits() packs (m, q) into the format's encoding.
namespace OSv.Libc.Format
{
    internal readonly struct BinaryFormat
    {
        public readonly int Precision;       // significand bits, the implicit one included
        public readonly int MinimumExponent; // q of the subnormals and of the smallest normals
        public readonly int MaximumExponent; // q of the largest finite values

        private BinaryFormat(int precision, int minimumExponent, int maximumExponent)
        {
            Precision = precision;
            MinimumExponent = minimumExponent;
            MaximumExponent = maximumExponent;
        }

        public static BinaryFormat Double => new BinaryFormat(53, -1074, 971);
        public static BinaryFormat Single => new BinaryFormat(24, -149, 104);

        public ulong SmallestNormal => 1UL << (Precision - 1);
        public ulong SignificandLimit => 1UL << Precision;
        public int ExponentFieldBits => Precision == 53 ? 11 : 8;
        public int TotalBits => Precision == 53 ? 64 : 32;

        public ulong Bits(bool negative, ulong significand, int exponent)
        {
            ulong sign = negative ? 1UL << (TotalBits - 1) : 0;
            if (significand < SmallestNormal)
                return sign | significand;
            ulong biased = (ulong)(exponent - MinimumExponent + 1);
            return sign | (biased << (Precision - 1)) | (significand & (SmallestNormal - 1));
        }

        public ulong Infinity(bool negative)
        {
            ulong sign = negative ? 1UL << (TotalBits - 1) : 0;
            return sign | (((1UL << ExponentFieldBits) - 1) << (Precision - 1));
        }

        public ulong QuietNaN(bool negative, ulong payload)
        {
            ulong quietBit = 1UL << (Precision - 2);
            return Infinity(negative) | quietBit | (payload & (quietBit - 1));
        }

        /// <summary>Rounds mantissa * 2^exponent (plus a nonzero tail below it when sticky) to
        /// nearest, ties to even. Returns the bits; reports overflow, inexactness and tininess (after rounding, x86's rule) for
        /// errno.</summary>
        public ulong Round(bool negative, ulong mantissa, int exponent, bool sticky, out bool overflow, out bool inexact, out bool tiny)
        {
            overflow = false;
            inexact = sticky;
            tiny = false;
            if (mantissa == 0)
                return Bits(negative, 0, MinimumExponent);
            int length = 64 - LeadingZeroCount(mantissa);
            long target = (long)exponent + length - Precision;
            if (target < MinimumExponent)
            {
                // Tiny after rounding: unless rounding at full precision carries up to exactly
                // the smallest normal.
                tiny = !(target == MinimumExponent - 1 && RoundsUpToLimit(mantissa, (int)(target - exponent), sticky));
                target = MinimumExponent;
            }
            long shift = target - exponent;
            ulong significand;
            if (shift <= 0)
                significand = mantissa << (int)(-shift);
            else
            {
                ulong kept = shift >= 64 ? 0 : mantissa >> (int)shift;
                ulong rest = shift > 64 ? 0 : shift == 64 ? mantissa : mantissa << (int)(64 - shift);
                if (shift > 64)
                    sticky |= mantissa != 0;
                inexact |= rest != 0 || sticky;
                const ulong half = 1UL << 63;
                if (rest > half || (rest == half && (sticky || (kept & 1) != 0)))
                    kept++;
                significand = kept;
            }
            if (significand == SignificandLimit)
            {
                significand >>= 1;
                target++;
            }
            if (target > MaximumExponent)
            {
                overflow = true;
                return Infinity(negative);
            }
            return Bits(negative, significand, (int)target);
        }

        // Whether mantissa >> shift (shift > 0, leaving Precision bits) rounds up to 2^Precision.
        private bool RoundsUpToLimit(ulong mantissa, int shift, bool sticky)
        {
            if (shift <= 0 || shift >= 64)
                return false;
            ulong kept = mantissa >> shift;
            ulong rest = mantissa << (64 - shift);
            const ulong half = 1UL << 63;
            bool up = rest > half || (rest == half && (sticky || (kept & 1) != 0));
            return up && kept + 1 == SignificandLimit;
        }

        public static int LeadingZeroCount(ulong value)
        {
            int count = 0;
            if (value == 0)
                return 64;
            while ((value & (1UL << 63)) == 0)
            {
                value <<= 1;
                count++;
            }
            return count;
        }
    }
}
