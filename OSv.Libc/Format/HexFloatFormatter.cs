// printf's %a and %A (C11 7.21.6.1p8), digit for digit as glibc prints them. A double prints as
// 0x1.<13 hex digits>p±E (normal) or 0x0.<13 hex digits>p-1022 (subnormal), trailing zero digits
// dropped when no precision is given. A long double (%La) prints in glibc's x87 layout: the
// leading hex digit is the top nibble of the 64-bit significand, then 15 digits, exponent - 3
// (1.0L is 0x8p-3); our long double arrived as a double, so its low 11 bits are zero.
//
// Precision rounding is glibc's in the default mode: half to even on the dropped bits. A carry
// out of the fraction increments the leading digit (0x1.fp+0 at precision 0 is 0x2p+0); for the
// x87 layout a leading 0xf carries to 0x1 and the exponent grows by 4, as in glibc.
namespace OSv.Libc.Format
{
    using System;

    internal static unsafe class HexFloatFormatter
    {
        private const int DoubleFractionDigits = 13;
        private const int ExtendedFractionDigits = 15;

        public static void Write<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, ulong bits, byte sign, bool upper)
            where TSink : struct, IFormatSink
        {
            Decompose(bits, spec.Length == LengthModifier.LongDouble, out uint leading, out ulong fraction,
                out int fractionDigits, out int exponent);
            int printedDigits;
            if (spec.Precision == ConversionSpec.NoPrecision)
            {
                printedDigits = fractionDigits;
                while (printedDigits > 0 && NibbleAt(fraction, printedDigits - 1) == 0)
                    printedDigits--;
            }
            else
            {
                printedDigits = spec.Precision;
                if (printedDigits < fractionDigits)
                    Round(ref leading, ref fraction, ref exponent, printedDigits, spec.Length == LengthModifier.LongDouble);
            }
            WriteParts(ref writer, ref spec, sign, upper, leading, fraction, printedDigits, exponent);
        }

        // fraction is left-aligned: its first hex digit is bits 63..60.
        private static void Decompose(ulong bits, bool extendedLayout, out uint leading, out ulong fraction,
            out int fractionDigits, out int exponent)
        {
            int biased = (int)((bits >> 52) & 0x7FF);
            ulong mantissa = bits & 0x000F_FFFF_FFFF_FFFFUL;
            fractionDigits = extendedLayout ? ExtendedFractionDigits : DoubleFractionDigits;
            if (biased == 0 && mantissa == 0)
            {
                leading = 0;
                fraction = 0;
                exponent = 0;
                return;
            }
            if (!extendedLayout)
            {
                leading = biased == 0 ? 0u : 1u;
                fraction = mantissa << 12;
                exponent = biased == 0 ? -1022 : biased - 1023;
                return;
            }
            ulong significand = biased == 0 ? mantissa << 11 : (1UL << 63) | (mantissa << 11);
            int unbiased = biased == 0 ? -1022 : biased - 1023;
            while ((long)significand > 0)
            {
                significand <<= 1;
                unbiased--;
            }
            leading = (uint)(significand >> 60);
            fraction = significand << 4;
            exponent = unbiased - 3;
        }

        private static void Round(ref uint leading, ref ulong fraction, ref int exponent, int keptDigits, bool extendedLayout)
        {
            int keptBits = keptDigits * 4;
            ulong dropped = keptBits == 0 ? fraction : fraction << keptBits;
            ulong kept = keptBits == 0 ? 0 : fraction >> (64 - keptBits);
            bool lastOdd = keptBits == 0 ? (leading & 1) != 0 : (kept & 1) != 0;
            const ulong half = 1UL << 63;
            bool roundUp = dropped > half || (dropped == half && lastOdd);
            if (!roundUp)
            {
                fraction = keptBits == 0 ? 0 : kept << (64 - keptBits);
                return;
            }
            kept++;
            bool carry = keptBits == 0 || (kept >> keptBits) != 0;
            fraction = carry || keptBits == 0 ? 0 : kept << (64 - keptBits);
            if (!carry)
                return;
            leading++;
            if (extendedLayout && leading == 16)
            {
                leading = 1;
                exponent += 4;
            }
        }

        private static void WriteParts<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, byte sign,
            bool upper, uint leading, ulong fraction, int printedDigits, int exponent)
            where TSink : struct, IFormatSink
        {
            Span<byte> prefix = stackalloc byte[3];
            int prefixLength = 0;
            if (sign != 0)
                prefix[prefixLength++] = sign;
            prefix[prefixLength++] = (byte)'0';
            prefix[prefixLength++] = upper ? (byte)'X' : (byte)'x';
            Span<byte> exponentText = stackalloc byte[8];
            int exponentLength = 0;
            exponentText[exponentLength++] = upper ? (byte)'P' : (byte)'p';
            exponentText[exponentLength++] = exponent < 0 ? (byte)'-' : (byte)'+';
            exponentLength += IntegerFormatter.WriteDecimal(exponentText.Slice(exponentLength), (ulong)(exponent < 0 ? -exponent : exponent));
            bool showPoint = printedDigits > 0 || spec.Alternate;
            long body = 1 + (showPoint ? 1 : 0) + (long)printedDigits + exponentLength;
            long trailing = FieldLayout.Begin(ref writer, ref spec, prefix.Slice(0, prefixLength), body, true);
            writer.WriteByte(HexDigit(leading, upper));
            if (showPoint)
                writer.WriteByte((byte)'.');
            Span<byte> digits = stackalloc byte[16];
            int stored = printedDigits < 16 ? printedDigits : 16;
            for (int i = 0; i < stored; i++)
                digits[i] = HexDigit(NibbleAt(fraction, i), upper);
            writer.Write(digits.Slice(0, stored));
            writer.WriteRepeated((byte)'0', (long)printedDigits - stored);
            writer.Write(exponentText.Slice(0, exponentLength));
            FieldLayout.End(ref writer, trailing);
        }

        private static uint NibbleAt(ulong fraction, int index) => (uint)(fraction >> (60 - 4 * index)) & 0xF;

        private static byte HexDigit(uint value, bool upper) =>
            (byte)(value < 10 ? '0' + value : (upper ? 'A' : 'a') + value - 10);
    }
}
