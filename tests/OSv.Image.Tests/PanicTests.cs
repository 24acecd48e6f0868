// A fault or an unhandled throw inside the guest must print a readable panic on the serial
// console and end QEMU with the panic status, which `osv run` reports as exit code 127.
using System;
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

        private static void AssertPanic(CommandResult result, string expectedReason)
        {
            Assert.True(result.ExitCode == PanicExitCode, result.Describe());
            string? panic = result.Lines.FirstOrDefault(line => line.StartsWith("PANIC: ", StringComparison.Ordinal));
            Assert.True(panic == expectedReason, "expected '" + expectedReason + "', got '" + panic + "'\n" + result.Describe());
            Assert.Contains(result.Lines, line => Regex.IsMatch(line, @"^  rip 0x[0-9a-f]+  \S+\+0x[0-9a-f]+$"));
            Assert.Contains(result.Lines, line => Regex.IsMatch(line, @"^  rax=0x[0-9a-f]+ rbx=0x[0-9a-f]+"));
            Assert.Contains("osv: the guest panicked", result.Errors);
        }

        [Fact]
        public void NullDereference_PanicsWithPageFaultAtAddressZero()
        {
            CommandResult result = Raise("null-dereference");
            AssertPanic(result, "PANIC: page fault (null reference)");
            Assert.Contains(result.Lines, line => line.StartsWith("  vector 14 ", StringComparison.Ordinal) && line.EndsWith(" cr2 0x0", StringComparison.Ordinal));
        }

        [Fact]
        public void NullDereference_FaultingMethodIsNamed()
        {
            CommandResult result = Raise("null-dereference");
            string rip = result.Lines.First(line => line.StartsWith("  rip ", StringComparison.Ordinal));
            Assert.Contains("RuntimeFeatures_", rip);
        }

        [Fact]
        public void ExplicitPanic_PrintsTheReason()
        {
            AssertPanic(Raise("panic"), "PANIC: requested by the test");
        }

        [Fact]
        public void UncaughtThrow_PanicNamesTheExceptionType()
        {
            AssertPanic(Raise("throw"), "PANIC: unhandled exception OSv_Runtime_System_InvalidOperationException: thrown on purpose");
        }

        [Fact]
        public void IndexOutOfRange_PanicNamesTheExceptionType()
        {
            AssertPanic(Raise("index"), "PANIC: unhandled exception OSv_Runtime_System_IndexOutOfRangeException: Index was outside the bounds of the array.");
        }

        [Fact]
        public void Panic_FramesNameTheCallers()
        {
            CommandResult result = Raise("throw");
            int frames = Array.IndexOf(result.Lines, "  frames:");
            Assert.True(frames > 0, result.Describe());
            Assert.Contains(result.Lines.Skip(frames), line => line.Contains("RhpThrowEx+0x", StringComparison.Ordinal));
        }
    }
}
