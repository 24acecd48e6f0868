// libmemcached's memccapable (Debian libmemcached-tools) against the hosted server: its ASCII
// suite (-a) and its binary suite (-b). memccapable prints one "[pass]"/"[FAIL]" line per test
// and exits 0 only when all pass; both are checked, with its output in the failure message.
// The suites run alone, never beside the other test classes: memccapable gives up on a reply after
// a few seconds, and the fuzz, integrity and 1,000-connection tests running in parallel could
// starve the thread pool the in-process server runs on (seen once in CI: "binary noop ... Errno:
// 110 Connection timed out").
using System.Diagnostics;
using Xunit;

namespace Memcached.Tests.Hosted
{
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class MemccapableCollection
    {
        public const string Name = "memccapable, run alone";
    }

    [Collection(MemccapableCollection.Name)]
    public sealed class MemccapableTests
    {
        private const int RunTimeoutMs = 120_000;

        [Fact]
        public void AsciiSuite_AllTestsPass()
        {
            using InProcessServer server = new InProcessServer();
            (int exitCode, string output) = RunMemccapable("-a", server.TcpPort);
            Assert.True(exitCode == 0 && !output.Contains("[FAIL]") && output.Contains("[pass]"), output);
        }

        [Fact]
        public void BinarySuite_AllTestsPass()
        {
            using InProcessServer server = new InProcessServer();
            (int exitCode, string output) = RunMemccapable("-b", server.TcpPort);
            Assert.True(exitCode == 0 && !output.Contains("[FAIL]") && output.Contains("[pass]"), output);
        }

        private static (int ExitCode, string Output) RunMemccapable(string suite, int port)
        {
            // memccapable writes test names to stdout and verdicts to stderr: one stream keeps
            // each verdict next to its name in the failure message.
            ProcessStartInfo start = new ProcessStartInfo("sh")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string word in new[] { "-c", "exec memccapable \"$@\" 2>&1", "memccapable", suite, "-h", "127.0.0.1", "-p", port.ToString() })
                start.ArgumentList.Add(word);
            using Process process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(RunTimeoutMs))
            {
                process.Kill();
                return (-1, "memccapable timed out\n" + stdout.Result + stderr.Result);
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
