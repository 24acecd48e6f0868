// A decimal number as strtod and scanf read it, digit by digit: up to DigitsMax significant
// digits, a flag for nonzero digits dropped beyond them, and the position of the decimal point.
// The value is 0.D[0]D[1]...D[Count-1] (+ a tiny nonzero tail when Truncated) * 10^PointPosition.
//
// Why DigitsMax digits suffice for correct rounding: every halfway point between two adjacent
// doubles (or floats) is a dyadic rational with at most 767 significant decimal digits. Keeping
// 800 digits and a sticky "more nonzero digits followed" flag orders the input correctly against
// any such point, so DecimalToBinary's comparisons decide exactly as with all the digits.
namespace OSv.Libc.Format
{
    internal unsafe struct DecimalNumber
    {
        public const int DigitsMax = 800;
        private const int ExponentLimit = 1_000_000; // far beyond any double; prevents int overflow

        public fixed byte Digits[DigitsMax]; // digit values 0-9, not ASCII
        public int Count;
        public bool Truncated;
        public int PointPosition;
        public bool Negative;
        public bool SawDigit;                // any digit at all, zeros included

        public void AddDigit(int digit, bool afterPoint)
        {
            SawDigit = true;
            if (Count == 0 && digit == 0)
            {
                if (afterPoint)
                    PointPosition = PointPosition > -ExponentLimit ? PointPosition - 1 : PointPosition;
                return;
            }
            if (Count < DigitsMax)
                Digits[Count++] = (byte)digit;
            else if (digit != 0)
                Truncated = true;
            if (!afterPoint && PointPosition < ExponentLimit)
                PointPosition++;
        }

        /// <summary>Applies an explicit exponent (already clamped by the reader).</summary>
        public void AddExponent(int exponent)
        {
            long position = (long)PointPosition + exponent;
            PointPosition = position > ExponentLimit ? ExponentLimit : position < -ExponentLimit ? -ExponentLimit : (int)position;
        }

        public static int ClampExponent(long exponent) =>
            exponent > ExponentLimit ? ExponentLimit : exponent < -ExponentLimit ? -ExponentLimit : (int)exponent;
    }
}
