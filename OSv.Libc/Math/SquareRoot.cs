// sqrt, correctly rounded (IEEE 754 requires it), computed in integers so the result never depends
// on how the compiler treats System.Math.Sqrt: its intrinsic is sqrtsd, but its fallback is a call
// to the C sqrt, and the C math functions CoreLib calls are this libm (OSv.Runtime compiles these
// files in: Pal/MathFunctions.cs). So the libm uses only the System.Math members that are pure C#
// (BigMul), never one that may become a libm call. Write |x| = M * 2^E with M an integer in
// [2^52, 2^54) and E even; N = M * 2^54 then has an integer root q = floor(sqrt(N)) in
// [2^53, 2^54): 53 result bits plus one round bit. q is estimated in floating point and then made
// exact by comparing q^2 and (q+1)^2 with N in 128-bit integers (Math.BigMul). A tie cannot happen
// (a root whose 54th bit is set and is exact would need 108 significant bits in its square), so
// the round bit alone decides.
namespace OSv.Libc.Math
{
    internal static class SquareRoot
    {
        private const int NewtonSteps = 4;
        private const int CorrectionsMax = 64;  // the estimate is within a few units; bounds the loops

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

        /// <summary>
        /// floor(sqrt(N)) for N = M * 2^54, M in [2^52, 2^54): a double estimate (Newton from a
        /// bit-pattern guess: 6% -> 2^-9 -> 2^-18 -> 2^-37 -> below 2^-52) scaled to an integer within a
        /// few units, then corrected against the exact 128-bit N until q^2 &lt;= N &lt; (q+1)^2.
        /// </summary>
        private static ulong IntegerRootOfShifted(ulong significand)
        {
            double m = (double)(long)significand;  // exact: at most 54 bits, the last one zero
            double estimate = FloatBits.FromBits((FloatBits.ToBits(m) >> 1) + (1023L << 51));  // halves the exponent
            for (int step = 0; step < NewtonSteps; step++)
                estimate = 0.5 * (estimate + m / estimate);
            ulong root = (ulong)Rounding.IntegralToInt64(Rounding.Trunc(estimate * 134217728.0));  // * 2^27
            ulong targetHi = significand >> 10, targetLo = significand << 54;
            for (int correction = 0; correction < CorrectionsMax && SquareExceeds(root, targetHi, targetLo); correction++)
                root--;
            for (int correction = 0; correction < CorrectionsMax && !SquareExceeds(root + 1, targetHi, targetLo); correction++)
                root++;
            return root;
        }

        /// <summary>Whether q^2 > (targetHi:targetLo).</summary>
        private static bool SquareExceeds(ulong q, ulong targetHi, ulong targetLo)
        {
            ulong squareHi = System.Math.BigMul(q, q, out ulong squareLo);
            return squareHi > targetHi || (squareHi == targetHi && squareLo > targetLo);
        }

        public static float Sqrt(float x) => (float)Sqrt((double)x);
    }
}
