// `osv run`: builds the image if given a project, picks the accelerator, boots the image under
// QEMU with the console on the terminal, and returns the application's exit code.
using System;
using System.Collections.Generic;
using System.IO;

namespace OSv.Tool
{
    internal sealed record RunSettings(
        string Target,
        string Configuration,
        AcceleratorRequest Accelerator,
        string Memory,
        int CpuCount,
        int? GdbPort,
        string QemuExecutable,
        string? KernelOptions,
        TimeSpan? Timeout,
        bool Verbose,
        IReadOnlyList<string> ApplicationArguments,
        NetworkSettings? Network = null,
        VirtioTransportKind Transport = VirtioTransportKind.Mmio,
        bool EntropyDevice = false,
        MachineKind Machine = MachineKind.Microvm,
        IReadOnlyList<string>? Environment = null);

    internal static class RunCommand
    {
        public const int TimeoutExitCode = 124;

        // A shell reports a command stopped by signal n as 128 + n; so does `osv run`.
        public const int SignalExitCodeBase = 128;

        public static int Execute(RunSettings settings)
        {
            try
            {
                string commandLine = BuildKernelCommandLine(settings);
                if (settings.Network?.TapName is string tap && TapDevice.Problem(tap) is string problem)
                    throw new ToolError(problem);
                string qemu = FindQemu(settings.QemuExecutable);
                string imagePath = ProjectLocator.FindImage(settings.Target)
                    ?? ImageBuilder.Build(ProjectLocator.FindProject(settings.Target), settings.Configuration);
                AcceleratorChoice accelerator = Accelerator.Choose(settings.Accelerator, HostProbe.ReadCpuInfo(), HostProbe.CanOpenKvm());
                Log.Error("accelerator: " + accelerator.Describe());
                QemuOptions options = new QemuOptions(imagePath, accelerator, settings.Memory, settings.CpuCount, settings.GdbPort, commandLine, settings.Network, settings.Transport, settings.EntropyDevice, settings.Machine);
                return Boot(qemu, options, settings);
            }
            catch (ToolError error)
            {
                return Log.Fail(error);
            }
        }

        // The image is stripped; the build leaves the same image with its ELF symbol tables
        // beside it (<App>.debug.elf), which is what gdb wants.
        private static string SymbolsPath(string imagePath)
        {
            string debugImagePath = Path.ChangeExtension(imagePath, ".debug.elf");
            return File.Exists(debugImagePath) ? debugImagePath : imagePath;
        }

        private static int Boot(string qemu, QemuOptions options, RunSettings settings)
        {
            List<string> arguments = QemuCommand.BuildArguments(options);
            if (settings.Verbose)
                Log.Error(QemuCommand.Render(qemu, arguments));
            if (options.GdbPort is int port)
                Log.Error(QemuCommand.GdbHint(SymbolsPath(options.ImagePath), port));
            ChildResult result = ChildProcess.Run(qemu, arguments, settings.Timeout);
            if (result.TimedOut)
            {
                Log.Error("timed out after " + settings.Timeout!.Value.TotalSeconds + " s; QEMU was stopped.");
                return TimeoutExitCode;
            }
            if (result.Signal != 0)
            {
                Log.Error("stopped by signal " + result.Signal + " (QEMU exited with status " + result.ExitStatus + ").");
                return SignalExitCodeBase + result.Signal;
            }
            RunOutcome outcome = QemuExitStatus.Interpret(result.ExitStatus);
            if (outcome.Message != null)
                Log.Error(outcome.Message);
            return outcome.ExitCode;
        }

        // Checked before any build, so a bad argument fails in milliseconds, not after a build.
        private static string BuildKernelCommandLine(RunSettings settings)
        {
            foreach (string argument in settings.ApplicationArguments)
            {
                if (!KernelCommandLine.IsRepresentable(argument))
                    throw new ToolError("an application argument contains a NUL character, which the kernel command line cannot carry.");
            }
            foreach (string variable in settings.Environment ?? Array.Empty<string>())
            {
                if (!KernelCommandLine.IsRepresentable(variable))
                    throw new ToolError("an --env value contains a NUL character, which the kernel command line cannot carry.");
            }
            string commandLine = KernelCommandLine.Build(KernelCommandLine.WithEnvironment(settings.KernelOptions, settings.Environment ?? Array.Empty<string>()), settings.ApplicationArguments);
            int lengthBytes = KernelCommandLine.LengthBytes(commandLine);
            if (lengthBytes > KernelCommandLine.LengthBytesMax)
                throw new ToolError("the kernel command line is " + lengthBytes + " bytes; the kernel reads at most " + KernelCommandLine.LengthBytesMax + ".");
            return commandLine;
        }

        private static string FindQemu(string executable) =>
            ExecutableLocator.Find(executable) ?? throw new ToolError(QemuMissingMessage(executable));

        private static string QemuMissingMessage(string executable)
        {
            const string Install = "Install it: sudo apt-get install -y qemu-system-x86";
            if (executable == QemuCommand.DefaultExecutable)
                return executable + " was not found. " + Install;
            if (!executable.Contains('/'))
                return executable + " was not found on PATH. " + Install;
            return "QEMU was not found at '" + executable + "'. " + Install;
        }
    }
}
