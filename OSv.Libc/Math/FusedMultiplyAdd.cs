// fma(x, y, z) = x*y + z with a single rounding (C11 7.12.13.1), in integers. The exact product of
// the two 53-bit significands (106 bits) and z's significand are placed in 128-bit words with their
// leading bits at bit 126 (bit 127 takes a carry), the smaller operand is shifted right with the
// bits it loses jammed into a sticky flag, the two are added or subtracted, and the sum is rounded
// once to nearest-even at the position its exponent allows (53 bits, or fewer for subnormals).
// Jamming is sound because at least 70 guard bits separate the rounding position from bit 0.
namespace OSv.Libc.Math
{
    internal static class FusedMultiplyAdd
    {
        private const int LeadingBit = 126;

        public static double Fma(double x, double y, double z)
        {
            if (!FloatBits.IsFinite(x) || !FloatBits.IsFinite(y) || x == 0 || y == 0)
                return x * y + z;  // the product is exact (0 or ±inf) or NaN
            if (!FloatBits.IsFinite(z))
                return z;  // a finite exact product cannot cancel an infinity (the rounded one might overflow)
            if (z == 0)
                return x * y;  // one rounding of the exact product; its sign survives a zero z
            bool productNegative = FloatBits.IsNegative(x) != FloatBits.IsNegative(y);
            bool addendNegative = FloatBits.IsNegative(z);
            ulong significandX = FloatBits.Decompose(x, out int exponentX);
            ulong significandY = FloatBits.Decompose(y, out int exponentY);
            ulong productHi = System.Math.BigMul(significandX, significandY, out ulong productLo);
            int productExponent = Normalize(ref productHi, ref productLo, exponentX + exponentY);
            ulong addendHi = 0, addendLo = FloatBits.Decompose(z, out int exponentZ);
            int addendExponent = Normalize(ref addendHi, ref addendLo, exponentZ);
            bool addendLarger = addendExponent > productExponent
                || (addendExponent == productExponent && Compare(addendHi, addendLo, productHi, productLo) > 0);
            if (addendLarger)
            {
                Swap(ref productHi, ref addendHi);
                Swap(ref productLo, ref addendLo);
                int largerExponent = addendExponent;
                addendExponent = productExponent;
                productExponent = largerExponent;
                bool largerNegative = addendNegative;
                addendNegative = productNegative;
                productNegative = largerNegative;
            }
            // Now the "product" slot holds the larger magnitude.
            bool sticky = ShiftRight(ref addendHi, ref addendLo, productExponent - addendExponent);
            if (sticky) addendLo |= 1;
            ulong sumHi = productHi, sumLo = productLo;
            if (productNegative == addendNegative)
                Add(ref sumHi, ref sumLo, addendHi, addendLo);
            else
                Subtract(ref sumHi, ref sumLo, addendHi, addendLo);
            if (sumHi == 0 && sumLo == 0)
                return 0.0;  // exact cancellation is +0 in round-to-nearest
            double magnitude = RoundToDouble(sumHi, sumLo, productExponent);
            return productNegative ? -magnitude : magnitude;
        }

        /// <summary>Rounds (hi:lo) * 2^exponent to the nearest double (ties to even).</summary>
        private static double RoundToDouble(ulong hi, ulong lo, int exponent)
        {
            int leading = hi != 0 ? 127 - FloatBits.LeadingZeros(hi) : 63 - FloatBits.LeadingZeros(lo);
            int resultExponent = leading + exponent;
            int shift = leading - 52;
            if (resultExponent < -1022)
            {
                shift += -1022 - resultExponent;
                resultExponent = -1022;
            }
            ulong significand;
            if (shift <= 0)
            {
                significand = lo << -shift;  // fewer than 53 bits: exact
            }
            else
            {
                bool sticky = ShiftRight(ref hi, ref lo, shift - 1);
                bool roundBit = (lo & 1) != 0;
                significand = lo >> 1;
                if (roundBit && (sticky || (significand & 1) != 0))
                    significand++;
            }
            long biasedTimesHidden = (long)(resultExponent + FloatBits.ExponentBias - 1);
            if (biasedTimesHidden + (long)(significand >> 52) >= 2047)
                return FloatBits.Infinity;
            return FloatBits.FromBits((biasedTimesHidden << 52) + (long)significand);
        }

        /// <summary>Shifts (hi:lo) left so its leading bit is at bit 126; returns the new exponent.</summary>
        private static int Normalize(ref ulong hi, ref ulong lo, int exponent)
        {
            int leading = hi != 0 ? 127 - FloatBits.LeadingZeros(hi) : 63 - FloatBits.LeadingZeros(lo);
            int shift = LeadingBit - leading;
            if (shift >= 64)
            {
                hi = lo << (shift - 64);
                lo = 0;
            }
            else if (shift > 0)
            {
                hi = (hi << shift) | (lo >> (64 - shift));
                lo <<= shift;
            }
            return exponent - shift;
        }

        /// <summary>Shifts (hi:lo) right by count >= 0; returns whether nonzero bits were lost.</summary>
        private static bool ShiftRight(ref ulong hi, ref ulong lo, int count)
        {
            if (count == 0)
                return false;
            if (count >= 128)
            {
                bool lost = (hi | lo) != 0;
                hi = lo = 0;
                return lost;
            }
            if (count >= 64)
            {
                bool lost = lo != 0 || (count > 64 && (hi << (128 - count)) != 0);
                lo = count == 64 ? hi : hi >> (count - 64);
                hi = 0;
                return lost;
            }
            bool lostLow = (lo << (64 - count)) != 0;
            lo = (lo >> count) | (hi << (64 - count));
            hi >>= count;
            return lostLow;
        }

        private static int Compare(ulong aHi, ulong aLo, ulong bHi, ulong bLo) =>
            aHi != bHi ? (aHi < bHi ? -1 : 1) : aLo == bLo ? 0 : (aLo < bLo ? -1 : 1);

        private static void Add(ref ulong hi, ref ulong lo, ulong addHi, ulong addLo)
        {
            ulong sum = lo + addLo;
            hi += addHi + (sum < lo ? 1UL : 0UL);
            lo = sum;
        }

        private static void Subtract(ref ulong hi, ref ulong lo, ulong subHi, ulong subLo)
        {
            ulong difference = lo - subLo;
            hi -= subHi + (difference > lo ? 1UL : 0UL);
            lo = difference;
        }

        private static void Swap(ref ulong a, ref ulong b)
        {
            ulong kept = a;
            a = b;
            b = kept;
        }
    }
}
