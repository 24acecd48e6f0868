// Argument reduction for sin, cos and tan: x = k * (pi/2) + r with |r| <= about pi/4, r as a
// double-double and k mod 4 as the quadrant.
// - |x| <= pi/4: r = x.
// - |x| < 2^19 * pi/2 (Cody-Waite): k = round(x * 2/pi) has at most 20 bits; pi/2 is split into
//   three 33-bit parts and a 53-bit fourth (152 bits), so k * part1..3 are exact and x - k*part1
//   is exact (Sterbenz); the rest is subtracted in double-double. Error about 2^-130 absolute.
// - larger |x| (Payne-Hanek): x = M * 2^e with a 53-bit integer M. Bits of 2/pi with weight above
//   2^(2-e) only add multiples of 4 to x * 2/pi, so only a 192-bit window of 2/pi starting at bit
//   e - 1 is used; M * window (mod 2^192) holds the quadrant in its top two bits and the fraction
//   in the 190 below it. The dropped bits of 2/pi change the fraction by less than 2^-137, far
//   below the smallest |r| a double can produce (about 2^-61 for binary64). The fraction is
//   recentred to [-1/2, 1/2], normalised, and multiplied by pi/2 in double-double.
// Bits of 2/pi come from generate_tables.py (Machin's formula at 500 digits).
namespace OSv.Libc.Math
{
    internal static class TrigReduction
    {
        private const double CodyWaiteLimit = 823549.6654; // 2^19 * pi/2
        private const double QuarterPi = 0.7853981633974483;

        /// <summary>Reduces a finite x; returns r and sets quadrant to k mod 4.</summary>
        public static DoubleDouble Reduce(double x, out int quadrant)
        {
            double magnitude = FloatBits.Abs(x);
            if (magnitude <= QuarterPi)
            {
                quadrant = 0;
                return new DoubleDouble(x, 0);
            }
            if (magnitude < CodyWaiteLimit)
                return ReduceCodyWaite(x, out quadrant);
            DoubleDouble r = ReducePayneHanek(magnitude, out int magnitudeQuadrant);
            if (x < 0)
            {
                quadrant = (4 - magnitudeQuadrant) & 3;
                return r.Negate();
            }
            quadrant = magnitudeQuadrant;
            return r;
        }

        private static DoubleDouble ReduceCodyWaite(double x, out int quadrant)
        {
            long k = FloatBits.RoundToInt64(x * MathTables.TwoOverPiHi);
            double count = k;
            double head = x - count * MathTables.HalfPiPart1;  // both exact
            DoubleDouble r = DoubleDouble.TwoSum(head, -(count * MathTables.HalfPiPart2));
            r = r + (-(count * MathTables.HalfPiPart3));
            r = r - DoubleDouble.TwoProduct(count, MathTables.HalfPiPart4);
            quadrant = (int)(k & 3);
            return r;
        }

        private static DoubleDouble ReducePayneHanek(double magnitude, out int quadrant)
        {
            ulong significand = FloatBits.Decompose(magnitude, out int exponent);
            // Window starts at bit index exponent - 1 of 2/pi; the table stream has 63 bits of
            // zero padding in front of bit index 1, so bit index i sits at stream position i + 63.
            int streamPosition = exponent - 1 + 63;
            ulong window0 = WindowWord(streamPosition);
            ulong window1 = WindowWord(streamPosition + 64);
            ulong window2 = WindowWord(streamPosition + 128);
            // product = significand * window, modulo 2^192
            ulong high2 = System.Math.BigMul(significand, window2, out ulong low2);
            ulong high1 = System.Math.BigMul(significand, window1, out ulong low1);
            ulong low0 = significand * window0;
            ulong word0 = low2;
            ulong word1 = high2 + low1;
            ulong carry = word1 < high2 ? 1UL : 0UL;
            ulong word2 = high1 + low0 + carry;
            quadrant = (int)(word2 >> 62);
            // fraction * 2^192, bits 191..0
            ulong fraction0 = (word2 << 2) | (word1 >> 62);
            ulong fraction1 = (word1 << 2) | (word0 >> 62);
            ulong fraction2 = word0 << 2;
            bool negative = (fraction0 >> 63) != 0;
            if (negative)
            {
                quadrant = (quadrant + 1) & 3;
                Negate(ref fraction0, ref fraction1, ref fraction2);
            }
            DoubleDouble fraction = FractionToDoubleDouble(fraction0, fraction1, fraction2);
            DoubleDouble r = fraction * new DoubleDouble(MathTables.HalfPiHi, MathTables.HalfPiLo);
            return negative ? r.Negate() : r;
        }

        /// <summary>The 192-bit fraction (f0:f1:f2) / 2^192, to about 106 bits.</summary>
        private static DoubleDouble FractionToDoubleDouble(ulong f0, ulong f1, ulong f2)
        {
            int shift = 0;
            for (int step = 0; step < 2 && f0 == 0; step++)
            {
                f0 = f1;
                f1 = f2;
                f2 = 0;
                shift += 64;
            }
            int bitShift = FloatBits.LeadingZeros(f0);
            if (bitShift == 64)
                return new DoubleDouble(0, 0);
            if (bitShift > 0)
            {
                f0 = (f0 << bitShift) | (f1 >> (64 - bitShift));
                f1 = (f1 << bitShift) | (f2 >> (64 - bitShift));
            }
            shift += bitShift;
            double high = (double)(long)(f0 >> 11) * FloatBits.PowerOfTwo(-53 - shift);
            double low = (double)(long)(((f0 & 0x7FF) << 42) | (f1 >> 22)) * FloatBits.PowerOfTwo(-106 - shift);
            return DoubleDouble.FastTwoSum(high, low);
        }

        private static ulong WindowWord(int streamPosition)
        {
            ulong[] bits = MathTables.TwoOverPiBits;
            int word = streamPosition >> 6;
            int offset = streamPosition & 63;
            if (offset == 0)
                return bits[word];
            return (bits[word] << offset) | (bits[word + 1] >> (64 - offset));
        }

        private static void Negate(ref ulong f0, ref ulong f1, ref ulong f2)
        {
            f0 = ~f0;
            f1 = ~f1;
            f2 = ~f2;
            f2 += 1;
            if (f2 == 0)
            {
                f1 += 1;
                if (f1 == 0)
                    f0 += 1;
            }
        }

    }
}
