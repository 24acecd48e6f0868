// The QEMU command line for one boot of an image. microvm boots a PVH ELF in tens of
// milliseconds; isa-debug-exit carries the application's exit code out (QemuExitStatus.cs);
// -no-reboot turns a triple fault into an exit instead of a boot loop. Pure: a list of strings,
// so it is tested without starting anything.
using System.Collections.Generic;

namespace OSv.Tool
{
    internal sealed record QemuOptions(
        string ImagePath,
        AcceleratorChoice Accelerator,
        string Memory,
        int CpuCount,
        int? GdbPort,
        string KernelCommandLine);

    internal static class QemuCommand
    {
        public const string DefaultExecutable = "qemu-system-x86_64";
        public const string DefaultMemory = "128M";
        public const int DefaultCpuCount = 1;
        public const int DefaultGdbPort = 1234;

        // Matches Machine.Metal.cs: the exit device at port 0xf4, four bytes wide.
        public const string DebugExitDevice = "isa-debug-exit,iobase=0xf4,iosize=0x04";

        public static List<string> BuildArguments(QemuOptions options)
        {
            List<string> arguments = new List<string>
            {
                "-M", "microvm",
                "-accel", options.Accelerator.QemuAccel,
                "-cpu", options.Accelerator.QemuCpu,
                "-m", options.Memory,
                "-smp", options.CpuCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-nographic",
                "-monitor", "none",
                "-no-reboot",
                "-net", "none",
                "-device", DebugExitDevice,
                "-kernel", options.ImagePath,
                "-append", options.KernelCommandLine,
            };
            if (options.GdbPort is int port)
                arguments.AddRange(new[] { "-gdb", "tcp::" + port, "-S" });
            return arguments;
        }

        // How to attach, printed when the guest waits for gdb (-S).
        public static string GdbHint(string imagePath, int port) =>
            "gdb is awaited on port " + port + ": gdb \"" + imagePath + "\" -ex \"target remote :" + port + "\"";

        // The command as a shell line, for --verbose: copy-pasteable.
        public static string Render(string executable, IReadOnlyList<string> arguments)
        {
            List<string> words = new List<string> { ShellQuote(executable) };
            foreach (string argument in arguments)
                words.Add(ShellQuote(argument));
            return string.Join(" ", words);
        }

        public static string ShellQuote(string word)
        {
            if (word.Length > 0 && IsShellSafe(word))
                return word;
            return "'" + word.Replace("'", "'\\''") + "'";
        }

        private static bool IsShellSafe(string word)
        {
            foreach (char c in word)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".IndexOf(c) >= 0))
                    return false;
            }
            return true;
        }
    }
}
