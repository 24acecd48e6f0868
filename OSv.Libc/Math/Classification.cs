// The classification functions glibc exports for code compiled against old headers or without
// builtins (C11 7.12.3 macros in function form): __fpclassify with glibc's FP_* values, __isnan,
// __isinf (+1 for +inf, -1 for -inf, as glibc), __finite and __signbit. Pure bit tests.
namespace OSv.Libc.Math
{
    public static class Classification
    {
        /// <summary>glibc's math.h values.</summary>
        public const int FpNaN = 0, FpInfinite = 1, FpZero = 2, FpSubnormal = 3, FpNormal = 4;

        public static int FpClassify(double x)
        {
            int biased = FloatBits.BiasedExponent(x);
            if (biased == 0x7FF)
                return FloatBits.IsNaN(x) ? FpNaN : FpInfinite;
            if (biased != 0)
                return FpNormal;
            return x == 0 ? FpZero : FpSubnormal;
        }

        public static int IsNaN(double x) => FloatBits.IsNaN(x) ? 1 : 0;

        public static int IsInfinity(double x) => FloatBits.IsInfinity(x) ? (x > 0 ? 1 : -1) : 0;

        public static int IsFinite(double x) => FloatBits.IsFinite(x) ? 1 : 0;

        public static int SignBit(double x) => FloatBits.IsNegative(x) ? 1 : 0;
    }
}
