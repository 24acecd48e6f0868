// Turns QEMU's exit status back into the application's exit code. The guest writes
// exitCode + 1 (or Machine.PanicExitStatus, 127, on a panic) to the isa-debug-exit device, and
// QEMU exits with (value << 1) | 1; see OSv.Core/Machine.cs. A triple fault under -no-reboot
// exits 0, and QEMU's own failures exit 1.
namespace OSv.Tool
{
    // ExitCode is what `osv run` returns; Message, when not null, is printed to stderr.
    internal readonly record struct RunOutcome(int ExitCode, string? Message);

    internal static class QemuExitStatus
    {
        public const int PanicValue = 127;
        public const int PanicExitCode = 127;
        public const int NoExitCodeExitCode = 128;
        public const int QemuFailureStatus = 1;
        private const int SignalStatusBase = 128;

        public static RunOutcome Interpret(int status)
        {
            if (status == 0)
                return new RunOutcome(NoExitCodeExitCode, "the guest stopped without reporting an exit code (reset or triple fault)");
            if (status == QemuFailureStatus)
                return new RunOutcome(1, "QEMU failed (status 1)");
            if (status % 2 == 0)
                return new RunOutcome(status, UnexpectedStatusMessage(status));
            int value = (status - 1) / 2;
            if (value == PanicValue)
                return new RunOutcome(PanicExitCode, "the guest panicked");
            return new RunOutcome(value - 1, null);
        }

        // .NET reports a child killed by signal n as 128 + n.
        private static string UnexpectedStatusMessage(int status)
        {
            string message = "QEMU exited with status " + status + ", which no guest exit produces";
            return status > SignalStatusBase ? message + " (killed by signal " + (status - SignalStatusBase) + "?)" : message;
        }
    }
}
