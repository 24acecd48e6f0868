// Integer, character, string, pointer, %n, %m, positional and malformed directives against the
// host glibc, byte for byte (random flag/width/precision/length combinations plus fixed cases).
namespace OSv.Libc.Tests.Format
{
    using System;
    using System.Text;
    using OSv.Libc.Abi;
    using OSv.Libc.Format;
    using Xunit;

    public sealed unsafe class PrintfIntegerAndTextTests
    {
        private static readonly string[] Lengths = { "", "hh", "h", "l", "ll", "q", "j", "z", "Z", "t" };
        private static readonly char[] IntegerConversions = { 'd', 'i', 'o', 'u', 'x', 'X' };
        private static readonly long[] Values =
        {
            0, 1, -1, 7, 8, 9, 10, 15, 16, 127, 128, 255, 256, -128, -129, 32767, 32768, 65535, 65536,
            int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, 0x123456789abcdef, -1000000,
        };

        [Fact]
        public void RandomIntegerDirectives_MatchGlibc()
        {
            var random = new Random(8_2003);
            for (int i = 0; i < 6000; i++)
            {
                string format = RandomIntegerFormat(random);
                long value = random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : Values[random.Next(Values.Length)];
                using var arguments = new VaListBuilder();
                arguments.Integer(value);
                Assert.Equal(FormatHarness.Glibc(format, arguments), FormatHarness.Ours(format, arguments));
            }
        }

        [Theory]
        [InlineData("[%s|%10s|%-10s|%.2s|%10.3s|%05s]", "hello")]
        [InlineData("[%s|%.0s|%.5s|%.6s|%10s]", null)]
        [InlineData("[%c|%5c|%-5c|%05c]", null)]
        [InlineData("[%p|%10p|%-12p|%+p|% p|%#p|%020p|%.3p]", null)]
        [InlineData("[%y|%-#+ 08.3y|%5%|%%|%'d]", null)]
        public void TextAndPointerDirectives_MatchGlibc(string format, string? text)
        {
            foreach (long value in new long[] { 0, 0x41, 0x7fff_1234_5678 })
            {
                using var arguments = new VaListBuilder();
                for (int i = 0; i < 8; i++)
                {
                    if (format.Contains("%s"))
                        arguments.String(text);
                    else
                        arguments.Integer(value);
                }
                Assert.Equal(FormatHarness.Glibc(format, arguments), FormatHarness.Ours(format, arguments));
            }
        }

        [Fact]
        public void Positional_ArgumentsReadInPositionOrder_MatchGlibc()
        {
            using var arguments = new VaListBuilder();
            arguments.Integer(7).Double(2.5).String("text").Integer(12).Double(-1e10).Integer(3);
            string format = "%3$s %1$d %2$.3f %5$e %4$*6$d %2$g %1$x|%4$*6$.*1$d";
            Assert.Equal(FormatHarness.Glibc(format, arguments), FormatHarness.Ours(format, arguments));
        }

        [Fact]
        public void Positional_ManyArgumentsPastTheRegisters_MatchGlibc()
        {
            using var arguments = new VaListBuilder();
            var format = new StringBuilder();
            for (int i = 1; i <= 20; i++)
            {
                if (i % 2 == 0)
                    arguments.Double(i * 1.25);
                else
                    arguments.Integer(i * 1000);
                format.Append(i % 2 == 0 ? $"<%{21 - i}$" : $"<%{21 - i}$");
                format.Append((21 - i) % 2 == 0 ? "g>" : "ld>");
            }
            Assert.Equal(FormatHarness.Glibc(format.ToString(), arguments), FormatHarness.Ours(format.ToString(), arguments));
        }

        [Fact]
        public void StoreCount_WritesBytesSoFar_AtEachLength()
        {
            using var arguments = new VaListBuilder();
            byte* cells = arguments.Block(64);
            arguments.Integer(12345).Integer((long)cells).Integer((long)(cells + 8)).Integer((long)(cells + 16)).Integer((long)(cells + 24));
            var result = FormatHarness.Ours("ab%dcd%n%hhn%hn%ln", arguments);
            Assert.Equal("ab12345cd", result.Text);
            Assert.Equal(9, *(int*)cells);
            Assert.Equal(9, cells[8]);
            Assert.Equal(9, *(short*)(cells + 16));
            Assert.Equal(9, *(long*)(cells + 24));
        }

        [Fact]
        public void Truncation_KeepsSizeMinusOneBytes_ReturnsFullLength()
        {
            using var arguments = new VaListBuilder();
            arguments.Integer(123456789);
            var ours = FormatHarness.Ours("value=%d", arguments, 5);
            Assert.Equal(("valu", 15L), ours);
            Assert.Equal(FormatHarness.Glibc("value=%d", arguments, 5), ours);
            Assert.Equal(15, FormatHarness.Ours("value=%d", arguments, 0).Length);
        }

        [Fact]
        public void FormatEndingInsideDirective_ReturnsMinusOne_LikeGlibc()
        {
            foreach (string format in new[] { "abc%", "abc%-5", "%.3l", "%2147483648d" })
            {
                using var arguments = new VaListBuilder();
                arguments.Integer(1);
                Assert.Equal(-1, FormatHarness.Glibc(format, arguments).Length);
                Assert.Equal(-1, FormatHarness.Ours(format, arguments).Length);
            }
        }

        [Fact]
        public void WideCharacters_AsciiEncoded_OthersAsQuestionMark()
        {
            using var arguments = new VaListBuilder();
            uint* wide = (uint*)arguments.Block(32);
            wide[0] = 'h';
            wide[1] = 'i';
            wide[2] = 0x263A;
            wide[3] = 0;
            arguments.Integer((long)wide).Integer('w').Integer(0x1F600).Integer((long)wide);
            Assert.Equal("[hi?|w|?|   hi]", FormatHarness.Ours("[%ls|%lc|%C|%5.2S]", arguments).Text);
        }

        private static string RandomIntegerFormat(Random random)
        {
            var format = new StringBuilder("[%");
            foreach (char flag in "-+ #0'")
            {
                if (random.Next(4) == 0)
                    format.Append(flag);
            }
            if (random.Next(2) == 0)
                format.Append(random.Next(0, 30));
            if (random.Next(2) == 0)
                format.Append('.').Append(random.Next(3) == 0 ? "" : random.Next(0, 25).ToString());
            format.Append(Lengths[random.Next(Lengths.Length)]);
            format.Append(IntegerConversions[random.Next(IntegerConversions.Length)]);
            return format.Append(']').ToString();
        }

        private static string Marshal(byte* text) => System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)text)!;
    }
}
