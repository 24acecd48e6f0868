// The Hello sample, booted as a user would: `osv run samples/Hello -- args`.
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class HelloTests
    {
        private static CommandResult RunHello(params string[] arguments)
        {
            var all = new System.Collections.Generic.List<string> { "run", Images.Hello, "--timeout", "60", "--" };
            all.AddRange(arguments);
            return Repository.Osv(all.ToArray());
        }

        [Fact]
        public void NoArguments_GreetsAndExitsZero()
        {
            CommandResult result = RunHello();
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains("Hello from OSv.NET (metal)!", result.Lines);
        }

        [Fact]
        public void Arguments_EachPrintedInOrder()
        {
            CommandResult result = RunHello("one", "two words", "quote\"inside");
            Assert.Contains("arg[0] = one", result.Lines);
            Assert.Contains("arg[1] = two words", result.Lines);
            Assert.Contains("arg[2] = quote\"inside", result.Lines);
        }

        [Fact]
        public void ExitCodeArgument_BecomesTheProcessExitCode()
        {
            CommandResult result = RunHello("--exit-code", "3");
            Assert.True(result.ExitCode == 3, result.Describe());
        }

        [Fact]
        public void ExitCodeArgument_NotANumber_ExitsTwoWithMessage()
        {
            CommandResult result = RunHello("--exit-code", "x");
            Assert.True(result.ExitCode == 2, result.Describe());
            Assert.Contains("--exit-code needs a number, got 'x'", result.Lines);
        }

        [Fact]
        public void OsvBuild_BuiltProject_PrintsTheImagePath()
        {
            CommandResult result = Repository.Osv("build", "samples/Hello");
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Equal(Images.Hello, result.Lines.Last(line => line.Length != 0));
        }

        [Fact]
        public void DotnetRun_HostedTarget_SameProgram()
        {
            CommandResult result = Repository.Run("dotnet", new[] { "run", "--project", "samples/Hello", "--", "a", "--exit-code", "5" }, Repository.Root);
            Assert.True(result.ExitCode == 5, result.Describe());
            Assert.Contains("Hello from OSv.NET (hosted)!", result.Lines);
            Assert.Contains("arg[0] = a", result.Lines);
        }
    }
}
