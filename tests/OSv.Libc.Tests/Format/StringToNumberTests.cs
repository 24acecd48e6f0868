// strtod, strtof, strtol and strtoul against the host glibc: value bits, end pointer and errno
// for random long decimal strings at every exponent, the classic hard cases, hex floats,
// infinities and NaNs, and integer edge cases in every base.
namespace OSv.Libc.Tests.Format
{
    using System;
    using System.Text;
    using OSv.Libc.Errors;
    using OSv.Libc.Format;
    using Xunit;

    public sealed unsafe class StringToNumberTests
    {
        private static readonly string[] HardCases =
        {
            "0", "-0", "1", "0.1", "1e23", "8.98846567431158e307", "1.7976931348623157e308", "1.7976931348623158e308",
            "1.7976931348623159e308", "2e308", "1e-320", "4.9406564584124654e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
            "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308", "9007199254740993",
            "9007199254740992.5", "9007199254740993.0000000000000000000001", "123456789012345678901234567890",
            "0.000000000000000000000000000000000000000000001e-280", "1e-400", "-1e-400", "1e400", "-1e400",
            "  +3.5xyz", "1e+", "1e", ".5", "5.", ".", "-.e3", "0x", "0x1p-1074", "0x1p-1075", "0x1.8p-1075",
            "0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023", "0x.8p1", "0X1P+3", "0x1.23456789abcdef0123p+0",
            "0x1p", "0x1p-", "0x1.000000000000080000001p0", "inf", "-Infinity", "infinit", "INFx", "nan",
            "-nan", "nan(123)", "nan(0x1f)", "nan(abc", "nanx", "1_000", "\t\n 42", "", "-", "+.",
            "3.4028235677973366e38", "3.4028236e38", "1.17549435e-38", "1.4e-45", "7e-46", "7.1e-46",
        };

        [Fact]
        public void HardCases_DoubleAndFloat_MatchGlibc()
        {
            foreach (string text in HardCases)
            {
                AssertDoubleSame(text);
                AssertFloatSame(text);
            }
        }

        [Fact]
        public void RandomLongDecimals_AtEveryExponent_MatchGlibc()
        {
            var random = new Random(8_2004);
            for (int i = 0; i < 6000; i++)
            {
                var text = new StringBuilder();
                int digits = random.Next(1, 26);
                for (int d = 0; d < digits; d++)
                    text.Append((char)('0' + random.Next(10)));
                if (random.Next(3) == 0)
                    text.Insert(random.Next(text.Length + 1), '.');
                text.Append('e').Append(random.Next(-345, 330));
                AssertDoubleSame(text.ToString());
                if (i % 4 == 0)
                    AssertFloatSame(text.ToString().Replace("e", "e-0").Substring(0, System.Math.Min(text.Length, 40)));
            }
        }

        [Fact]
        public void NearHalfwayDecimals_RoundToNearestEven_MatchGlibc()
        {
            // The exact midpoint between two random doubles, perturbed in its last digits.
            var random = new Random(8_2005);
            for (int i = 0; i < 400; i++)
            {
                double low = BitConverter.Int64BitsToDouble(random.NextInt64(1, 0x7FEF_FFFF_FFFF_FFFF));
                string midpoint = ExactMidpoint(low);
                AssertDoubleSame(midpoint);
                AssertDoubleSame(midpoint + "1");
                AssertDoubleSame(midpoint.Substring(0, midpoint.Length - 1));
            }
        }

        [Fact]
        public void RandomIntegers_EveryBase_MatchGlibc()
        {
            var random = new Random(8_2006);
            string[] prefixes = { "", " ", "-", "+", "0x", "-0x", "0X", "0", "  -0" };
            int[] bases = { 0, 2, 8, 10, 16, 36, 1, 37, -1 };
            for (int i = 0; i < 4000; i++)
            {
                var text = new StringBuilder(prefixes[random.Next(prefixes.Length)]);
                int length = random.Next(0, 24);
                for (int d = 0; d < length; d++)
                    text.Append("0123456789abcdefxzXZ"[random.Next(20)]);
                int numberBase = bases[random.Next(bases.Length)];
                AssertIntegerSame(text.ToString(), numberBase);
            }
            foreach (string edge in new[] { "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "-9223372036854775809", "18446744073709551615", "18446744073709551616", "-18446744073709551615",
                "-18446744073709551616", "0x", "0xg", "0x7fffffffffffffff", "-1", "077", "08" })
            {
                AssertIntegerSame(edge, 0);
                AssertIntegerSame(edge, 10);
                AssertIntegerSame(edge, 16);
            }
        }

