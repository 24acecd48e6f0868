// The hosted program as a process (dotnet Memcached.dll): it prints exactly "memcached: ready" on
// stdout once listening, serves, and stops cleanly with exit code 0 on SIGTERM.
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace Memcached.Tests.Hosted
{
    public sealed class ProgramTests
    {
        private const int ReadyTimeoutMs = 30_000;
        private const int StopTimeoutMs = 10_000;
        private const int SigTerm = 15;

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);

        [Fact]
        public async System.Threading.Tasks.Task Program_ReadyThenServesThenSigTerm_StopsWithExitCode0()
        {
            int port = InProcessServer.FreeTcpPort();
            ProcessStartInfo start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string word in new[] { Path.Combine(AppContext.BaseDirectory, "Memcached.dll"), "-l", "127.0.0.1", "-p", port.ToString() })
                start.ArgumentList.Add(word);
            using Process process = Process.Start(start)!;
            StringBuilder stderr = new StringBuilder();
            process.ErrorDataReceived += (_, line) => { lock (stderr) stderr.AppendLine(line.Data); };
            process.BeginErrorReadLine();
            try
            {
                string? ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMilliseconds(ReadyTimeoutMs));
                Assert.Equal("memcached: ready", ready);
                using (TextClient client = new TextClient(port))
                {
                    Assert.Equal("STORED", client.Set("program", 1, Encoding.ASCII.GetBytes("up")));
                    Assert.Equal("up", Encoding.ASCII.GetString(client.Get("program")!.Value.Value));
                }
                Assert.Equal(0, kill(process.Id, SigTerm));
                Assert.True(process.WaitForExit(StopTimeoutMs), "still running after SIGTERM");
                Assert.Equal(0, process.ExitCode);
                Assert.Equal("", process.StandardOutput.ReadToEnd());
            }
            finally
            {
                if (!process.HasExited)
                    process.Kill();
            }
        }
    }
}
