// Arch/X64/exceptions.S run for real, as a Linux process (gcc links it with AsmHarness/harness.S
// and harness.c): the throw entries (software and hardware-fault) must capture the thrower's
// registers and link an ExInfo; the funclet calls must hand the frame's registers over with an
// aligned stack and write a finally's changes back; a catch must resume the frame with its stack
// pointer and registers and unlink the dead ExInfos. The harness prints one "ok"/"FAIL" line per
// check.
using System;
using System.IO;
using System.Linq;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class ExceptionsAssemblyTests
{
    private static readonly Lazy<string[]> s_output = new(RunHarness);

    [Theory]
    [InlineData("throw passes the exception")]
    [InlineData("throw links the new ExInfo at the head")]
    [InlineData("throw keeps the previous head")]
    [InlineData("throw kind is Throw")]
    [InlineData("throw starts in pass 1")]
    [InlineData("throw has no current clause")]
    [InlineData("throw clears the exception field")]
    [InlineData("context IP is the thrower's return address")]
    [InlineData("context RSP is the thrower's stack pointer")]
    [InlineData("context RBP")]
    [InlineData("context RBX")]
    [InlineData("context R12")]
    [InlineData("context R15")]
    [InlineData("ExInfo lies below the thrower")]
    [InlineData("rethrow passes the active ExInfo")]
    [InlineData("rethrow links the new ExInfo after it")]
    [InlineData("rethrow head is the new ExInfo")]
    [InlineData("rethrow context IP")]
    [InlineData("hardware fault passes the exception code")]
    [InlineData("hardware fault kind is HardwareFault")]
    [InlineData("hardware fault context IP is the faulting instruction")]
    [InlineData("hardware fault context RSP is the faulting stack pointer")]
    [InlineData("hardware fault context RBX and R15")]
    [InlineData("hardware fault keeps the red zone")]
    [InlineData("hardware fault links its ExInfo")]
    [InlineData("finally sees the frame's rbp")]
    [InlineData("finally sees the frame's rbx")]
    [InlineData("finally sees the frame's r12..r15")]
    [InlineData("finally is called with an aligned stack")]
    [InlineData("finally's changes reach the frame's slots")]
    [InlineData("finally leaves unchanged slots alone")]
    [InlineData("filter gets exception and frame rbp")]
    [InlineData("filter result false is passed back")]
    [InlineData("filter is called with an aligned stack")]
    [InlineData("catch resumes the frame (it returns normally)")]
    [InlineData("catch funclet gets the exception")]
    [InlineData("catch funclet gets the frame's rbp")]
    [InlineData("catch funclet is called with an aligned stack")]
    [InlineData("resume uses the frame's stack pointer")]
    [InlineData("resume restores rbp")]
    [InlineData("resume restores rbx and r12..r15")]
    [InlineData("resume unlinks ExInfos below the frame")]
    public void Harness_Check_Passes(string check)
    {
        Assert.Contains("ok " + check, s_output.Value);
    }

    [Fact]
    public void Harness_ReportsNoFailure()
    {
        Assert.DoesNotContain(s_output.Value, line => line.StartsWith("FAIL", StringComparison.Ordinal));
    }

    private static string[] RunHarness()
    {
        string sources = Path.Combine(AppContext.BaseDirectory, "Exceptions", "AsmHarness");
        string directory = Path.Combine(Path.GetTempPath(), "osv-eh-asm-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        string harness = Path.Combine(directory, "harness");
        EhFixtureBuild.Run("gcc", "-O1", "-no-pie", "-o", harness,
            Path.Combine(sources, "harness.c"), Path.Combine(sources, "harness.S"), Path.Combine(sources, "exceptions.S"));
        string output = EhFixtureBuild.Run(harness, exitCodeMustBeZero: false); // failures show as FAIL lines
        Directory.Delete(directory, recursive: true);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToArray();
    }
}
