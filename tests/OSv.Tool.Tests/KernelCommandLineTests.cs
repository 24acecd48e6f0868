// Kernel command line quoting. The expected strings are written out by hand from the rules of
// OSv.Core/Boot/CommandLine.cs; the round-trip tests then feed the text to that very parser.
using System.Text;
using OSv.Core.Boot;
using OSv.Tool;
using Xunit;

namespace OSv.Tool.Tests
{
    public class KernelCommandLineTests
    {
        [Fact]
        public void Build_NoArguments_IsJustSeparator()
        {
            Assert.Equal("--", KernelCommandLine.Build(null, new string[0]));
        }

        [Fact]
        public void Build_PlainWords_AreNotQuoted()
        {
            Assert.Equal("-- one --exit-code 3", KernelCommandLine.Build(null, new[] { "one", "--exit-code", "3" }));
        }

        [Fact]
        public void Build_KernelOptions_GoBeforeSeparator()
        {
            Assert.Equal("trace=on -- a", KernelCommandLine.Build("trace=on", new[] { "a" }));
        }

        [Fact]
        public void Build_BlankKernelOptions_AreLeftOut()
        {
            Assert.Equal("-- a", KernelCommandLine.Build("  ", new[] { "a" }));
        }

        [Fact]
        public void Quote_Space_WrapsInQuotes()
        {
            Assert.Equal("\"two words\"", KernelCommandLine.Quote("two words"));
        }

        [Fact]
        public void Quote_Empty_IsTwoQuotes()
        {
            Assert.Equal("\"\"", KernelCommandLine.Quote(""));
        }

        [Fact]
        public void Quote_QuoteAndBackslash_AreEscaped()
        {
            Assert.Equal("\"a\\\"b\\\\c\"", KernelCommandLine.Quote("a\"b\\c"));
        }

        [Fact]
        public void Quote_TabAndNewline_WrapInQuotes()
        {
            Assert.Equal("\"a\tb\nc\"", KernelCommandLine.Quote("a\tb\nc"));
        }

        [Fact]
        public void Quote_DoubleDash_IsNotQuoted()
        {
            Assert.Equal("--", KernelCommandLine.Quote("--"));
        }

        [Theory]
        [InlineData("one")]
        [InlineData("two words")]
        [InlineData("")]
        [InlineData("say \"hi\"")]
        [InlineData("C:\\path\\")]
        [InlineData("\\\"")]
        [InlineData("tab\there")]
        [InlineData("line\nbreak")]
        [InlineData("--")]
        [InlineData("@file")]
        public void RoundTrip_OneArgument_ParsesBackUnchanged(string argument)
        {
            string[] parsed = ParseApplicationArguments(KernelCommandLine.Build(null, new[] { argument }));
            Assert.Equal(new[] { argument }, parsed);
        }

        [Fact]
        public void RoundTrip_SeveralArguments_KeepTheirOrder()
        {
            string[] arguments = { "one", "two words", "", "--exit-code", "3" };
            Assert.Equal(arguments, ParseApplicationArguments(KernelCommandLine.Build(null, arguments)));
        }

        [Fact]
        public void RoundTrip_KernelOptions_StayKernelOptions()
        {
            CommandLine.Split(Encoding.UTF8.GetBytes(KernelCommandLine.Build("a=1 b", new[] { "x" })), out string[] kernelOptions, out _);
            Assert.Equal(new[] { "a=1", "b" }, kernelOptions);
        }

        [Fact]
        public void RoundTrip_ArgumentThatIsDoubleDash_IsAnApplicationArgument()
        {
            CommandLine.Split(Encoding.UTF8.GetBytes(KernelCommandLine.Build(null, new[] { "--" })), out string[] kernelOptions, out _);
            Assert.Empty(kernelOptions);
        }

        [Fact]
        public void IsRepresentable_Nul_IsFalse()
        {
            Assert.False(KernelCommandLine.IsRepresentable("a\0b"));
        }

        [Fact]
        public void LengthBytes_NonAscii_CountsUtf8Bytes()
        {
            Assert.Equal(2, KernelCommandLine.LengthBytes("é"));
        }

        private static string[] ParseApplicationArguments(string commandLine)
        {
            CommandLine.Split(Encoding.UTF8.GetBytes(commandLine), out _, out string[] applicationArguments);
            return applicationArguments;
        }

        [Fact]
        public void WithEnvironment_AppendsQuotedEnvOptions_ThatTheKernelSplitsBack()
        {
            string? options = KernelCommandLine.WithEnvironment("trace=on", new[] { "A=1", "B=two words" });
            Assert.Equal("trace=on --env=A=1 \"--env=B=two words\"", options);
            CommandLine.Split(Encoding.UTF8.GetBytes(KernelCommandLine.Build(options, new[] { "x" })), out string[] kernelOptions, out string[] arguments);
            Assert.Equal(new[] { "trace=on", "--env=A=1", "--env=B=two words" }, kernelOptions);
            Assert.Equal(new[] { "x" }, arguments);
        }

        [Fact]
        public void WithEnvironment_None_KeepsTheOptions()
        {
            Assert.Null(KernelCommandLine.WithEnvironment(null, new string[0]));
            Assert.Equal("--env=A=1", KernelCommandLine.WithEnvironment(null, new[] { "A=1" }));
        }
    }
}
