namespace OSv.Libc.String
{
    public static partial class WordBits
    {
        /// <summary>Number of zero bits below the lowest set bit (64 for 0).</summary>
        public static int TrailingZeroCount(ulong value) => System.Numerics.BitOperations.TrailingZeroCount(value);

        /// <summary>floor(log2(value)) for value ≥ 1.</summary>
        public static int Log2(ulong value) => System.Numerics.BitOperations.Log2(value);
    }
}
