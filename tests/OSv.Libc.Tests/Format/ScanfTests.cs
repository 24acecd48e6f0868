// scanf against the host glibc's vsscanf: the same input, format and argument pointers; the
// return value and every stored byte must match.
namespace OSv.Libc.Tests.Format
{
    using System;
    using OSv.Libc.Abi;
    using OSv.Libc.Format;
    using Xunit;

    public sealed unsafe class ScanfTests
    {
        private const int Targets = 6;
        private const int TargetBytes = 64;

        [Theory]
        [InlineData("42", "%d")]
        [InlineData("  -17 abc", "%d %s")]
        [InlineData("0x1A 077 123", "%i %i %i")]
        [InlineData("0x 12", "%x %d")]
        [InlineData("0xg", "%x%c")]
        [InlineData("ff FF 0XfF", "%x %X %x")]
        [InlineData("-", "%d")]
        [InlineData("+x", "%d")]
        [InlineData("", "%d")]
        [InlineData("   ", "%d")]
        [InlineData("abc", "abc%d")]
        [InlineData("abd", "abc%d")]
        [InlineData("12345", "%2d%3d")]
        [InlineData("123", "%hhd %hd")]
        [InlineData("300 70000", "%hhu %hu")]
        [InlineData("99999999999999999999", "%ld")]
        [InlineData("-99999999999999999999", "%lu")]
        [InlineData("12 34", "%*d %d")]
        [InlineData("hello world", "%s%n %c%n")]
        [InlineData("hello", "%3c%c")]
        [InlineData("ab", "%5c")]
        [InlineData("abc123def", "%[a-z]%[0-9]%[^\n]")]
        [InlineData("]x-y", "%[]x-]%c")]
        [InlineData("a-z", "%[z-a]")]
        [InlineData("123", "%[a-z]")]
        [InlineData("100%", "%d%%")]
        [InlineData("100 %", "%d %%")]
        [InlineData("1.5 -2.25e3 .5 5.", "%f %lf %lf %lf")]
        [InlineData("1e 2", "%lf %d")]
        [InlineData("1e+x", "%lf%c")]
        [InlineData("inf -INFINITY nan NaN", "%lf %lf %lf %lf")]
        [InlineData("infx", "%lf%c")]
        [InlineData("infinix", "%lf%c")]
        [InlineData("in", "%lf")]
        [InlineData("0x1.8p3 0x", "%lf %lf")]
        [InlineData("0x1.fffffffffffffp1023 1e400 1e-400", "%lf %lf %lf")]
        [InlineData("3.14159265358979323846", "%5lf%lf")]
        [InlineData("1.5", "%Lf")]
        [InlineData("0.1", "%g %e %a")]
        [InlineData("0x7fff1234", "%p")]
        [InlineData(" \t\n x", " x%n")]
        [InlineData("12", "%d%n")]
        [InlineData("12", "%d %n")]
        [InlineData("", "%n")]
        [InlineData("a", "%d")]
        [InlineData("  +0", "%i")]
        [InlineData("08", "%i%d")]
        [InlineData("-0x", "%i%c")]
        [InlineData("1,2;3", "%d,%d;%d")]
        public void Input_Format_MatchesGlibc(string input, string format)
        {
            var (oursResult, oursStored) = Run(input, format, ours: true);
            var (glibcResult, glibcStored) = Run(input, format, ours: false);
            Assert.Equal(glibcResult, oursResult);
            Assert.Equal(Convert.ToHexString(glibcStored), Convert.ToHexString(oursStored));
        }

        [Fact]
        public void RandomNumbers_ThroughScanf_MatchGlibc()
        {
            var random = new Random(8_2007);
            string[] formats = { "%d", "%ld", "%x", "%o", "%i", "%lf", "%f", "%le", "%3d%d", "%4lf%lf", "%hhx" };
            for (int i = 0; i < 800; i++)
            {
                string input = random.Next(4) switch
                {
                    0 => random.NextInt64(long.MinValue, long.MaxValue).ToString(),
                    1 => "0x" + random.NextInt64().ToString("x"),
                    2 => (random.NextDouble() * Math.Pow(10, random.Next(-30, 30))).ToString("R"),
                    _ => random.Next(-1000, 1000) + "." + random.Next(0, 100000) + "e" + random.Next(-320, 320),
                };
                string format = formats[random.Next(formats.Length)];
                var ours = Run(input, format, ours: true);
                var glibc = Run(input, format, ours: false);
                Assert.True(glibc.Result == ours.Result, $"\"{input}\" \"{format}\": glibc {glibc.Result} ours {ours.Result}");
                Assert.True(Convert.ToHexString(glibc.Stored) == Convert.ToHexString(ours.Stored), $"\"{input}\" \"{format}\" stores differ");
            }
        }

        [Fact]
        public void AllocationModifier_FailsCleanly()
        {
            var (result, _) = Run("word", "%ms", ours: true);
            Assert.Equal(0, result);
        }

        private static (int Result, byte[] Stored) Run(string input, string format, bool ours)
        {
            using var arguments = new VaListBuilder();
            byte* targets = arguments.Block(Targets * TargetBytes);
            for (int i = 0; i < Targets; i++)
                arguments.Integer((long)(targets + i * TargetBytes));
            byte* inputText = arguments.Utf8(input);
            byte* formatText = arguments.Utf8(format);
            VaList list = arguments.Build();
            int result;
            if (ours)
            {
                var source = new StringScanSource(inputText);
                result = Scanf.Scan(ref source, formatText, ref list);
            }
            else
                result = GlibcOracle.VScan(inputText, formatText, &list);
            return (result, new Span<byte>(targets, Targets * TargetBytes).ToArray());
        }
    }
}
