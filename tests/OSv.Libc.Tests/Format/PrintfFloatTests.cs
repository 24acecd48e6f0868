// %e %f %g %a against the host glibc, byte for byte: random bit patterns (every exponent,
// subnormals), random short decimals, the specials, and fixed hard cases (ties, carries).
namespace OSv.Libc.Tests.Format
{
    using System;
    using System.Collections.Generic;
    using Xunit;

    public sealed class PrintfFloatTests
    {
        private static readonly string[] Formats =
        {
            "%f", "%.0f", "%.1f", "%.3f", "%.17f", "%.40f", "%#.0f", "%12.4f", "%-+12.5f", "% 015.3f", "%'f",
            "%e", "%.0e", "%#.0e", "%.1e", "%.5e", "%.16e", "%.40e", "%-+12.5e", "%015.4E", "% e",
            "%g", "%.0g", "%.1g", "%.2g", "%#.3g", "%.17g", "%.25g", "%#g", "%G", "%+012g", "%-14.8g",
            "%a", "%A", "%.0a", "%.1a", "%.3a", "%.13a", "%.20a", "%#a", "%+20a", "%-20.2A", "%020a",
            "%La", "%.3La", "%.0La", "%Lf", "%.20Le", "%Lg",
        };

        private static readonly double[] HardCases =
        {
            0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e-5, 9.9999999e-5, 1e-4, 123456.5,
            999999.5, 9.5, 0.05, 0.15, 0.25, 0.35, 1e15, 1e16, 1e17, 1e21, 1e22, 1e23, 1e300, -1e300,
            1.7976931348623157e308, 2.2250738585072014e-308, 2.2250738585072009e-308, 4.9406564584124654e-324,
            5e-324, 1e-320, 0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, 3.141592653589793, 2.718281828459045,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN, -double.NaN,
            BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000), BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0000)),
            1.9999999999999998, 0.9999999999999999, 15.999999999999998, 1.03125, 1.09375, 1.000000476837158203125,
            1.9375, 1.96875, 1.00048828125, 1.99951171875,
        };

        [Fact]
        public void HardCases_EveryFormat_MatchGlibc()
        {
            foreach (double value in HardCases)
            {
                foreach (string format in Formats)
                    AssertSame(format, value);
            }
        }

        [Fact]
        public void RandomBitPatterns_EveryFormat_MatchGlibc()
        {
            var random = new Random(8_2001);
            for (int i = 0; i < 1500; i++)
            {
                double value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
                AssertSame(Formats[random.Next(Formats.Length)], value);
                AssertSame(Formats[random.Next(Formats.Length)], value);
            }
        }

        [Fact]
        public void RandomShortDecimals_EveryFormat_MatchGlibc()
        {
            var random = new Random(8_2002);
            for (int i = 0; i < 1500; i++)
            {
                double value = random.Next(-100000, 100000) * Math.Pow(10, random.Next(-12, 12));
                AssertSame(Formats[random.Next(Formats.Length)], value);
                AssertSame(Formats[random.Next(Formats.Length)], value);
            }
        }

        [Fact]
        public void Ties_RoundHalfToEven_LikeGlibc()
        {
            // Exactly representable halves: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, 0.125 at 2 digits -> 0.12.
            Assert.Equal("0 2 2 0.12 0.38", Ours("%.0f %.0f %.0f %.2f %.2f", 0.5, 1.5, 2.5, 0.125, 0.375));
            AssertSame("%.0f %.0f %.0f %.2f %.2f", 0.5, 1.5, 2.5, 0.125, 0.375);
        }

        [Fact]
        public void LongPrecision_PrintsExactBinaryExpansion()
        {
            Assert.Equal("0.100000000000000005551115123125782702118158340454101562500000", Ours("%.60f", 0.1));
            AssertSame("%.1074f", 4.9406564584124654e-324);
            AssertSame("%.800e", 4.9406564584124654e-324);
            AssertSame("%.0f", 1.7976931348623157e308);
        }

        [Fact]
        public void StarWidthAndPrecision_FromArguments_MatchGlibc()
        {
            using var arguments = new VaListBuilder();
            arguments.Integer(-12).Integer(3).Double(3.14159);
            Assert.Equal(FormatHarness.Glibc("[%*.*f]", arguments), FormatHarness.Ours("[%*.*f]", arguments));
            using var negativePrecision = new VaListBuilder();
            negativePrecision.Integer(10).Integer(-1).Double(2.5);
            Assert.Equal(FormatHarness.Glibc("[%*.*e]", negativePrecision), FormatHarness.Ours("[%*.*e]", negativePrecision));
        }

        private static string Ours(string format, params double[] values)
        {
            using var arguments = new VaListBuilder();
            foreach (double value in values)
                arguments.Double(value);
            return FormatHarness.Ours(format, arguments).Text;
        }

        private static void AssertSame(string format, params double[] values)
        {
            using var arguments = new VaListBuilder();
            bool longDouble = format.Contains('L');
            foreach (double value in values)
            {
                if (longDouble)
                    arguments.LongDouble(value);
                else
                    arguments.Double(value);
            }
            var expected = FormatHarness.Glibc(format, arguments);
            var actual = FormatHarness.Ours(format, arguments);
            if (expected != actual)
                Assert.Fail($"format \"{format}\" value {values[0]:R} (0x{BitConverter.DoubleToInt64Bits(values[0]):x16}): glibc \"{expected.Text}\" ({expected.Length}), ours \"{actual.Text}\" ({actual.Length})");
        }
    }
}
