// Each area of the compatibility suite, run in-process on real .NET, must produce exactly its
// committed transcript and no body may throw. (The image test asserts the same files against the
// booted image, so a difference there is a difference from real .NET.)
// The collector's areas (gc, gcstress) run only as their own processes (AppProcessTests), as in
// the image: in the shared test process, other test classes' allocation made GetTotalMemory's
// answers differ under load (seen twice on a loaded machine).
using System.Collections.Generic;
using Compat.Suite;
using Xunit;

namespace Compat.Tests
{
    public sealed class AreaTranscriptTests
    {
        public static TheoryData<string> AreaNames()
        {
            var names = new TheoryData<string>();
            foreach (var area in CompatAreas.All(GcStressParameters.Default))
                if (!ProcessOnly(area.Name))
                    names.Add(area.Name);
            return names;
        }

        internal static bool ProcessOnly(string areaName) => areaName == "gc" || areaName == "gcstress";

        [Theory]
        [MemberData(nameof(AreaNames))]
        public void Area_RunHosted_TranscriptEqualsExpectedFile(string areaName)
        {
            var area = CompatAreas.Find(CompatAreas.All(GcStressParameters.Default), areaName)!;

            var result = SuiteRunner.Run(area);

            if (ExpectedTranscripts.RewriteRequested)
            {
                ExpectedTranscripts.Write(areaName, result.Lines);
                Assert.Fail("rewrote " + ExpectedTranscripts.PathOf(areaName) + "; review it (git diff) and run again without COMPAT_WRITE_EXPECTED");
            }
            var difference = CompatSerialOutput.FirstDifference(ExpectedTranscripts.Read(areaName), result.Lines);
            Assert.True(difference == null, areaName + " transcript differs from expected/" + areaName + ".txt at " + difference);
            Assert.Equal(0, result.BodiesThrown);
        }

        [Fact]
        public void Area_BodyThrows_RunnerRecordsItAndRunsTheNextBody()
        {
            var area = new CompatArea("sample", RunByDefault: true, new[]
            {
                new CompatBody("throws", t => { t.Line("before"); throw new System.InvalidOperationException("boom"); }),
                new CompatBody("after", t => t.Line("still runs")),
            });
            var printed = new List<string>();

            var result = SuiteRunner.Run(area, printed.Add);

            Assert.Equal(1, result.BodiesThrown);
            Assert.Equal(2, result.BodiesRun);
            Assert.Equal(new[] { "throws: before", "throws: threw InvalidOperationException: boom", "after: still runs" }, result.Lines);
            Assert.Equal(result.Lines, printed);
        }
    }
}
