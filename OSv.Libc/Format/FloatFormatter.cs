// printf's floating conversions %e %E %f %F %g %G (and %a %A through HexFloatFormatter), with
// glibc's exact output: the double's exact decimal expansion (DecimalExpansion) rounded half to
// even at the requested digit, so "%.60f" of 0.1 and "%.17g" print the true digits.
//
// Rules (C11 7.21.6.1p8): %f prints [-]ddd.ddd with precision (default 6) fraction digits; %e
// prints d.ddde±XX with at least two exponent digits; %g picks P = precision (6 when absent, 1
// when 0) significant digits, rounds, and with X the resulting exponent uses %f with precision
// P-1-X when P > X >= -4, else %e with P-1, then drops trailing zeros (and a bare point) unless
// '#' (with one glibc quirk, kept for identical output: see WriteGeneral). Infinity and NaN print "inf"/"nan" (upper case for the upper-case letters), signed like
// numbers (glibc prints "-nan" for a NaN with its sign bit set), padded with spaces only.
//
// Long double: the argument was converted to double by VaList.NextLongDouble, so values that
// need more than 53 bits print the nearest double's digits, not the x87 value's (documented loss).
namespace OSv.Libc.Format
{
    using System;

    internal static unsafe class FloatFormatter
    {
        private const int DefaultPrecision = 6;

        public static void Write<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec, double value)
            where TSink : struct, IFormatSink
        {
            ulong bits = *(ulong*)&value;
            bool negative = (bits >> 63) != 0;
            bool upper = spec.Conversion is (byte)'E' or (byte)'F' or (byte)'G' or (byte)'A';
            if ((bits & 0x7FF0_0000_0000_0000UL) == 0x7FF0_0000_0000_0000UL)
            {
                WriteSpecial(ref writer, ref spec, negative, (bits & 0x000F_FFFF_FFFF_FFFFUL) != 0, upper);
                return;
            }
            byte sign = FieldLayout.SignOf(ref spec, negative);
            if (spec.Conversion is (byte)'a' or (byte)'A')
            {
                HexFloatFormatter.Write(ref writer, ref spec, bits, sign, upper);
                return;
            }
            DecimalExpansion.Expand(value, out DecimalExpansion expansion);
            int precision = spec.Precision == ConversionSpec.NoPrecision ? DefaultPrecision : spec.Precision;
            switch (spec.Conversion)
            {
                case (byte)'f':
                case (byte)'F':
                    expansion.RoundToDigits(ClampToInt((long)expansion.PointPosition + precision));
                    WriteFixed(ref writer, ref spec, ref expansion, precision, sign, false);
                    return;
                case (byte)'e':
                case (byte)'E':
                    expansion.RoundToDigits(ClampToInt((long)precision + 1));
                    WriteExponential(ref writer, ref spec, ref expansion, precision, sign, upper, false);
                    return;
                default:
                    WriteGeneral(ref writer, ref spec, ref expansion, precision, sign, upper);
                    return;
            }
        }

