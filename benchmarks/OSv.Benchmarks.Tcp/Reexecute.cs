// The exact command line of this run (printed with the table), and --netns: the same program
// started again through `ip netns exec NAME`, without --netns, with its stdout and stderr, so
// everything (connections, servers of --self-test) lives in the guest's namespace.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace OSv.Benchmarks.Tcp
{
    internal static class Reexecute
    {
        public static int InsideNamespace(string name, string[] arguments)
        {
            var start = new ProcessStartInfo("ip") { UseShellExecute = false };
            start.Environment[OuterCommandVariable] = CommandLine(arguments); // the table shows what the user typed
            foreach (string word in new[] { "netns", "exec", name }.Concat(SelfCommand()).Concat(WithoutNetns(arguments)))
                start.ArgumentList.Add(word);
            Console.Error.WriteLine("tcp-bench: " + Render(new[] { "ip" }.Concat(start.ArgumentList)));
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start ip");
            process.WaitForExit();
            return process.ExitCode;
        }

        private const string OuterCommandVariable = "OSV_TCP_BENCH_COMMAND";

        // "dotnet /path/OSv.Benchmarks.Tcp.dll --host ..." (or the apphost), shell-quoted; inside
        // a --netns re-execution, the outer command as typed.
        public static string CommandLine(string[] arguments) =>
            Environment.GetEnvironmentVariable(OuterCommandVariable) is string { Length: > 0 } outer ? outer : Render(SelfCommand().Concat(arguments));

        // How this program was started: the host executable, plus the dll when that is dotnet.
        private static IEnumerable<string> SelfCommand()
        {
            string executable = Environment.ProcessPath ?? "dotnet";
            yield return executable;
            if (Path.GetFileNameWithoutExtension(executable) == "dotnet")
                yield return typeof(Reexecute).Assembly.Location;
        }

        private static IEnumerable<string> WithoutNetns(string[] arguments)
        {
            for (int i = 0; i < arguments.Length; i++)
            {
                if (arguments[i] == "--netns")
                {
                    i++; // and its value
                    continue;
                }
                if (arguments[i].StartsWith("--netns=", StringComparison.Ordinal) || arguments[i].StartsWith("--netns:", StringComparison.Ordinal))
                    continue;
                yield return arguments[i];
            }
        }

        private static string Render(IEnumerable<string> words) => string.Join(" ", words.Select(Quote));

        private static string Quote(string word) =>
            word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".IndexOf(c) >= 0) ? word : "'" + word.Replace("'", "'\\''") + "'";
    }
}
