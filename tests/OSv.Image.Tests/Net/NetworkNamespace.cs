// A private network for one interop test: a Linux network namespace holding a tap device with
// the host's address, so the guest's stack meets a real Linux stack and nothing on the machine's
// own network can see or disturb the traffic.
//
// Layout (everything inside the namespace, nothing in the root one):
//
//     namespace osvtest-<pid>-<start>-<n>
//       lo        up
//       osvtap0   tap, 192.168.100.1/24, up          <- QEMU opens it: ip netns exec NAME qemu ...
//                     | virtio-net
//                 guest 192.168.100.2 (MAC 52:54:00:12:34:56, QEMU's default)
//
// QEMU must open the tap in the namespace that owns it, so QEMU itself runs inside it (`ip netns
// exec NAME ./osv run IMAGE --net tap:osvtap0`), and so do the Linux peer tools (ping, the
// OSv.NetPeer program) through WrapCommand/Run/Start. A veth pair and a bridge would let QEMU
// stay in the root namespace, but would need names unique on the whole machine and leave
// devices behind in the root namespace when a test dies; here the tap's name is the same in
// every namespace and dies with it. The tap is persistent (ip tuntap add), so it exists before
// QEMU starts: it shows NO-CARRIER until QEMU attaches, then LOWER_UP.
//
// By hand (as root), the same layout for a namespace called osvbench:
//     ip netns add osvbench
//     ip -n osvbench link set lo up
//     ip -n osvbench tuntap add dev osvtap0 mode tap
//     ip -n osvbench address add 192.168.100.1/24 dev osvtap0
//     ip -n osvbench link set osvtap0 up
//     ip netns exec osvbench ./osv run IMAGE --net tap:osvtap0        # QEMU inside
//     ip netns exec osvbench ping 192.168.100.2                         # peers inside
//     ip netns delete osvbench                                          # the tap goes with it
//
// Cleanup: Dispose kills what Start started and anything else still running in the namespace
// (only the test put processes there), deletes the tap and the namespace. A test process that
// dies before Dispose leaves its namespace behind; the next construction deletes every
// osvtest-* namespace whose creator (the pid and start time in its name) is no longer running.
//
// Needs root and /dev/net/tun (CI runs as root on Debian 12): without them construction throws
// with the reason; interop tests fail, they are never skipped.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;

namespace OSv.Image.Tests.Net
{
    public sealed class NetworkNamespace : IDisposable
    {
        public const string NamePrefix = "osvtest-";
        public const string TapDeviceName = "osvtap0";
        public const int PrefixLength = 24;
        public const string GuestMac = "52:54:00:12:34:56";
        public const string TunDevicePath = "/dev/net/tun";
        private const string NamespaceDirectory = "/var/run/netns";

        public static readonly IPAddress HostAddress = IPAddress.Parse("192.168.100.1");
        public static readonly IPAddress GuestAddress = IPAddress.Parse("192.168.100.2");

        private static int _created;

        private readonly List<Process> _started = new List<Process>();
        private bool _disposed;

