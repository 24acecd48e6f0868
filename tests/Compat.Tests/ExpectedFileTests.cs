// The expected transcripts and the list of areas stay in step: no area without its file, no
// stale file without an area, and the default run leaves out exactly the GC stress.
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Compat.Suite;
using Xunit;

namespace Compat.Tests
{
    public sealed class ExpectedFileTests
    {
        private static readonly IReadOnlyList<CompatArea> Areas = CompatAreas.All(GcStressParameters.Default);

        [Fact]
        public void ExpectedDirectory_HoldsOneFilePerArea()
        {
            var files = Directory.GetFiles(ExpectedTranscripts.Directory, "*.txt").Select(path => Path.GetFileNameWithoutExtension(path)!).OrderBy(name => name).ToList();
            var areas = Areas.Select(area => area.Name).OrderBy(name => name).ToList();

            Assert.Equal(areas, files);
        }

        [Fact]
        public void Areas_DefaultRun_LeavesOutOnlyGcStress()
        {
            var excluded = Areas.Where(area => !area.RunByDefault).Select(area => area.Name);

            Assert.Equal(new[] { "gcstress" }, excluded);
        }

        [Fact]
        public void Areas_BodyNames_AreUniqueWithinEachArea()
        {
            foreach (var area in Areas)
                Assert.Equal(area.Bodies.Count, area.Bodies.Select(body => body.Name).Distinct().Count());
        }

        [Fact]
        public void ExpectedFiles_EveryLine_StartsWithABodyOfItsAreaAndRecordsNoThrow()
        {
            foreach (var area in Areas)
            {
                var prefixes = area.Bodies.Select(body => body.Name + ": ").ToList();
                foreach (var line in ExpectedTranscripts.Read(area.Name))
                {
                    Assert.True(prefixes.Any(line.StartsWith), area.Name + ": line without a body prefix: " + line);
                    Assert.DoesNotContain(": threw ", line);
                }
            }
        }
    }
}
