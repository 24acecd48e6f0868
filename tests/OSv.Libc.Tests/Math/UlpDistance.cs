// Distance in units in the last place between two doubles (or floats): the difference of their
// bit patterns mapped onto a line where adjacent representable values differ by one (negative
// values mirrored), so ±0 are 0 apart and the step across a power of two is counted correctly.
// Two NaNs are 0 apart; a NaN and a number are infinitely far apart (long.MaxValue).
namespace OSv.Libc.Tests.Math
{
    using System;

    internal static class UlpDistance
    {
        public static long Between(double a, double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b))
                return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
            long orderedA = Ordered(BitConverter.DoubleToInt64Bits(a));
            long orderedB = Ordered(BitConverter.DoubleToInt64Bits(b));
            long difference = orderedA - orderedB;
            return difference < 0 ? -difference : difference;
        }

        public static long Between(float a, float b)
        {
            if (float.IsNaN(a) || float.IsNaN(b))
                return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
            long orderedA = Ordered(BitConverter.SingleToInt32Bits(a));
            long orderedB = Ordered(BitConverter.SingleToInt32Bits(b));
            return Math.Abs(orderedA - orderedB);
        }

        private static long Ordered(long bits) => bits < 0 ? -(bits & long.MaxValue) : bits;

        private static long Ordered(int bits) => bits < 0 ? -(long)(bits & int.MaxValue) : bits;

        /// <summary>Same bits, or both NaN: what "exact" means for results (±0 distinguished).</summary>
        public static bool Identical(double a, double b) =>
            (double.IsNaN(a) && double.IsNaN(b)) || BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
    }
}
