// tests/images/RealCoreLib booted: the first image compiled against the unmodified
// System.Private.CoreLib (issue 4). Its Main uses ordinary framework code — Console, string
// interpolation, List<T> with LINQ, Dictionary<string, int> (randomized string hashing),
// StringBuilder, invariant double formatting — so each assertion stands for a runtime service
// that works: the exact lines in order, then the exit code Main returns.
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests.RealCoreLib
{
    [Collection(ImageCollection.Name)]
    public class RealCoreLibTests
    {
        private const int PanicExitCode = 127; // the kernel's panic status (PanicTests)

        private static CommandResult Boot(params string[] arguments)
        {
            var all = new List<string> { "run", Images.RealCoreLib, "--timeout", "60", "--" };
            all.AddRange(arguments);
            return Repository.Osv(all.ToArray());
        }

        [Fact]
        public void Main_PrintsEveryLineInOrder_AndExitsZero()
        {
            CommandResult result = Boot("one", "two words");
            Assert.True(result.ExitCode == 0, result.Describe());
            string[] expected =
            {
                "Hello from the real System.Private.CoreLib!",
                "args: 2",
                "arg[0] = one",
                "arg[1] = two words",
                "sorted: 3,7,19,28,42",
                "sum of evens: 70",
                "dictionary: 3 keys, gamma=5",
                "builder: 0:1:2:3.5",
                "exceptions: caught depth, finally, rethrow, outer inner",
                "faults: null field, null array, divide by zero",
            };
            List<string> printed = result.Lines.SkipWhile(line => line != expected[0]).Take(expected.Length).ToList();
            Assert.True(expected.SequenceEqual(printed), result.Describe());
        }

        // Nothing catches the exception: CoreLib's fail-fast path prints the report NativeAOT
        // prints (type, message, one line per frame with the method's name from the stack-trace
        // metadata), then aborts, which is the kernel's panic.
        [Fact]
        public void UnhandledException_PrintsTypeMessageAndMethodNames_ThenPanics()
        {
            CommandResult result = Boot("--throw-unhandled");
            Assert.True(result.ExitCode == PanicExitCode, result.Describe());
            List<string> report = result.Lines.SkipWhile(line => !line.StartsWith("Unhandled exception.")).ToList();
            Assert.True(report.Count > 0, result.Describe());
            Assert.Equal("Unhandled exception. System.InvalidOperationException: nobody catches this", report[0]);
            List<string> frames = report.Skip(1).TakeWhile(line => line.StartsWith("   at ")).ToList();
            Assert.True(frames.Count == 4, result.Describe());
            for (int i = 0; i < 3; i++)
                Assert.StartsWith("   at RealCoreLib.Program.ThrowUnhandled(Int32) + 0x", frames[i]);
            Assert.StartsWith("   at RealCoreLib.Program.Main(String[] args) + 0x", frames[3]);
            Assert.Contains(result.Lines, line => line.Contains("SystemNative_Abort: the program aborted"));
        }

        // osv run --env puts --env=NAME=VALUE kernel options on the command line; the runtime
        // makes them the environment before Main. Nothing else is in it (no parent process).
        [Fact]
        public void EnvOption_BecomesTheProgramsEnvironment()
        {
            CommandResult result = Repository.Osv("run", Images.RealCoreLib, "--timeout", "60", "--env", "OSV_GREETING=hello there", "--env", "OSV_EMPTY=", "--");
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains("env: OSV_GREETING=hello there, HOME=(unset)", result.Lines);
        }

        [Fact]
        public void MalformedEnvKernelOption_IsReported_AndTheProgramRuns()
        {
            CommandResult result = Repository.Osv("run", Images.RealCoreLib, "--timeout", "60", "--kernel-args=--env=NOVALUE", "--");
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains("osv: ignoring kernel option '--env=NOVALUE': not NAME=VALUE, or no room for it", result.Lines);
            Assert.DoesNotContain(result.Lines, line => line.StartsWith("env: "));
        }

        [Fact]
        public void ExitCodeArgument_BecomesTheMachineExitCode()
        {
            CommandResult result = Boot("--exit-code", "3");
            Assert.True(result.ExitCode == 3, result.Describe());
            Assert.Contains("args: 2", result.Lines);
        }

        [Fact]
        public void ExitCodeArgument_NotANumber_ExitsTwoWithMessage()
        {
            CommandResult result = Boot("--exit-code", "x");
            Assert.True(result.ExitCode == 2, result.Describe());
            Assert.Contains("--exit-code needs a number", result.Lines);
        }
    }
}
