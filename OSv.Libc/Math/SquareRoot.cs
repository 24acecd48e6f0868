// sqrt, correctly rounded (IEEE 754 requires it), computed in integers so the hosted and metal builds
// give identical bits without depending on whether ilc expands System.Math.Sqrt to sqrtsd (the
// interim core library has no System.Math). Algorithm: the restoring digit-by-digit square root
// (base 4), one result bit per step. Write |x| = M * 2^E with M an integer in [2^52, 2^54) and E
// even; N = M * 2^54 then has a root in [2^53, 2^54): 53 result bits plus one round bit, and the
// remainder tells whether anything lies below (sticky). The remainder R = N_top - q^2 stays below
// 2q + 1 < 2^55, so every step fits in 64 bits. A tie cannot happen (the root of a double with a
// 54th bit set would need 108 significant bits in its square), so the round bit alone decides.
namespace OSv.Libc.Math
{
    internal static class SquareRoot
    {
        private const int RootBits = 54;  // 53 significand bits and a round bit

        public static double Sqrt(double x)
        {
            if (x == 0 || FloatBits.IsNaN(x))
                return x;  // sqrt(±0) = ±0, NaN propagates
            if (x < 0)
                return FloatBits.QuietNaN;
            if (FloatBits.IsInfinity(x))
                return x;
            ulong significand = FloatBits.Decompose(x, out int exponent);  // top bit at 52
            if ((exponent & 1) != 0)
            {
                significand <<= 1;  // M in [2^53, 2^54)
                exponent -= 1;
            }
            ulong root = IntegerRootOfShifted(significand);
            ulong rounded = (root >> 1) + (root & 1);  // round bit set means above the midpoint
            // root(N) = root(M) * 2^27, so sqrt(x) = rounded * 2^(1 - 27 + E/2)
            int resultExponent = 1 - 27 + exponent / 2;
            return (double)(long)rounded * FloatBits.PowerOfTwo(resultExponent);
        }

        /// <summary>floor(sqrt(M * 2^54)) for M in [2^52, 2^54).</summary>
        private static ulong IntegerRootOfShifted(ulong significand)
        {
            ulong root = 0;
            ulong remainder = 0;
            for (int digit = RootBits - 1; digit >= 0; digit--)
            {
                // base-4 digit number `digit` of N = M << 54 is bits 2*digit+1..2*digit of N
                int bitInSignificand = 2 * digit - 54;
                ulong nextDigit = bitInSignificand >= 0 ? (significand >> bitInSignificand) & 3 : 0;
                remainder = (remainder << 2) | nextDigit;
                ulong trial = (root << 2) | 1;
                root <<= 1;
                if (remainder >= trial)
                {
                    remainder -= trial;
                    root |= 1;
                }
            }
            return root;
        }

        public static float Sqrt(float x) => (float)Sqrt((double)x);
    }
}
