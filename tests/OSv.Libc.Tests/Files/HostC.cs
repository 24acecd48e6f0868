// Compiles a small C program with the host's gcc and returns what it prints: how these tests
// learn the host glibc's own layouts and constants instead of restating them.
namespace OSv.Libc.Tests.Files
{
    using System.Diagnostics;
    using System.IO;
    using Xunit;

    public static class HostC
    {
        public static string CompileAndRun(string source)
        {
            string folder = Path.Combine(Path.GetTempPath(), "osv-libc-hostc-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string sourcePath = Path.Combine(folder, "probe.c");
                string programPath = Path.Combine(folder, "probe");
                File.WriteAllText(sourcePath, source);
                (int compiled, string compilerOutput) = Run("gcc", "-O1 -o " + programPath + " " + sourcePath);
                Assert.True(compiled == 0, "gcc failed: " + compilerOutput);
                (int exit, string output) = Run(programPath, "");
                Assert.Equal(0, exit);
                return output;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>Builds a shared object from <paramref name="source"/> (gcc -O2 -shared -fPIC)
        /// into a fresh temporary folder and returns its path; the caller loads it.</summary>
        public static string CompileSharedObject(string source)
        {
            string folder = Path.Combine(Path.GetTempPath(), "osv-libc-hostc-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            string sourcePath = Path.Combine(folder, "object.c");
            string objectPath = Path.Combine(folder, "libobject.so");
            File.WriteAllText(sourcePath, source);
            (int compiled, string compilerOutput) = Run("gcc", "-O2 -shared -fPIC -Wall -Werror -o " + objectPath + " " + sourcePath);
            Assert.True(compiled == 0, "gcc failed: " + compilerOutput);
            return objectPath;
        }

        private static (int Exit, string Output) Run(string program, string arguments)
        {
            var start = new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error);
        }
    }
}
