// The parser the image test uses on the guest's serial console.
using Compat.Suite;
using Xunit;

namespace Compat.Tests
{
    public sealed class CompatSerialOutputTests
    {
        [Fact]
        public void Parse_SerialWithNoiseAndCrLf_KeepsOnlyCompatLinesPerArea()
        {
            var serial = "OSv.NET booting\r\ncompat linq where: a = 1\r\nkernel: cpu1 up\r\ncompat gc weak: b = True\r\ncompat linq zip: c\r\n compat linq indented: ignored\r\ncompat done 3\r\n";

            var output = CompatSerialOutput.Parse(serial);

            Assert.Equal(new[] { "linq", "gc" }, output.AreaNames);
            Assert.Equal(new[] { "where: a = 1", "zip: c" }, output.Transcript("linq"));
            Assert.Equal(new[] { "weak: b = True" }, output.Transcript("gc"));
            Assert.Equal(3, output.BodiesRun);
        }

        [Fact]
        public void Parse_NoDoneLine_BodiesRunIsNull()
        {
            var output = CompatSerialOutput.Parse("compat linq where: a\n");

            Assert.Null(output.BodiesRun);
            Assert.Empty(output.Transcript("faults"));
        }

        [Fact]
        public void Parse_LineKeepsInnerSpacesAndTrailingText()
        {
            var output = CompatSerialOutput.Parse("compat strings pad: [    42]  \n");

            Assert.Equal(new[] { "pad: [    42]  " }, output.Transcript("strings"));
        }

        [Fact]
        public void ParseExpectedFile_FinalNewlineAndCrLf_AreNotLines()
        {
            var lines = CompatSerialOutput.ParseExpectedFile("a: 1\r\nb: 2\n");

            Assert.Equal(new[] { "a: 1", "b: 2" }, lines);
        }

        [Fact]
        public void FirstDifference_EqualTranscripts_IsNull()
        {
            Assert.Null(CompatSerialOutput.FirstDifference(new[] { "a", "b" }, new[] { "a", "b" }));
        }

        [Fact]
        public void FirstDifference_ChangedLine_NamesTheLineAndBothTexts()
        {
            var difference = CompatSerialOutput.FirstDifference(new[] { "a", "b" }, new[] { "a", "c" });

            Assert.Equal("line 2:\n  expected: b\n  actual:   c", difference);
        }

        [Fact]
        public void FirstDifference_MissingAndExtraLines_AreReported()
        {
            Assert.Equal("line 2: missing, expected: b", CompatSerialOutput.FirstDifference(new[] { "a", "b" }, new[] { "a" }));
            Assert.Equal("line 2: extra, actual: c", CompatSerialOutput.FirstDifference(new[] { "a" }, new[] { "a", "c" }));
        }
    }
}
