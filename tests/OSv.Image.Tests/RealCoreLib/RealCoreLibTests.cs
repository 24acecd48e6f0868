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
            };
            List<string> printed = result.Lines.SkipWhile(line => line != expected[0]).Take(expected.Length).ToList();
            Assert.True(expected.SequenceEqual(printed), result.Describe());
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
