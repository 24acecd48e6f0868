// fmod and remainder (C11 7.12.10), both exact: the result is representable, so no rounding
// happens. fmod works on integer significands: with |x| = mx * 2^ex and |y| = my * 2^ey (ex >= ey),
// x mod y = ((mx * 2^(ex-ey)) mod my) * 2^ey, and the power is folded in 11 bits at a time
// ((r << 11) mod my keeps r < my < 2^53, so r << 11 < 2^64). At most 2098 / 11 steps.
// remainder reduces |x| modulo 2|y| first, then picks the nearest multiple (ties to even quotient).
namespace OSv.Libc.Math
{
    internal static class FloatRemainder
    {
        private const int FoldBits = 11;

        public static double Fmod(double x, double y)
        {
            if (FloatBits.IsNaN(x) || FloatBits.IsNaN(y))
                return x + y;
            if (!FloatBits.IsFinite(x) || y == 0)
                return FloatBits.QuietNaN;  // domain error: caller sets EDOM
            if (!FloatBits.IsFinite(y) || x == 0)
                return x;
            double magnitudeX = FloatBits.Abs(x), magnitudeY = FloatBits.Abs(y);
            if (magnitudeX < magnitudeY)
                return x;
            ulong remainder = FloatBits.Decompose(magnitudeX, out int exponentX);
            ulong divisor = FloatBits.Decompose(magnitudeY, out int exponentY);
            remainder %= divisor;
            int pending = exponentX - exponentY;
            while (pending > 0 && remainder != 0)
            {
                int step = pending < FoldBits ? pending : FoldBits;
                remainder = (remainder << step) % divisor;
                pending -= step;
            }
            if (remainder == 0)
                return FloatBits.CopySign(0.0, x);
            double magnitude = FloatBits.Scale((double)(long)remainder, exponentY);  // exact
            return FloatBits.CopySign(magnitude, x);
        }

        public static double IeeeRemainder(double x, double y)
        {
            if (FloatBits.IsNaN(x) || FloatBits.IsNaN(y))
                return x + y;
            if (!FloatBits.IsFinite(x) || y == 0)
                return FloatBits.QuietNaN;  // domain error: caller sets EDOM
            double magnitudeY = FloatBits.Abs(y);
            double magnitudeX = FloatBits.Abs(x);
            if (magnitudeY <= FloatBits.MaxValue * 0.5)
                magnitudeX = FloatBits.Abs(Fmod(magnitudeX, magnitudeY + magnitudeY));  // < 2|y|
            // magnitudeX in [0, 2|y|): subtract |y| once or twice, ties keep the quotient even
            if (magnitudeY < 2 * FloatBits.MinNormal)
            {
                if (magnitudeX + magnitudeX > magnitudeY)
                {
                    magnitudeX -= magnitudeY;
                    if (magnitudeX + magnitudeX >= magnitudeY)
                        magnitudeX -= magnitudeY;
                }
            }
            else
            {
                double halfY = 0.5 * magnitudeY;
                if (magnitudeX > halfY)
                {
                    magnitudeX -= magnitudeY;
                    if (magnitudeX >= halfY)
                        magnitudeX -= magnitudeY;
                }
            }
            return FloatBits.IsNegative(x) ? -magnitudeX : magnitudeX;
        }

        public static float Fmod(float x, float y) => (float)Fmod((double)x, (double)y);
    }
}
