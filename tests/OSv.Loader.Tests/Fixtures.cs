// Compiles the C fixtures in tests/fixtures/c/loader with the host's gcc, once per test run,
// into a temporary directory. None needs a libc: they are built with -nostdlib, and what they
// import comes from TestHost (the test's IHostSymbols). See each .c file for what it exercises.
using System;
using System.Diagnostics;
using System.IO;

namespace OSv.Loader.Tests
{
    public static class Fixtures
    {
        private const string SharedFlags = "-O2 -fPIC -nostdlib -fno-stack-protector -fno-builtin -shared";
        private const string PieFlags = "-O2 -fpie -pie -nostdlib -fno-stack-protector -fno-builtin";
        private static readonly Lazy<string> s_directory = new(Build);

        /// <summary>The directory holding every compiled fixture.</summary>
        public static string Directory => s_directory.Value;

        public static string PathOf(string name) => Path.Combine(Directory, name);

        public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

        private static string Build()
        {
            string sources = FindSources();
            string output = Path.Combine(Path.GetTempPath(), "osv-loader-fixtures-" + Environment.ProcessId);
            System.IO.Directory.CreateDirectory(output);
            Compile(sources, output, $"{SharedFlags} -Wl,-soname,libbase.so -o libbase.so base.c");
            Compile(sources, output, $"{SharedFlags} -Wl,--allow-shlib-undefined -Wl,-soname,libtop.so -o libtop.so top.c -L. -lbase");
            Compile(sources, output, $"{PieFlags} -Wl,--allow-shlib-undefined -Wl,-E -o exe exe.c -L. -lbase");
            Compile(sources, output, $"{SharedFlags} -Wl,--hash-style=sysv -Wl,-soname,libsysv.so -o libsysv.so sysv.c");
            Compile(sources, output, $"{SharedFlags} -Wl,-soname,libie.so -o libie.so initialexec.c");
            Compile(sources, output, $"{SharedFlags} -Wl,-soname,libundefined.so -o libundefined.so undefined.c");
            return output;
        }

        private static void Compile(string sources, string output, string arguments)
        {
            // Sources are named relative to the fixture folder; outputs and -L. relative to output.
            string[] words = arguments.Split(' ');
            for (int i = 0; i < words.Length; i++)
                if (words[i].EndsWith(".c", StringComparison.Ordinal))
                    words[i] = Path.Combine(sources, words[i]);
            var start = new ProcessStartInfo("gcc") { WorkingDirectory = output, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string word in words)
                start.ArgumentList.Add(word);
            using Process process = Process.Start(start)!;
            string errors = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"gcc {arguments} failed: {errors}");
        }

        private static string FindSources()
        {
            for (string? directory = AppContext.BaseDirectory; directory != null; directory = Path.GetDirectoryName(directory))
            {
                string candidate = Path.Combine(directory, "tests", "fixtures", "c", "loader");
                if (System.IO.Directory.Exists(candidate))
                    return candidate;
            }
            throw new DirectoryNotFoundException("tests/fixtures/c/loader not found above " + AppContext.BaseDirectory);
        }
    }
}
