// cbrt (C11 7.12.7.1). |x| = m * 2^(3q + r) with m in [1, 2) and r in {0, 1, 2}, so
// cbrt|x| = cbrt(m * 2^r) * 2^q with m * 2^r in [1, 8). An initial guess (a least-squares quadratic
// fit of cbrt on [1, 8), good to 5%) is refined by four Newton steps y -= (y^3 - a) / (3 y^2)
// (quadratic convergence: 5% -> 2^-9 -> 2^-17 -> 2^-35 -> 2^-70), then one last
// correction uses the residual a - y^3 computed exactly in double-double, leaving only the
// final rounding: the result is correctly rounded but for rare near-halfway cases.
namespace OSv.Libc.Math
{
    internal static class CubeRoot
    {
        public static double Compute(double x)
        {
            if (x == 0 || !FloatBits.IsFinite(x))
                return x + x;  // ±0, ±inf, NaN
            ulong significand = FloatBits.Decompose(x, out int exponent);  // |x| = significand * 2^exponent
            exponent += 52;
            int remainder = ((exponent % 3) + 3) % 3;
            int quotient = (exponent - remainder) / 3;
            double a = (double)(long)significand * FloatBits.PowerOfTwo(remainder - 52);  // [1, 8)
            double y = 0.8208312163657436 + a * (0.23742467276200943 - a * 0.011593381976926255);  // least squares, 5%
            for (int step = 0; step < 4; step++)
                y -= (y * y * y - a) / (3 * y * y);
            DoubleDouble cube = DoubleDouble.TwoProduct(y, y) * y;
            DoubleDouble residual = cube.Negate() + a;
            y += (residual.Hi + residual.Lo) / (3 * y * y);
            return FloatBits.CopySign(y * FloatBits.PowerOfTwo(quotient), x);
        }
    }
}
