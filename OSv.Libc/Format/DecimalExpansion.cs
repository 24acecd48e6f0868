// The exact decimal value of a finite double, and rounding it at a decimal position: the core of
// printf's %e, %f and %g. Every binary double is m * 2^e with integer m < 2^53 and
// -1074 <= e <= 971, so it has a finite decimal expansion: m * 2^e digits when e >= 0, and
// m * 5^-e followed by a point shifted -e places when e < 0 (since 2^e = 5^-e / 10^-e). We compute
// those digits with BigNumber, so any precision ("%.60f" of 0.1, "%.40e" of a denormal) prints
// the true digits, as glibc does.
//
// Representation: the value is 0.D[0]D[1]...D[Count-1] * 10^PointPosition, D[0] != '0' unless
// Count == 0 (the value zero). Rounding (RoundToDigits) follows glibc in the default rounding
// mode: round half to even, on the exact digits (a tie is a '5' followed only by zeros).
namespace OSv.Libc.Format
{
    internal unsafe struct DecimalExpansion
    {
        // 2^53 * 5^1074 has 767 digits; one more for a rounding carry.
        public const int DigitsMax = 800;

        public fixed byte Digits[DigitsMax];
        public int Count;
        public int PointPosition;

        public static void Expand(double value, out DecimalExpansion expansion)
        {
            expansion = default;
            ulong bits = *(ulong*)&value & 0x7FFF_FFFF_FFFF_FFFFUL;
            int biased = (int)(bits >> 52);
            ulong mantissa = bits & 0x000F_FFFF_FFFF_FFFFUL;
            if (biased == 0 && mantissa == 0)
                return;
            int exponent;
            if (biased == 0)
                exponent = -1074;
            else
            {
                mantissa |= 1UL << 52;
                exponent = biased - 1075;
            }
            BigNumber number = default;
            number.SetUInt64(mantissa);
            if (exponent >= 0)
                number.ShiftLeft(exponent);
            else
                number.MultiplyByPowerOfFive(-exponent);
            fixed (byte* digits = expansion.Digits)
                expansion.Count = number.ToDecimal(digits, DigitsMax - 1);
            // value = N * 10^min(exponent, 0), N having Count digits.
            expansion.PointPosition = expansion.Count + (exponent < 0 ? exponent : 0);
            expansion.TrimTrailingZeros();
        }

        public byte DigitAt(int index) => index >= 0 && index < Count ? Digits[index] : (byte)'0';

        /// <summary>Rounds to the first <paramref name="keep"/> significant digits (keep may be 0 or
        /// negative: the rounding position is then above the first digit).</summary>
        public void RoundToDigits(int keep)
        {
            if (keep >= Count)
                return;
            if (keep < 0)
            {
                Count = 0;
                PointPosition = 0;
                return;
            }
            bool roundUp = RoundsUp(keep);
            Count = keep;
            if (roundUp)
                Increment();
            TrimTrailingZeros();
            if (Count == 0 && !roundUp)
                PointPosition = 0;
        }

        private bool RoundsUp(int keep)
        {
            byte next = Digits[keep];
            if (next != '5')
                return next > '5';
            for (int i = keep + 1; i < Count; i++)
            {
                if (Digits[i] != '0')
                    return true;
            }
            // An exact tie: to even.
            byte previous = keep > 0 ? Digits[keep - 1] : (byte)'0';
            return ((previous - '0') & 1) != 0;
        }

        private void Increment()
        {
            for (int i = Count - 1; i >= 0; i--)
            {
                if (Digits[i] != '9')
                {
                    Digits[i]++;
                    return;
                }
                Digits[i] = (byte)'0';
            }
            // Carried out of the first digit (or keep was 0): the value is 10^PointPosition.
            Digits[0] = (byte)'1';
            Count = Count == 0 ? 1 : Count;
            PointPosition++;
        }

        private void TrimTrailingZeros()
        {
            while (Count > 0 && Digits[Count - 1] == '0')
                Count--;
        }
    }
}
