// Number formatting in the invariant culture: integers and doubles with the standard specifiers
// (R, G17, F3, E, N, X, ...), custom format strings, composite formatting and interpolation, and
// the shortest round-trip text of doubles (the Ryu/Grisu-style code path of the base library).
using System;
using System.Globalization;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class FormattingArea
    {
        public static CompatArea Create() => new CompatArea("formatting", RunByDefault: true, new[]
        {
            new CompatBody("integers", Integers),
            new CompatBody("integer-specifiers", IntegerSpecifiers),
            new CompatBody("doubles-default", DoublesDefault),
            new CompatBody("double-specifiers", DoubleSpecifiers),
            new CompatBody("double-special-values", DoubleSpecialValues),
            new CompatBody("custom-formats", CustomFormats),
            new CompatBody("composite-and-interpolation", CompositeAndInterpolation),
            new CompatBody("round-trips", RoundTrips),
            new CompatBody("other-types", OtherTypes),
        });

        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        private static void Integers(Transcript t)
        {
            t.Line("zero", 0.ToString(Invariant));
            t.Line("int min", int.MinValue.ToString(Invariant));
            t.Line("int max", int.MaxValue.ToString(Invariant));
            t.Line("long min", long.MinValue.ToString(Invariant));
            t.Line("ulong max", ulong.MaxValue.ToString(Invariant));
            t.Line("byte", ((byte)200).ToString(Invariant));
            t.Line("sbyte", ((sbyte)-100).ToString(Invariant));
            t.Line("short", short.MinValue.ToString(Invariant));
            t.Line("uint", uint.MaxValue.ToString(Invariant));
            t.Line("int128", (Int128.MaxValue).ToString(Invariant));
            t.Line("decimal", (-123456.789m).ToString(Invariant));
            t.Line("decimal max", decimal.MaxValue.ToString(Invariant));
        }

        private static void IntegerSpecifiers(Transcript t)
        {
            var value = 1234567;
            foreach (var format in new[] { "D", "D10", "N", "N0", "X", "x8", "C", "E", "E2", "F2", "G", "P", "B" })
                t.Line(format, value.ToString(format, Invariant));
            t.Line("negative X", (-1).ToString("X", Invariant));
            t.Line("long X16", long.MaxValue.ToString("X16", Invariant));
            t.Line("byte x2", ((byte)10).ToString("x2", Invariant));
            t.Line("negative N", (-9876543).ToString("N", Invariant));
            t.Line("negative D6", (-42).ToString("D6", Invariant));
        }

        private static void DoublesDefault(Transcript t)
        {
            double[] values = { 0.1, 0.2, 0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, 1e21, 1e-7, 123456789012345680.0, 5e-324, double.MaxValue, -0.0, 100.0, 1.5e300 * 1.5e10, Math.PI, Math.E };
            foreach (var value in values)
                t.Line(value.ToString(Invariant));
            t.Line("float 0.1f", 0.1f.ToString(Invariant));
            t.Line("float max", float.MaxValue.ToString(Invariant));
            t.Line("float to double", ((double)0.1f).ToString(Invariant));
            t.Line("half", ((Half)0.1).ToString(Invariant));
        }

        private static void DoubleSpecifiers(Transcript t)
        {
            double[] values = { Math.PI, -1234.5678, 0.000123456, 1e15, 0.5, 2.5, 1.005 };
            string[] formats = { "R", "G17", "G", "G3", "F3", "F0", "E", "E10", "e3", "N", "N4", "P1", "C" };
            foreach (var value in values)
            {
                var parts = new string[formats.Length];
                for (var i = 0; i < formats.Length; i++)
                    parts[i] = formats[i] + "=" + value.ToString(formats[i], Invariant);
                t.Line(string.Join(" ", parts));
            }
        }

        private static void DoubleSpecialValues(Transcript t)
        {
            t.Line("NaN", double.NaN.ToString(Invariant));
            t.Line("positive infinity", double.PositiveInfinity.ToString(Invariant));
            t.Line("negative infinity", double.NegativeInfinity.ToString("F2", Invariant));
            t.Line("negative zero R", (-0.0).ToString("R", Invariant));
            t.Line("epsilon", double.Epsilon.ToString("R", Invariant));
            t.Line("float NaN", float.NaN.ToString(Invariant));
            t.Line("1/0", (1.0 / Zero()).ToString(Invariant));
            t.Line("0/0 is NaN", double.IsNaN(Zero() / Zero()));
        }

        private static double Zero() => 0.0;

        private static void CustomFormats(Transcript t)
        {
            t.Line("#,##0.00", 1234567.891.ToString("#,##0.00", Invariant));
            t.Line("0000", 42.ToString("0000", Invariant));
            t.Line("#.##", 0.456.ToString("#.##", Invariant));
            t.Line("0.###E+0", 123456.0.ToString("0.###E+0", Invariant));
            t.Line("sections", (-5).ToString("pos;neg;zero", Invariant) + " " + 0.ToString("pos;neg;zero", Invariant));
            t.Line("percent", 0.256.ToString("0.0%", Invariant));
            t.Line("per mille", 0.256.ToString("0.0\u2030", Invariant));
            t.Line("literal", 7.ToString("'#'0' items'", Invariant));
            t.Line("escaped", 7.ToString("\\#0", Invariant));
            t.Line("date", new DateTime(2024, 2, 29, 13, 5, 9, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss ddd MMM", Invariant));
            t.Line("date o", new DateTime(2024, 2, 29, 13, 5, 9, 123, DateTimeKind.Utc).ToString("o", Invariant));
            t.Line("timespan", new TimeSpan(1, 2, 3, 4, 5).ToString("c", Invariant));
            t.Line("guid", new Guid("0f8fad5b-d9cb-469f-a165-70867728950e").ToString("B", Invariant));
        }

        private static void CompositeAndInterpolation(Transcript t)
        {
            t.Line("composite", string.Format(Invariant, "{0,6}|{1,-6}|{2:F1}|{0:X}", 255, "ab", 2.25));
            t.Line("braces", string.Format(Invariant, "{{{0}}}", 5));
            var name = "osv";
            var count = 3;
            var ratio = 0.125;
            t.Line("interpolation", $"{name} has {count} items, ratio {ratio:P1}, hex {count * 100:x}, padded [{count,4}]");
            t.Line("invariant interpolation", FormattableString.Invariant($"{ratio} {-1.5e-10}"));
            t.Line("string.Create invariant", string.Create(Invariant, $"{1234.5:N1}"));
            Span<char> buffer = stackalloc char[32];
            var written = 3.75.TryFormat(buffer, out var length, "F3", Invariant);
            t.Line("TryFormat", written + " " + buffer.Slice(0, length).ToString());
            var tooSmall = 123456.TryFormat(buffer.Slice(0, 3), out length, default, Invariant);
            t.Line("TryFormat too small", tooSmall + " " + length);
        }

        private static void RoundTrips(Transcript t)
        {
            double[] values = { 0.1, 1.0 / 3.0, Math.PI, 1e-300, 123.456e200, 9007199254740993.0, 0.30000000000000004, 5e-324, 1.7976931348623157E+308 };
            var allExact = true;
            foreach (var value in values)
            {
                var shortest = value.ToString("R", Invariant);
                var parsedShortest = double.Parse(shortest, Invariant);
                var g17 = value.ToString("G17", Invariant);
                var parsedG17 = double.Parse(g17, Invariant);
                allExact &= BitConverter.DoubleToInt64Bits(parsedShortest) == BitConverter.DoubleToInt64Bits(value);
                allExact &= BitConverter.DoubleToInt64Bits(parsedG17) == BitConverter.DoubleToInt64Bits(value);
                t.Line(shortest + " " + g17);
            }
            t.Line("all bit-exact", allExact);
            var state = 0x9E3779B97F4A7C15UL;
            var randomExact = 0;
            for (var i = 0; i < 2000; i++)
            {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                var value = BitConverter.Int64BitsToDouble((long)(state & 0x7FEFFFFFFFFFFFFFUL));
                var text = value.ToString(Invariant);
                if (BitConverter.DoubleToInt64Bits(double.Parse(text, Invariant)) == BitConverter.DoubleToInt64Bits(value))
                    randomExact++;
            }
            t.Line("random doubles round-tripped of 2000", randomExact);
            var floatText = 3.4028235E+38f.ToString(Invariant);
            t.Line("float max round-trip", floatText + " " + (float.Parse(floatText, Invariant) == float.MaxValue));
        }

        private static void OtherTypes(Transcript t)
        {
            t.Line("bool", true.ToString(Invariant) + " " + bool.FalseString);
            t.Line("char", 'x'.ToString(Invariant));
            t.Line("enum", DayOfWeek.Wednesday.ToString());
            t.Line("enum D", DayOfWeek.Wednesday.ToString("D"));
            t.Line("flags enum", (AttributeTargets.Class | AttributeTargets.Method).ToString());
            t.Line("nullable", ((int?)null).ToString() + "|" + ((int?)5).ToString());
            t.Line("version", new Version(1, 2, 3).ToString());
            t.Line("BitConverter", BitConverter.ToString(new byte[] { 0, 15, 255 }));
            t.Line("Convert.ToBase64String", Convert.ToBase64String(new byte[] { 1, 2, 3, 4, 5 }));
            t.Line("Convert.ToHexString", Convert.ToHexString(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }));
            t.Line("Convert.ToString base 2", Convert.ToString(10, 2));
        }
    }
}
