// printf's integer conversions: d i (signed), o u x X (unsigned) and p. The argument arrives as
// 64 bits and is narrowed by the length modifier (hh h none l ll j z t), as C's default argument
// promotions and va_arg would. Precision is the minimum digit count (0 with value 0 prints no
// digits), '#' adds "0x" to nonzero hex and makes octal start with 0, and '0' pads with zeros
// only when no precision is given (C11 7.21.6.1p6). %p is glibc's "%#lx", or "(nil)" for null;
// glibc applies '+' and ' ' to %p as well.
namespace OSv.Libc.Format
{
    using System;

    internal static unsafe class IntegerFormatter
    {
        private const int DigitsMax = 24; // 64 bits in octal: 22 digits

        public static void WriteSigned<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, ulong raw)
            where TSink : struct, IFormatSink
        {
            long value = spec.Length switch
            {
                LengthModifier.Char => (sbyte)raw,
                LengthModifier.Short => (short)raw,
                LengthModifier.None => (int)raw,
                _ => (long)raw,
            };
            bool negative = value < 0;
            ulong magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
            WriteNumber(ref writer, ref spec, magnitude, negative, 10, false, true);
        }

        public static void WriteUnsigned<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, ulong raw)
            where TSink : struct, IFormatSink
        {
            ulong value = spec.Length switch
            {
                LengthModifier.Char => (byte)raw,
                LengthModifier.Short => (ushort)raw,
                LengthModifier.None => (uint)raw,
                _ => raw,
            };
            uint numberBase = spec.Conversion == 'o' ? 8u : spec.Conversion == 'u' ? 10u : 16u;
            WriteNumber(ref writer, ref spec, value, false, numberBase, spec.Conversion == 'X', false);
        }

        public static void WritePointer<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, ulong address)
            where TSink : struct, IFormatSink
        {
            if (address == 0)
            {
                long trailing = FieldLayout.Begin(ref writer, ref spec, default, 5, false);
                writer.Write("(nil)"u8);
                FieldLayout.End(ref writer, trailing);
                return;
            }
            spec.Alternate = true;
            WriteNumber(ref writer, ref spec, address, false, 16, false, true);
        }

        private static void WriteNumber<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec,
            ulong magnitude, bool negative, uint numberBase, bool upper, bool signAllowed)
            where TSink : struct, IFormatSink
        {
            byte* digits = stackalloc byte[DigitsMax];
            int digitCount = spec.Precision == 0 && magnitude == 0 ? 0 : WriteDigits(digits, magnitude, numberBase, upper);
            long leadingZeros = spec.Precision > digitCount ? spec.Precision - digitCount : 0;
            if (numberBase == 8 && spec.Alternate && leadingZeros == 0 && (digitCount == 0 || digits[0] != '0'))
                leadingZeros = 1;
            Span<byte> prefix = stackalloc byte[3];
            int prefixLength = 0;
            byte sign = signAllowed ? FieldLayout.SignOf(ref spec, negative) : (byte)0;
            if (sign != 0)
                prefix[prefixLength++] = sign;
            if (numberBase == 16 && spec.Alternate && magnitude != 0)
            {
                prefix[prefixLength++] = (byte)'0';
                prefix[prefixLength++] = upper ? (byte)'X' : (byte)'x';
            }
            bool zeroPadAllowed = spec.Precision == ConversionSpec.NoPrecision;
            long trailing = FieldLayout.Begin(ref writer, ref spec, prefix.Slice(0, prefixLength), leadingZeros + digitCount, zeroPadAllowed);
            writer.WriteRepeated((byte)'0', leadingZeros);
            writer.Write(new ReadOnlySpan<byte>(digits, digitCount));
            FieldLayout.End(ref writer, trailing);
        }

        private static int WriteDigits(byte* digits, ulong value, uint numberBase, bool upper)
        {
            byte* reversed = stackalloc byte[DigitsMax];
            int count = 0;
            do
            {
                uint digit = (uint)(value % numberBase);
                reversed[count++] = (byte)(digit < 10 ? '0' + digit : (upper ? 'A' : 'a') + digit - 10);
                value /= numberBase;
            }
            while (value != 0);
            for (int i = 0; i < count; i++)
                digits[i] = reversed[count - 1 - i];
            return count;
        }

        /// <summary>Decimal digits of <paramref name="value"/> into <paramref name="destination"/>;
        /// returns the count.</summary>
        public static int WriteDecimal(Span<byte> destination, ulong value)
        {
            byte* digits = stackalloc byte[DigitsMax];
            int count = WriteDigits(digits, value, 10, false);
            for (int i = 0; i < count; i++)
                destination[i] = digits[i];
            return count;
        }
    }
}