        private static string ExactMidpoint(double low)
        {
            // low + ulp/2 = (2m + 1) * 2^(q-1) printed exactly with our own %.*e at full length.
            long bits = BitConverter.DoubleToInt64Bits(low);
            double high = BitConverter.Int64BitsToDouble(bits + 1);
            using var arguments = new VaListBuilder();
            arguments.Double(low);
            string lowText = FormatHarness.Glibc("%.800e", arguments).Text;
            using var second = new VaListBuilder();
            second.Double(high);
            string highText = FormatHarness.Glibc("%.800e", second).Text;
            // The midpoint's digits: average the two exact expansions as big decimals.
            var lowValue = System.Numerics.BigInteger.Parse(Mantissa(lowText, out int lowExponent));
            var highValue = System.Numerics.BigInteger.Parse(Mantissa(highText, out int highExponent));
            if (lowExponent != highExponent)
                highValue *= System.Numerics.BigInteger.Pow(10, highExponent - lowExponent);
            var sum = (lowValue + highValue) * 5; // (low + high) / 2 with one more decimal digit
            return sum.ToString() + "e" + (lowExponent - 801);
        }

        private static string Mantissa(string exponential, out int exponent)
        {
            int e = exponential.IndexOf('e');
            exponent = int.Parse(exponential.Substring(e + 1));
            return exponential.Substring(0, e).Replace(".", "");
        }

        private static void AssertDoubleSame(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text + "\0");
            fixed (byte* start = bytes)
            {
                long consumed;
                int error;
                double expected = GlibcOracle.StringToDouble(start, &consumed, &error);
                Errno.Set(0);
                byte* end;
                double actual = FloatParser.ParseDouble(start, &end);
                string where = $"strtod(\"{text}\")";
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
                    $"{where}: glibc {expected:R} ours {actual:R}");
                Assert.True(consumed == end - start, $"{where}: end {end - start} vs glibc {consumed}");
                Assert.True(error == Errno.Get(), $"{where}: errno {Errno.Get()} vs glibc {error}");
            }
        }

        private static void AssertFloatSame(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text + "\0");
            fixed (byte* start = bytes)
            {
                long consumed;
                int error;
                float expected = GlibcOracle.StringToFloat(start, &consumed, &error);
                Errno.Set(0);
                byte* end;
                float actual = FloatParser.ParseSingle(start, &end);
                string where = $"strtof(\"{text}\")";
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                    $"{where}: glibc {expected:R} ours {actual:R}");
                Assert.True(consumed == end - start, $"{where}: end {end - start} vs glibc {consumed}");
                Assert.True(error == Errno.Get(), $"{where}: errno {Errno.Get()} vs glibc {error}");
            }
        }

        private static void AssertIntegerSame(string text, int numberBase)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text + "\0");
            fixed (byte* start = bytes)
            {
                long consumed = 0;
                int error;
                bool validBase = numberBase == 0 || (numberBase >= 2 && numberBase <= 36);
                long expected = GlibcOracle.StringToLong(start, numberBase, &consumed, &error);
                Errno.Set(0);
                byte* end = start;
                long actual = IntegerParser.ParseSigned(start, &end, numberBase);
                string where = $"strtol(\"{text}\", {numberBase})";
                Assert.True(expected == actual, $"{where}: glibc {expected} ours {actual}");
                Assert.True(!validBase || consumed == end - start, $"{where}: end {end - start} vs glibc {consumed}");
                Assert.True(error == Errno.Get(), $"{where}: errno {Errno.Get()} vs glibc {error}");
                ulong expectedUnsigned = GlibcOracle.StringToUnsignedLong(start, numberBase, &consumed, &error);
                Errno.Set(0);
                ulong actualUnsigned = IntegerParser.ParseUnsigned(start, &end, numberBase);
                Assert.True(expectedUnsigned == actualUnsigned, $"strtoul(\"{text}\", {numberBase}): glibc {expectedUnsigned} ours {actualUnsigned}");
                Assert.True(!validBase || consumed == end - start, $"strtoul(\"{text}\", {numberBase}): end {end - start} vs glibc {consumed}");
                Assert.True(error == Errno.Get(), $"strtoul(\"{text}\", {numberBase}): errno {Errno.Get()} vs glibc {error}");
            }
        }
    }
}
