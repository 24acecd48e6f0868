// QEMU exit status → `osv run` exit code: isa-debug-exit gives (v << 1) | 1 for a written v,
// and the guest writes exitCode + 1, or 127 on a panic (OSv.Core/Machine.cs).
using OSv.Tool;
using Xunit;

namespace OSv.Tool.Tests
{
    public class QemuExitStatusTests
    {
        private static int StatusFor(int value) => (value << 1) | 1;

        [Fact]
        public void Interpret_ExitCodeZero_ReturnsZero()
        {
            Assert.Equal(new RunOutcome(0, null), QemuExitStatus.Interpret(StatusFor(0 + 1)));
        }

        [Fact]
        public void Interpret_ExitCodeThree_ReturnsThree()
        {
            Assert.Equal(new RunOutcome(3, null), QemuExitStatus.Interpret(StatusFor(3 + 1)));
        }

        [Fact]
        public void Interpret_LargestExitCode_ReturnsIt()
        {
            Assert.Equal(new RunOutcome(125, null), QemuExitStatus.Interpret(StatusFor(125 + 1)));
        }

        [Fact]
        public void Interpret_Panic_Returns127()
        {
            Assert.Equal(127, QemuExitStatus.Interpret(StatusFor(127)).ExitCode);
        }

        [Fact]
        public void Interpret_Panic_SaysTheGuestPanicked()
        {
            Assert.Equal("the guest panicked", QemuExitStatus.Interpret(255).Message);
        }

        [Fact]
        public void Interpret_StatusZero_Returns128()
        {
            Assert.Equal(128, QemuExitStatus.Interpret(0).ExitCode);
        }

        [Fact]
        public void Interpret_StatusZero_NamesTripleFault()
        {
            Assert.Equal("the guest stopped without reporting an exit code (reset or triple fault)", QemuExitStatus.Interpret(0).Message);
        }

        [Fact]
        public void Interpret_StatusOne_IsQemuFailure()
        {
            Assert.Equal(new RunOutcome(1, "QEMU failed (status 1)"), QemuExitStatus.Interpret(1));
        }

        [Fact]
        public void Interpret_OtherEvenStatus_ReturnsIt()
        {
            Assert.Equal(2, QemuExitStatus.Interpret(2).ExitCode);
        }

        [Fact]
        public void Interpret_OtherEvenStatus_HasMessage()
        {
            Assert.NotNull(QemuExitStatus.Interpret(2).Message);
        }

        [Fact]
        public void Interpret_SignalStatus_NamesTheSignal()
        {
            Assert.Contains("signal 6", QemuExitStatus.Interpret(134).Message);
        }
    }
}
