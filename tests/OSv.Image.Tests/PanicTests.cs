// What stops the machine, and how it says so. Two kinds of failure, as .NET (NativeAOT on Linux)
// and our guide define them:
// - a managed failure (a throw nobody catches, a null dereference in managed code, an index out
//   of range) is an exception: unhandled, CoreLib prints its report (type, message, one line per
//   method) and aborts, which is the kernel's panic;
// - a kernel failure (an explicit Machine.Panic, a wild pointer outside the null area, which .NET
//   does not turn into an exception either) prints the register panic: reason, vector, registers,
//   the faulting symbol from the image's symbol map, frames.
// Both end QEMU with the panic status, which `osv run` reports as exit code 127.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class PanicTests
    {
        private const int PanicExitCode = 127;

        private static CommandResult Raise(string fault) => Repository.Osv("run", Images.RuntimeFeatures, "--timeout", "60", "--", fault);

        private static void AssertRegisterPanic(CommandResult result, string expectedReason)
        {
            Assert.True(result.ExitCode == PanicExitCode, result.Describe());
            string? panic = result.Lines.FirstOrDefault(line => line.StartsWith("PANIC: ", StringComparison.Ordinal));
            Assert.True(panic == expectedReason, "expected '" + expectedReason + "', got '" + panic + "'\n" + result.Describe());
            Assert.Contains(result.Lines, line => Regex.IsMatch(line, @"^  rip 0x[0-9a-f]+  \S+\+0x[0-9a-f]+$"));
            Assert.Contains(result.Lines, line => Regex.IsMatch(line, @"^  rax=0x[0-9a-f]+ rbx=0x[0-9a-f]+"));
            Assert.Contains("osv: the guest panicked", result.Errors);
        }

        // CoreLib's report: the first line, then the "   at " frames; the abort that follows is the panic.
        private static List<string> AssertUnhandledReport(CommandResult result, string expectedFirstLineStart)
        {
            Assert.True(result.ExitCode == PanicExitCode, result.Describe());
            List<string> report = result.Lines.SkipWhile(line => !line.StartsWith("Unhandled exception.", StringComparison.Ordinal)).ToList();
            Assert.True(report.Count > 0, result.Describe());
            Assert.True(report[0].StartsWith(expectedFirstLineStart, StringComparison.Ordinal), "expected '" + expectedFirstLineStart + "...'\n" + result.Describe());
            Assert.Contains(result.Lines, line => line == "PANIC: SystemNative_Abort: the program aborted");
            Assert.Contains("osv: the guest panicked", result.Errors);
            return report.Skip(1).TakeWhile(line => line.StartsWith("   at ", StringComparison.Ordinal)).ToList();
        }

        [Fact]
        public void NullDereference_IsAnUnhandledNullReferenceException()
        {
            CommandResult result = Raise("null-dereference");
            AssertUnhandledReport(result, "Unhandled exception. System.NullReferenceException: ");
            Assert.DoesNotContain(result.Lines, line => line.StartsWith("PANIC: page fault", StringComparison.Ordinal));
        }

        [Fact]
        public void NullDereference_ReportNamesTheFaultingMethodFirst()
        {
            List<string> frames = AssertUnhandledReport(Raise("null-dereference"), "Unhandled exception. System.NullReferenceException: ");
            Assert.True(frames.Count >= 2, string.Join("\n", frames));
            Assert.StartsWith("   at Faults.Raise(String[]) + 0x", frames[0]);
            Assert.StartsWith("   at Program.<Main>$(String[] args) + 0x", frames[^1]);
        }

        [Fact]
        public void UncaughtThrow_ReportNamesTheTypeAndMessage()
        {
            List<string> frames = AssertUnhandledReport(Raise("throw"), "Unhandled exception. System.InvalidOperationException: thrown on purpose");
            Assert.StartsWith("   at Faults.Raise(String[]) + 0x", frames[0]);
        }

        [Fact]
        public void IndexOutOfRange_ReportNamesTheExceptionType()
        {
            List<string> frames = AssertUnhandledReport(Raise("index"), "Unhandled exception. System.IndexOutOfRangeException: ");
            Assert.StartsWith("   at Faults.Raise(String[]) + 0x", frames[0]);
        }

        [Fact]
        public void WildPointer_PanicsWithPageFaultRegistersAndFaultingMethod()
        {
            CommandResult result = Raise("wild-pointer");
            AssertRegisterPanic(result, "PANIC: page fault");
            Assert.Contains(result.Lines, line => line.StartsWith("  vector 14 ", StringComparison.Ordinal) && line.EndsWith(" cr2 0x400000000000", StringComparison.Ordinal));
            string rip = result.Lines.First(line => line.StartsWith("  rip ", StringComparison.Ordinal));
            Assert.Contains("RuntimeFeatures_Faults__ReadWild+0x", rip);
            Assert.DoesNotContain(result.Lines, line => line.StartsWith("Unhandled exception.", StringComparison.Ordinal));
        }

        [Fact]
        public void ExplicitPanic_PrintsTheReason()
        {
            AssertRegisterPanic(Raise("panic"), "PANIC: requested by the test");
        }

        [Fact]
        public void ExplicitPanic_FramesNameTheCallers()
        {
            CommandResult result = Raise("panic");
            int frames = Array.IndexOf(result.Lines, "  frames:");
            Assert.True(frames > 0, result.Describe());
            Assert.Contains(result.Lines.Skip(frames), line => line.Contains("RuntimeFeatures_Program___Main__+0x", StringComparison.Ordinal));
        }
    }
}
