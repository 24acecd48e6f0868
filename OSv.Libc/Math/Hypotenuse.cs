// hypot (C11 7.12.7.3, F.10.4.3): sqrt(x^2 + y^2) without undue overflow or underflow. Both
// magnitudes are scaled by one power of two that brings the larger near 1 (exact), the sum of
// squares is formed exactly in double-double, its double-double root is rounded once, and the
// scale is undone (overflow to +inf or rounding onto the subnormal grid happens there).
// If one operand is more than 2^60 times the other, the answer is the larger one.
namespace OSv.Libc.Math
{
    internal static class Hypotenuse
    {
        private const double RatioLimit = 1152921504606846976.0;  // 2^60

        public static double Compute(double x, double y)
        {
            if (FloatBits.IsInfinity(x) || FloatBits.IsInfinity(y))
                return FloatBits.Infinity;  // even with a NaN (F.10.4.3)
            if (FloatBits.IsNaN(x) || FloatBits.IsNaN(y))
                return x + y;
            double larger = FloatBits.Abs(x), smaller = FloatBits.Abs(y);
            if (smaller > larger)
            {
                double kept = larger;
                larger = smaller;
                smaller = kept;
            }
            if (smaller == 0 || larger > smaller * RatioLimit)
                return larger + smaller;
            int shift = FloatBits.ExponentBias - FloatBits.BiasedExponent(larger);  // larger * 2^shift in [1, 2)
            if (shift < -1022) shift = -1022;
            if (shift > 1023) shift = 1023;  // subnormal larger: 2^1023 still keeps it below 1
            double scale = FloatBits.PowerOfTwo(shift);
            double a = larger * scale, b = smaller * scale;
            DoubleDouble sum = DoubleDouble.TwoProduct(a, a) + DoubleDouble.TwoProduct(b, b);
            DoubleDouble root = DoubleDouble.Sqrt(sum);
            return FloatBits.Scale(root.Hi + root.Lo, -shift);
        }
    }
}
