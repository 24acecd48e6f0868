namespace OSv.Libc.String
{
    public static partial class WordBits
    {
        private const ulong DeBruijn64 = 0x03F79D71B4CB0A89UL;

        // Position of the single set bit b in (1 << b) * DeBruijn64 >> 58 (Leiserson, Prokop and
        // Randall, "Using de Bruijn sequences to index a 1 in a computer word", 1998).
        private static System.ReadOnlySpan<byte> DeBruijnPositions =>
        [
            0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
            62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
            63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
            46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
        ];

        /// <summary>Number of zero bits below the lowest set bit (64 for 0).</summary>
        public static int TrailingZeroCount(ulong value)
        {
            if (value == 0)
                return 64;
            ulong lowest = value & (0 - value);
            return DeBruijnPositions[(int)((lowest * DeBruijn64) >> 58)];
        }

        /// <summary>floor(log2(value)) for value ≥ 1: a binary search over the bit halves.</summary>
        public static int Log2(ulong value)
        {
            int result = 0;
            if (value >= 1UL << 32) { value >>= 32; result += 32; }
            if (value >= 1UL << 16) { value >>= 16; result += 16; }
            if (value >= 1UL << 8) { value >>= 8; result += 8; }
            if (value >= 1UL << 4) { value >>= 4; result += 4; }
            if (value >= 1UL << 2) { value >>= 2; result += 2; }
            if (value >= 1UL << 1) result += 1;
            return result;
        }
    }
}
