// Decimal text of an int without string formatting (the interim core library has none, and these
// paths must not allocate): "Unknown error 134", "Real-time signal 5".
namespace OSv.Libc.String
{
    public static class DecimalText
    {
        public const int Int32DigitsMax = 11;   // "-2147483648"

        /// <summary>Writes <paramref name="label"/> then <paramref name="value"/> in decimal into
        /// <paramref name="destination"/>, truncating; returns the full length of the text.</summary>
        public static int WriteLabelled(System.ReadOnlySpan<byte> label, int value, System.Span<byte> destination)
        {
            System.Span<byte> digits = stackalloc byte[Int32DigitsMax];
            int digitCount = Write(value, digits);
            int written = 0;
            for (int i = 0; i < label.Length && written < destination.Length; i++)
                destination[written++] = label[i];
            for (int i = 0; i < digitCount && written < destination.Length; i++)
                destination[written++] = digits[i];
            return label.Length + digitCount;
        }

        /// <summary>Writes <paramref name="value"/> in decimal; <paramref name="destination"/> has
        /// room for <see cref="Int32DigitsMax"/> bytes. Returns the count written.</summary>
        public static int Write(int value, System.Span<byte> destination)
        {
            // Work on the negative magnitude so int.MinValue needs no special case.
            int negative = value < 0 ? value : -value;
            System.Span<byte> reversed = stackalloc byte[Int32DigitsMax];
            int count = 0;
            do
            {
                reversed[count++] = (byte)('0' - negative % 10);
                negative /= 10;
            } while (negative != 0);
            int written = 0;
            if (value < 0)
                destination[written++] = (byte)'-';
            while (count > 0)
                destination[written++] = reversed[--count];
            return written;
        }
    }
}
