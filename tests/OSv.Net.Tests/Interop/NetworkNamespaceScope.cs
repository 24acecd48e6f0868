// A Linux network namespace for one interop test: created with a unique name, commands run
// inside it with `ip netns exec`, deleted on Dispose (also when the test failed). Needs root (or
// CAP_SYS_ADMIN + CAP_NET_ADMIN) and iproute2's `ip`; when either is missing the constructor
// throws with a message saying so, so the test fails instead of passing vacuously.
using System;
using System.Diagnostics;
using System.Threading;

namespace OSv.Net.Tests.Interop
{
    internal sealed class NetworkNamespaceScope : IDisposable
    {
        private const int CommandTimeoutMs = 10_000;
        private const string NamePrefix = "osvnet-";
        private static int s_created;

        public NetworkNamespaceScope()
        {
            if (Interlocked.Increment(ref s_created) == 1)
                RemoveStale();
            Name = NamePrefix + Environment.ProcessId + "-" + s_created;
            Host("ip", "netns", "add", Name);
        }

        // Namespaces left by test processes that were killed before their Dispose ran
        // ("osvnet-<pid>-<n>" whose pid is gone).
        private static void RemoveStale()
        {
            if (!System.IO.Directory.Exists("/var/run/netns"))
                return;
            foreach (string path in System.IO.Directory.GetFiles("/var/run/netns", NamePrefix + "*"))
            {
                string[] parts = System.IO.Path.GetFileName(path).Split('-');
                if (parts.Length == 3 && int.TryParse(parts[1], out int pid) && pid != Environment.ProcessId && !System.IO.Directory.Exists("/proc/" + pid))
                    Run("ip", new[] { "netns", "delete", System.IO.Path.GetFileName(path) }, out _);
            }
        }

        public string Name { get; }

        // Runs a command inside the namespace; throws with its output unless it exits 0.
        public string Exec(params string[] command) => Host("ip", InNamespace(command));

        // As Exec, but returns the exit code instead of throwing (for "this must fail" checks).
        public int TryExec(params string[] command) => Run("ip", InNamespace(command), out _);

        // Runs a command in this process's (root) namespace; throws unless it exits 0.
        public static string Host(string program, params string[] arguments)
        {
            int exitCode = Run(program, arguments, out string output);
            if (exitCode != 0)
                throw new InvalidOperationException("`" + program + " " + string.Join(" ", arguments) + "` exited " + exitCode + ": " + output);
            return output;
        }

        public void Dispose()
        {
            // Interfaces still inside are destroyed with the namespace (a tap also when its fd closes).
            Run("ip", new[] { "netns", "delete", Name }, out _);
        }

        private string[] InNamespace(string[] command)
        {
            var arguments = new string[3 + command.Length];
            arguments[0] = "netns";
            arguments[1] = "exec";
            arguments[2] = Name;
            Array.Copy(command, 0, arguments, 3, command.Length);
            return arguments;
        }

        private static int Run(string program, string[] arguments, out string output)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("Interop tests need `" + program + "` (iproute2) on PATH and root: " + e.Message, e);
            }
            using (process)
            {
                string stdout = process.StandardOutput.ReadToEnd();
                string stderr = process.StandardError.ReadToEnd();
                if (!process.WaitForExit(CommandTimeoutMs))
                {
                    process.Kill();
                    throw new TimeoutException("`" + program + " " + string.Join(" ", arguments) + "` did not finish");
                }
                output = stdout + stderr;
                return process.ExitCode;
            }
        }
    }
}
