// Kernel options "--env=NAME=VALUE" become the program's environment before Main: the split at
// the first '=', which options are not environment options at all, and that a malformed one is
// reported back instead of stopping the boot.
using OSv.Runtime.Pal;
using Xunit;
using static OSv.Runtime.Tests.Pal.EnvironmentTests;

namespace OSv.Runtime.Tests.Pal
{
    [Collection(PalEnvironmentCollection.Name)]
    public class EnvironmentOptionsTests
    {
        [Theory]
        [InlineData("--env=A=1", "A", "1")]
        [InlineData("--env=PATH=/bin:/usr/bin", "PATH", "/bin:/usr/bin")]
        [InlineData("--env=EMPTY=", "EMPTY", "")]
        [InlineData("--env=EQ=a=b", "EQ", "a=b")]
        [InlineData("--env=SPACE=two words", "SPACE", "two words")]
        public void Parse_SplitsAtTheFirstEquals(string option, string name, string value)
        {
            Assert.Equal(EnvironmentOptions.Outcome.Variable, EnvironmentOptions.Parse(option, out string parsedName, out string parsedValue));
            Assert.Equal(name, parsedName);
            Assert.Equal(value, parsedValue);
        }

        [Theory]
        [InlineData("--verbose")]
        [InlineData("--env")]
        [InlineData("-env=A=1")]
        [InlineData("A=1")]
        public void Parse_OtherOptions_AreNotEnvironmentOptions(string option)
        {
            Assert.Equal(EnvironmentOptions.Outcome.NotAnEnvironmentOption, EnvironmentOptions.Parse(option, out _, out _));
        }

        [Theory]
        [InlineData("--env=")]
        [InlineData("--env==value")]
        [InlineData("--env=NAME")]
        public void Parse_WithoutNameOrValue_IsMalformed(string option)
        {
            Assert.Equal(EnvironmentOptions.Outcome.Malformed, EnvironmentOptions.Parse(option, out _, out _));
        }

        [Fact]
        public void Import_SetsVariables_LaterWins_AndReturnsTheRefused()
        {
            string[] refused = EnvironmentOptions.Import(new[]
            {
                "--verbose", "--env=OSV_ENV_TEST_A=first", "--env=OSV_ENV_TEST_B=b", "--env=NAME",
                "--env=OSV_ENV_TEST_A=second", "--env=BAD\0NAME=x",
            });
            Assert.Equal("second", Get("OSV_ENV_TEST_A"));
            Assert.Equal("b", Get("OSV_ENV_TEST_B"));
            Assert.Equal(new[] { "--env=NAME", "--env=BAD\0NAME=x" }, refused);
        }
    }
}