        private static void WriteGeneral<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec,
            ref DecimalExpansion expansion, int precision, byte sign, bool upper)
            where TSink : struct, IFormatSink
        {
            int significant = precision == 0 ? 1 : precision;
            int unroundedExponent = expansion.Count == 0 ? 0 : expansion.PointPosition - 1;
            expansion.RoundToDigits(significant);
            int exponent = expansion.Count == 0 ? 0 : expansion.PointPosition - 1;
            bool trim = !spec.Alternate;
            if (significant > exponent && exponent >= -4)
                WriteFixed(ref writer, ref spec, ref expansion, significant - 1 - exponent, sign, trim);
            else if (significant > unroundedExponent && unroundedExponent >= -4)
                // glibc quirk: fixed style was chosen before rounding carried to P integer digits
                // (999999.5 under "%#g"); glibc then prints the exponent form with the fixed
                // style's zero fraction digits: "1.e+06".
                WriteExponential(ref writer, ref spec, ref expansion, 0, sign, upper, trim);
            else
                WriteExponential(ref writer, ref spec, ref expansion, significant - 1, sign, upper, trim);
        }

        private static void WriteFixed<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec,
            ref DecimalExpansion expansion, int precision, byte sign, bool trimZeros)
            where TSink : struct, IFormatSink
        {
            int point = expansion.PointPosition;
            long fraction = precision;
            if (trimZeros)
            {
                long significantFraction = expansion.Count - point;
                fraction = significantFraction < 0 ? 0 : significantFraction < precision ? significantFraction : precision;
            }
            long integerDigits = point > 0 ? point : 1;
            bool showPoint = fraction > 0 || spec.Alternate;
            long body = integerDigits + (showPoint ? 1 : 0) + fraction;
            long trailing = FieldLayout.Begin(ref writer, ref spec, SignSpan(&sign), body, true);
            fixed (byte* digits = expansion.Digits)
            {
                if (point <= 0)
                    writer.WriteByte((byte)'0');
                else
                    WriteDigitRange(ref writer, digits, expansion.Count, 0, point);
                if (showPoint)
                    writer.WriteByte((byte)'.');
                WriteDigitRange(ref writer, digits, expansion.Count, point, fraction);
            }
            FieldLayout.End(ref writer, trailing);
        }

        private static void WriteExponential<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec,
            ref DecimalExpansion expansion, int precision, byte sign, bool upper, bool trimZeros)
            where TSink : struct, IFormatSink
        {
            int exponent = expansion.Count == 0 ? 0 : expansion.PointPosition - 1;
            long fraction = precision;
            if (trimZeros)
            {
                long significantFraction = expansion.Count - 1;
                fraction = significantFraction < 0 ? 0 : significantFraction < precision ? significantFraction : precision;
            }
            Span<byte> exponentText = stackalloc byte[8];
            int exponentLength = WriteExponent(exponentText, exponent, upper ? (byte)'E' : (byte)'e');
            bool showPoint = fraction > 0 || spec.Alternate;
            long body = 1 + (showPoint ? 1 : 0) + fraction + exponentLength;
            long trailing = FieldLayout.Begin(ref writer, ref spec, SignSpan(&sign), body, true);
            writer.WriteByte(expansion.DigitAt(0));
            if (showPoint)
                writer.WriteByte((byte)'.');
            fixed (byte* digits = expansion.Digits)
                WriteDigitRange(ref writer, digits, expansion.Count, 1, fraction);
            writer.Write(exponentText.Slice(0, exponentLength));
            FieldLayout.End(ref writer, trailing);
        }

        // Digits [start, start + length) of the expansion, '0' outside [0, count).
        private static void WriteDigitRange<TSink>(ref FormatWriter<TSink> writer, byte* digits, int count, long start, long length)
            where TSink : struct, IFormatSink
        {
            if (length <= 0)
                return;
            long end = start + length;
            if (start < 0)
            {
                long zeros = end < 0 ? length : -start;
                writer.WriteRepeated((byte)'0', zeros);
                start += zeros;
            }
            long stored = (end < count ? end : count) - start;
            if (stored > 0)
            {
                writer.Write(new ReadOnlySpan<byte>(digits + start, (int)stored));
                start += stored;
            }
            writer.WriteRepeated((byte)'0', end - start);
        }

        private static int WriteExponent(Span<byte> text, int exponent, byte letter)
        {
            int length = 0;
            text[length++] = letter;
            text[length++] = exponent < 0 ? (byte)'-' : (byte)'+';
            uint magnitude = (uint)(exponent < 0 ? -exponent : exponent);
            if (magnitude < 10)
                text[length++] = (byte)'0';
            length += IntegerFormatter.WriteDecimal(text.Slice(length), magnitude);
            return length;
        }

        private static void WriteSpecial<TSink>(ref FormatWriter<TSink> writer, ref ConversionSpec spec,
            bool negative, bool notANumber, bool upper)
            where TSink : struct, IFormatSink
        {
            byte sign = FieldLayout.SignOf(ref spec, negative);
            ReadOnlySpan<byte> text = notANumber ? (upper ? "NAN"u8 : "nan"u8) : (upper ? "INF"u8 : "inf"u8);
            long trailing = FieldLayout.Begin(ref writer, ref spec, SignSpan(&sign), text.Length, false);
            writer.Write(text);
            FieldLayout.End(ref writer, trailing);
        }

        public static ReadOnlySpan<byte> SignSpan(byte* sign) => new ReadOnlySpan<byte>(sign, *sign == 0 ? 0 : 1);

        private static int ClampToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;
    }
}
