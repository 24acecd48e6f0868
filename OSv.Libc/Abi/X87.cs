// `long double` on x86-64 is the x87 80-bit extended format (psABI 3.1.2): a 64-bit significand
// with an explicit integer bit, a 15-bit exponent biased by 16383, and a sign, in 16 bytes. The
// C library computes in double, so conversions round to nearest, ties to even, as the FPU would.
namespace OSv.Libc.Abi
{
    public static unsafe class X87
    {
        private const int ExtendedBias = 16383;
        private const int DoubleBias = 1023;

        private static double FromBits(ulong bits) => *(double*)&bits;

        public static double ToDouble(byte* extended)
        {
            ulong significand = *(ulong*)extended;
            ushort signAndExponent = *(ushort*)(extended + 8);
            ulong sign = (ulong)(signAndExponent >> 15) << 63;
            int exponent = signAndExponent & 0x7FFF;
            if (exponent == 0x7FFF)
            {
                ulong nanBits = (significand << 1) != 0 ? 0x0008_0000_0000_0000UL | ((significand << 1) >> 12) : 0;
                return FromBits(sign | 0x7FF0_0000_0000_0000UL | nanBits);
            }
            if (significand == 0)
                return FromBits(sign);
            // Normalise (pseudo-denormals and denormals have the integer bit clear).
            int unbiased = (exponent == 0 ? 1 : exponent) - ExtendedBias;
            while ((long)significand > 0)
            {
                significand <<= 1;
                unbiased--;
            }
            int doubleExponent = unbiased + DoubleBias;
            if (doubleExponent >= 0x7FF)
                return FromBits(sign | 0x7FF0_0000_0000_0000UL);
            int dropBits = 11;
            if (doubleExponent <= 0)
            {
                dropBits += 1 - doubleExponent;
                doubleExponent = 0;
                if (dropBits > 64)
                    return FromBits(sign);
            }
            ulong kept = dropBits == 64 ? 0 : significand >> dropBits;
            ulong rest = dropBits == 64 ? significand : significand << (64 - dropBits);
            const ulong half = 1UL << 63;
            if (rest > half || (rest == half && (kept & 1) != 0))
                kept++;
            // For normal results `kept` carries the implicit bit at 52; adding the biased exponent
            // minus one lets a rounding carry into bit 53 bump the exponent, as it should.
            ulong bits = doubleExponent == 0 ? kept : ((ulong)(doubleExponent - 1) << 52) + kept;
            return FromBits(sign | bits);
        }

        public static void FromDouble(double value, byte* extended)
        {
            ulong bits = *(ulong*)&value;
            ushort sign = (ushort)((bits >> 63) << 15);
            int exponent = (int)((bits >> 52) & 0x7FF);
            ulong fraction = bits & 0x000F_FFFF_FFFF_FFFFUL;
            ulong significand;
            int extendedExponent;
            if (exponent == 0x7FF)
            {
                extendedExponent = 0x7FFF;
                significand = 0x8000_0000_0000_0000UL | (fraction << 11);
            }
            else if (exponent == 0)
            {
                if (fraction == 0)
                {
                    extendedExponent = 0;
                    significand = 0;
                }
                else
                {
                    extendedExponent = 1 - DoubleBias + ExtendedBias;
                    significand = fraction << 11;
                    while ((long)significand > 0)
                    {
                        significand <<= 1;
                        extendedExponent--;
                    }
                }
            }
            else
            {
                extendedExponent = exponent - DoubleBias + ExtendedBias;
                significand = 0x8000_0000_0000_0000UL | (fraction << 11);
            }
            *(ulong*)extended = significand;
            *(ushort*)(extended + 8) = (ushort)(sign | extendedExponent);
        }
    }
}
