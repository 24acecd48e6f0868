using System.Text;
using OSv.Core.Boot;
using Xunit;

namespace OSv.Core.Tests
{
    public class CommandLineTests
    {
        private static (string[] Kernel, string[] App) Split(string text)
        {
            CommandLine.Split(Encoding.ASCII.GetBytes(text), out string[] kernel, out string[] app);
            return (kernel, app);
        }

        [Fact]
        public void Split_NoSeparator_AllWordsGoToApplication()
        {
            var (kernel, app) = Split("one two");
            Assert.Empty(kernel);
            Assert.Equal(new[] { "one", "two" }, app);
        }

        [Fact]
        public void Split_Separator_WordsBeforeAreKernelOptions()
        {
            var (kernel, app) = Split("--verbose ip=10.0.2.15 -- serve -p 11211");
            Assert.Equal(new[] { "--verbose", "ip=10.0.2.15" }, kernel);
            Assert.Equal(new[] { "serve", "-p", "11211" }, app);
        }

        [Fact]
        public void Split_SecondSeparator_BelongsToApplication()
        {
            var (_, app) = Split("-- a -- b");
            Assert.Equal(new[] { "a", "--", "b" }, app);
        }

        [Fact]
        public void Split_QuotedWord_KeepsSpaces()
        {
            var (_, app) = Split("-- \"two words\" last");
            Assert.Equal(new[] { "two words", "last" }, app);
        }

        [Fact]
        public void Split_QuotedSeparator_IsAnArgument()
        {
            var (kernel, app) = Split("\"--\" x");
            Assert.Empty(kernel);
            Assert.Equal(new[] { "--", "x" }, app);
        }

        [Fact]
        public void Split_EscapedQuoteAndBackslash_AreLiteral()
        {
            var (_, app) = Split("-- \"say \\\"hi\\\"\" back\\\\slash");
            Assert.Equal(new[] { "say \"hi\"", "back\\slash" }, app);
        }

        [Fact]
        public void Split_EmptyQuotes_GiveAnEmptyArgument()
        {
            var (_, app) = Split("-- \"\" x");
            Assert.Equal(new[] { "", "x" }, app);
        }

        [Fact]
        public void Split_RunsOfSpacesAndTabs_SeparateWordsOnce()
        {
            var (_, app) = Split("  a \t  b  ");
            Assert.Equal(new[] { "a", "b" }, app);
        }

        [Fact]
        public void Split_Empty_GivesNothing()
        {
            var (kernel, app) = Split("");
            Assert.Empty(kernel);
            Assert.Empty(app);
        }

        [Fact]
        public void Split_NulByte_EndsTheLine()
        {
            CommandLine.Split(new byte[] { (byte)'a', 0, (byte)'b' }, out _, out string[] app);
            Assert.Equal(new[] { "a" }, app);
        }

        [Fact]
        public void Split_LongerThanLimit_IsTruncatedNotRejected()
        {
            string text = new string('x', CommandLine.LengthBytesMax + 100);
            var (_, app) = Split(text);
            Assert.Equal(CommandLine.LengthBytesMax, Assert.Single(app).Length);
        }
    }
}
