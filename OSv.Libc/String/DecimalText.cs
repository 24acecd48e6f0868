// "Unknown error 134", "Real-time signal 5": a label then an int in decimal, written as UTF-8
// into the caller's buffer, so strerror_r and strsignal allocate nothing. The digits come from
// CoreLib's int.TryFormat into a stack buffer, with the invariant culture: C's messages use
// '-' whatever the process culture says.
using System.Globalization;

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
            value.TryFormat(digits, out int digitCount, default, NumberFormatInfo.InvariantInfo);
            int written = 0;
            for (int i = 0; i < label.Length && written < destination.Length; i++)
                destination[written++] = label[i];
            for (int i = 0; i < digitCount && written < destination.Length; i++)
                destination[written++] = digits[i];
            return label.Length + digitCount;
        }
    }
}
