// The C test programs (tests/fixtures/c/programs), built once per test run with the host's gcc,
// and two ways to run one: natively on the host (the expected output) and hosted, loaded by
// OSv.Loader into this test process with its C library calls bound to OSv.Libc.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using OSv.Libc.Process;
using OSv.Loader.Linking;
using Xunit;

namespace OSv.Libc.Tests.Programs
{
    public sealed record ProgramRun(string Output, int ExitStatus, string? Error)
    {
        public string Describe() => $"exit {ExitStatus}, error {Error ?? "none"}, output:\n{Output}";
    }

    public static class ProgramFixtures
    {
        private static readonly Lazy<string> s_directory = new(Build);

        public static string Directory => s_directory.Value;

        public static string RepositoryRoot
        {
            get
            {
                string? directory = AppContext.BaseDirectory;
                while (directory != null && !File.Exists(Path.Combine(directory, "OSv.sln")))
                    directory = Path.GetDirectoryName(directory);
                Assert.True(directory != null, "OSv.sln not found above " + AppContext.BaseDirectory);
                return directory!;
            }
        }

        private static string Build()
        {
            string output = Path.Combine(Path.GetTempPath(), "osv-c-programs-" + Environment.ProcessId);
            string sources = Path.Combine(RepositoryRoot, "tests", "fixtures", "c", "programs");
            (string text, int status) = Execute("make", new[] { "-s", "-C", sources, "OUT=" + output }, null);
            Assert.True(status == 0, "building the C test programs failed:\n" + text);
            return output;
        }

        /// <summary>The program run natively on the host, shared objects found beside it.</summary>
        public static ProgramRun RunNative(string program, string[] arguments, params string[] environment)
        {
            string[] all = environment.Append("LD_LIBRARY_PATH=" + Directory).ToArray();
            (string text, int status) = Execute(Path.Combine(Directory, program), arguments, all);
            return new ProgramRun(text, status, null);
        }

        /// <summary>Any host executable run natively, with the given arguments.</summary>
        public static ProgramRun RunNativeFile(string path, string[] arguments)
        {
            (string text, int status) = Execute(path, arguments, null);
            return new ProgramRun(text, status, null);
        }

        /// <summary>The program loaded into this process by OSv.Loader, its output captured.</summary>
        public static ProgramRun RunHosted(string program, string[] arguments, params string[] environment)
        {
            using var capture = new ConsoleCapture();
            using var files = new HostDirectoryObjectFiles(Directory);
            string path = Path.Combine(Directory, program);
            ProgramResult result = LinuxProgram.Run(files, path, new[] { path }.Concat(arguments).ToArray(), environment);
            return new ProgramRun(capture.Text, result.ExitStatus, result.Error);
        }

        private static (string Text, int Status) Execute(string file, string[] arguments, string[]? environment)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            if (environment != null)
            {
                start.Environment.Clear();
                foreach (string variable in environment)
                {
                    int equals = variable.IndexOf('=');
                    start.Environment[variable[..equals]] = variable[(equals + 1)..];
                }
            }
            using var process = System.Diagnostics.Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (text + error.Result, process.ExitCode);
        }
    }
}
