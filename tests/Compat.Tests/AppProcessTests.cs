// The app run as a process, read back through CompatSerialOutput: the same route the image test
// takes with the guest's serial console (Main's argument handling, the printed line format, the
// final count and the exit code), here on real .NET.
using System.Diagnostics;
using System.IO;
using System.Linq;
using Compat.Suite;
using Xunit;

namespace Compat.Tests
{
    public sealed class AppProcessTests
    {
        private sealed record AppRun(int ExitCode, CompatSerialOutput Output, string Text);

        private static AppRun RunApp(params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(System.AppContext.BaseDirectory, "Compat.dll"));
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new AppRun(process.ExitCode, CompatSerialOutput.Parse(text), text + errors.Result);
        }

        [Fact]
        public void App_DefaultRun_PrintsEveryDefaultAreaAsExpectedAndExitsZero()
        {
            var areas = CompatAreas.All(GcStressParameters.Default).Where(area => area.RunByDefault).ToList();

            var run = RunApp();

            Assert.True(run.ExitCode == 0, run.Text);
            Assert.Equal(areas.Select(area => area.Name), run.Output.AreaNames);
            Assert.Equal(areas.Sum(area => area.Bodies.Count), run.Output.BodiesRun);
            foreach (var area in areas)
            {
                var difference = CompatSerialOutput.FirstDifference(ExpectedTranscripts.Read(area.Name), run.Output.Transcript(area.Name));
                Assert.True(difference == null, area.Name + ": " + difference);
            }
        }

        [Fact]
        public void App_GcStressWithOtherParameters_PrintsTheSameExpectedTranscript()
        {
            var run = RunApp("gcstress", "--heap-mb", "8", "--factor", "3", "--threads", "2");

            Assert.True(run.ExitCode == 0, run.Text);
            Assert.Equal(new[] { "gcstress" }, run.Output.AreaNames);
            Assert.Equal(1, run.Output.BodiesRun);
            Assert.Null(CompatSerialOutput.FirstDifference(ExpectedTranscripts.Read("gcstress"), run.Output.Transcript("gcstress")));
        }

        [Fact]
        public void App_NamedAreas_RunOnlyThoseInTheGivenOrder()
        {
            var run = RunApp("strings", "collections");

            Assert.True(run.ExitCode == 0, run.Text);
            Assert.Equal(new[] { "strings", "collections" }, run.Output.AreaNames);
        }

        [Fact]
        public void App_UnknownArea_PrintsUsageAndExitsWithUsageCode()
        {
            var run = RunApp("nosuch");

            Assert.Equal(Program.UsageExitCode, run.ExitCode);
            Assert.Contains("unknown area nosuch", run.Text);
            Assert.Null(run.Output.BodiesRun);
        }
    }
}