        public NetworkNamespace()
        {
            CheckHost();
            RemoveStale();
            Name = NamePrefix + OwnerTag(Environment.ProcessId) + "-" + Interlocked.Increment(ref _created);
            try
            {
                Create();
            }
            catch
            {
                Delete();
                throw;
            }
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        public string Name { get; }

        public string TapName => TapDeviceName;

        // "192.168.100.1/24": the host's side, on the tap.
        public static string HostAddressWithPrefix => HostAddress + "/" + PrefixLength;

        // The command line that runs fileName with arguments inside the namespace.
        public (string FileName, string[] Arguments) WrapCommand(string fileName, params string[] arguments) =>
            ("ip", new[] { "netns", "exec", Name, fileName }.Concat(arguments).ToArray());

        // A shell command inside the namespace, to completion: exit code and output.
        public CommandResult Run(string command) => RunWrapped("sh", "-c", command);

        // A program inside the namespace, to completion.
        public CommandResult RunWrapped(string fileName, params string[] arguments)
        {
            (string program, string[] wrapped) = WrapCommand(fileName, arguments);
            return Repository.Run(program, wrapped, Repository.Root);
        }

        // `./osv <arguments>` inside the namespace (so --net tap:osvtap0 finds the tap).
        public CommandResult Osv(params string[] arguments) => RunWrapped(Repository.OsvScript, arguments);

        // A long-running program inside the namespace, stdout and stderr redirected; killed on
        // Dispose if still running.
        public Process Start(string fileName, params string[] arguments)
        {
            (string program, string[] wrapped) = WrapCommand(fileName, arguments);
            var start = new ProcessStartInfo(program)
            {
                WorkingDirectory = Repository.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (string argument in wrapped)
                start.ArgumentList.Add(argument);
            Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
            lock (_started)
                _started.Add(process);
            return process;
        }

        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            StopProcesses();
            Delete();
        }

        // Every osvtest-* namespace whose creating process is gone; returns how many were deleted.
        public static int RemoveStale()
        {
            int removed = 0;
            foreach (string name in List())
            {
                if (!IsStale(name))
                    continue;
                Ip("netns", "delete", name);
                removed++;
            }
            return removed;
        }

        // The osvtest-* namespaces that exist now.
        public static string[] List() =>
            Directory.Exists(NamespaceDirectory)
                ? Directory.GetFiles(NamespaceDirectory, NamePrefix + "*").Select(Path.GetFileName).OfType<string>().ToArray()
                : Array.Empty<string>();

        // "osvtest-1234-98765-2" is stale unless process 1234 runs and started at tick 98765.
        internal static bool IsStale(string name)
        {
            string[] parts = name.Substring(NamePrefix.Length).Split('-');
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                return true; // not a name this class makes: a leftover of an older layout
            return OwnerTag(pid) != parts[0] + "-" + parts[1];
        }

        // "<pid>-<start time in clock ticks since boot>" (/proc/PID/stat field 22), or "<pid>-gone".
        private static string OwnerTag(int pid)
        {
            string statPath = "/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat";
            string stat;
            try
            {
                stat = File.ReadAllText(statPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return pid + "-gone";
            }
            // Field 2, the command name, is in parentheses and may hold spaces: count after ')'.
            string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return pid + "-" + fields[22 - 3];
        }

        private static void CheckHost()
        {
            if (!IsRoot())
                throw new InvalidOperationException("network interop tests need root (network namespaces and tap devices); run the tests as root, as CI does.");
            if (!File.Exists(TunDevicePath))
                throw new InvalidOperationException(TunDevicePath + " is missing: tap devices cannot be made here (load the tun module: modprobe tun; in a container, pass --device /dev/net/tun).");
            if (ExecutableOnPath("ip") is null)
                throw new InvalidOperationException("'ip' was not found: install iproute2 (apt-get install -y iproute2).");
        }

        private static bool IsRoot() => File.ReadAllLines("/proc/self/status").Any(line => line.StartsWith("Uid:", StringComparison.Ordinal) && line.Split('\t')[1] == "0");

        private static string? ExecutableOnPath(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);

        private void Create()
        {
            Ip("netns", "add", Name);
            Ip("-n", Name, "link", "set", "lo", "up");
            Ip("-n", Name, "tuntap", "add", "dev", TapDeviceName, "mode", "tap");
            Ip("-n", Name, "address", "add", HostAddressWithPrefix, "dev", TapDeviceName);
            Ip("-n", Name, "link", "set", TapDeviceName, "up");
        }

        private void StopProcesses()
        {
            lock (_started)
            {
                foreach (Process process in _started)
                {
                    if (!process.HasExited)
                        process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                    process.Dispose();
                }
                _started.Clear();
            }
            // Anything else still inside (a QEMU a timed-out Run left behind): only tests put
            // processes in this namespace, so they are ours to end.
            if (!List().Contains(Name))
                return;
            foreach (string word in IpOutput("netns", "pids", Name).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(word.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                    KillQuietly(pid);
            }
        }

        private static void KillQuietly(int pid)
        {
            try
            {
                using Process process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }

        // Deleting the tap first frees its name even if a process still holds the namespace.
        private void Delete()
        {
            if (!List().Contains(Name))
                return;
            IpOutput("-n", Name, "link", "delete", TapDeviceName);
            Ip("netns", "delete", Name);
        }

        private void OnProcessExit(object? sender, EventArgs e) => Dispose();

        private static void Ip(params string[] arguments)
        {
            CommandResult result = Repository.Run("ip", arguments, "/");
            if (result.ExitCode != 0)
                throw new InvalidOperationException("ip " + string.Join(' ', arguments) + " failed: " + result.Describe());
        }

        // Output regardless of the exit code (for cleanup steps that may find nothing to do).
        private static string IpOutput(params string[] arguments) => Repository.Run("ip", arguments, "/").Output;
    }
}
