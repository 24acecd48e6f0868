// The machine an application runs on, as the application sees it. On metal the application is
// the only program in the VM, so exiting the application powers the VM off with its exit code;
// hosted, the same calls act on the ordinary process.
namespace OSv.Core
{
    public static partial class Machine
    {
        // Exit codes the metal target can report through QEMU's isa-debug-exit device, which
        // turns a written value v into QEMU exit status (v << 1) | 1. The kernel writes
        // exitCode + 1, so that QEMU's own failure status (1) never looks like an exit code;
        // a panic writes PanicExitStatus (QEMU status 255). `osv run` maps statuses back.
        public const int ExitCodeMax = 125;
        public const int PanicExitStatus = 127;

        // "metal" inside a VM image, "hosted" in an ordinary .NET process.
        public static string Platform => PlatformName;

        // Processors running (metal: every vCPU that started; hosted: the process's CPU count).
        public static int ProcessorCount => ProcessorCountCore;

        // Reschedule IPIs sent so far: wake-ups that had to interrupt a halted (or long
        // uninterrupted) CPU. Always 0 hosted.
        public static long RescheduleInterruptsSent => RescheduleInterruptsSentCore;

        // Kernel options from the command line (the words before "--"); empty when hosted.
        public static string[] KernelOptions => s_kernelOptions ?? new string[0];

        private static string[]? s_kernelOptions;

        internal static void SetKernelOptions(string[] options) => s_kernelOptions = options;

        // Stops with "PANIC: reason" and the panic exit status.
        public static void Panic(string reason) => PanicCore(reason);

        // The same from an ASCII reason, allocating nothing: for panics that may come from memory
        // running out (the page-frame allocator), where building a string could fail first.
        internal static void Panic(System.ReadOnlySpan<byte> asciiReason) => PanicAsciiCore(asciiReason);

        // Ends the application (and, on metal, the machine) with exitCode, from any thread: what
        // returning it from Main does.
        public static void Exit(int exitCode) => ExitCore(ClampExitCode(exitCode));

        // Clamps an application exit code to what every target can report.
        public static int ClampExitCode(int exitCode) =>
            exitCode < 0 || exitCode > ExitCodeMax ? ExitCodeMax : exitCode;
    }
}
