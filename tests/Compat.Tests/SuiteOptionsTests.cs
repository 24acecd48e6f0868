// The app's command line and the transcript's value formatting.
using System.Collections.Generic;
using Compat.Suite;
using Xunit;

namespace Compat.Tests
{
    public sealed class SuiteOptionsTests
    {
        [Fact]
        public void Parse_NoArguments_NoAreasAndDefaultStress()
        {
            var options = SuiteOptions.Parse(new string[0], out var error);

            Assert.NotNull(options);
            Assert.Empty(options!.AreaNames);
            Assert.Equal(GcStressParameters.Default, options.Stress);
            Assert.Equal("", error);
        }

        [Fact]
        public void Parse_AreasAndStressOptions_AreKeptInOrder()
        {
            var options = SuiteOptions.Parse(new[] { "gcstress", "--heap-mb", "128", "linq", "--factor", "20", "--threads", "4" }, out _);

            Assert.Equal(new[] { "gcstress", "linq" }, options!.AreaNames);
            Assert.Equal(new GcStressParameters(128, 20, 4), options.Stress);
        }

        [Theory]
        [InlineData("--heap-mb")]
        [InlineData("--heap-mb", "0")]
        [InlineData("--heap-mb", "-1")]
        [InlineData("--factor", "x")]
        [InlineData("--threads", "100001")]
        public void Parse_BadCount_FailsWithError(params string[] arguments)
        {
            var options = SuiteOptions.Parse(arguments, out var error);

            Assert.Null(options);
            Assert.Contains("needs a count", error);
        }

        [Fact]
        public void Parse_UnknownOption_FailsWithError()
        {
            var options = SuiteOptions.Parse(new[] { "--seed", "3" }, out var error);

            Assert.Null(options);
            Assert.Equal("unknown option --seed", error);
        }

        [Fact]
        public void Show_NestedSequencesNullAndNumbers_AreInvariantText()
        {
            var value = new List<object?> { 1.5, null, true, new[] { 1, 2 }, "s", -2L };

            Assert.Equal("[1.5, null, True, [1, 2], s, -2]", Transcript.Show(value));
        }
    }
}
