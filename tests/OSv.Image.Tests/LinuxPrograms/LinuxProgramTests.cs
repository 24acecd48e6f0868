// Boots the LinuxPrograms image (tests/images/LinuxPrograms): each gcc-built test program, and
// Debian's lua5.4 running a script, prints inside the image exactly what it prints natively on
// the host, and the image exits with the program's status.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class LinuxProgramTests
    {
        private const string OutputBegins = "--- program output ---";
        private const string OutputEnds = "--- end of program output ---";

        // Built by the image's own build (tests/images/LinuxPrograms/LinuxPrograms.csproj).
        private static string ProgramsDirectory => Path.Combine(Repository.Root, "tests", "images", "LinuxPrograms", "obj", "programs");

        private static void AssertSameAsNative(string program, string[] arguments, string memory = "128M", params string[] environment)
        {
            (List<string> expected, int expectedStatus) = RunNative(Path.Combine(ProgramsDirectory, program), arguments, environment);
            var all = new List<string> { "run", Images.LinuxPrograms, "--timeout", "300", "--mem", memory, "--" };
            foreach (string variable in environment)
                all.AddRange(new[] { "--env", variable });
            all.Add("/bin/" + program);
            all.AddRange(arguments);
            CommandResult result = Repository.Osv(all.ToArray());
            Assert.Equal(expected, ProgramOutput(result));
            Assert.True(result.ExitCode == expectedStatus, result.Describe());
        }

        private static List<string> ProgramOutput(CommandResult result)
        {
            string[] lines = result.Lines;
            int begin = Array.IndexOf(lines, OutputBegins);
            int end = Array.IndexOf(lines, OutputEnds);
            Assert.True(begin >= 0 && end > begin, "no program output markers:\n" + result.Describe());
            return lines.Skip(begin + 1).Take(end - begin - 1).ToList();
        }

        private static (List<string> Lines, int Status) RunNative(string path, string[] arguments, string[] environment)
        {
            var start = new ProcessStartInfo(path) { RedirectStandardOutput = true };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            start.Environment.Clear();
            start.Environment["LD_LIBRARY_PATH"] = ProgramsDirectory;
            foreach (string variable in environment)
                start.Environment[variable[..variable.IndexOf('=')]] = variable[(variable.IndexOf('=') + 1)..];
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // The image's console ends the program's last line when the program did not.
            if (output.Length > 0 && !output.EndsWith('\n'))
                output += "\n";
            return (output.Split('\n').SkipLast(1).ToList(), process.ExitCode);
        }

        [Fact]
        public void Hello_ArgumentsAndEnvironment_SameAsNative() =>
            AssertSameAsNative("hello", new[] { "one", "two words" }, "128M", "OSV_GREETING=hi");

        [Fact]
        public void Formats_SameAsNative() => AssertSameAsNative("formats", new string[0]);

        [Fact]
        public void MallocStress_SameAsNative() => AssertSameAsNative("malloc_stress", new string[0], "512M");

        [Fact]
        public void Threads_SameAsNative() => AssertSameAsNative("threads", new string[0]);

        [Fact]
        public void Jumps_SameAsNative() => AssertSameAsNative("jumps", new string[0]);

        [Fact]
        public void Exits_SameAsNative() => AssertSameAsNative("exits", new string[0]);

        [Fact]
        public void Dl_SameAsNative() => AssertSameAsNative("dl", new string[0]);

        [Fact]
        public void Tls_SameAsNative() => AssertSameAsNative("tls", new string[0]);

        [Fact]
        public void TlsInTheExecutable_SameAsNative() => AssertSameAsNative("tls_exe", new string[0]);

        [Fact]
        public void CWordCountSample_OneCommand_SameAsNative()
        {
            string sample = Path.Combine(Repository.Root, "samples", "CWordCount");
            CommandResult native = Repository.Run(Path.Combine(sample, "obj", "c", "wordcount"),
                new[] { "texts/lib-os.txt", "texts/loader.txt" }, sample);
            Assert.True(native.ExitCode == 0, native.Describe());
            CommandResult result = Repository.Osv("run", Images.CWordCount, "--timeout", "120");
            Assert.True(result.ExitCode == 0, result.Describe());
            // Native paths are relative to the sample, the image's are /texts/...: the per-file
            // lines are compared word by word, the summary exactly.
            foreach (string line in native.Lines.Where(line => line.Length != 0))
            {
                if (!line.StartsWith("texts/", StringComparison.Ordinal))
                {
                    Assert.Contains(line, result.Lines);
                    continue;
                }
                string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.Contains(result.Lines, image => image.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .SequenceEqual(words.Skip(1).Prepend("/" + words[0])));
            }
        }

        [Fact]
        public void Lua_FeaturesScript_SameAsHostLua()
        {
            string script = Path.Combine(Repository.Root, "tests", "fixtures", "lua", "features.lua");
            CommandResult native = Repository.Run("/usr/bin/lua5.4", new[] { script }, Repository.Root);
            Assert.True(native.ExitCode == 0, native.Describe());
            // 512 MB: the script's deliberate stack overflow grows Lua's stack to 1,000,000 slots
            // by realloc doubling, which needs physically contiguous runs of 16 MB and more.
            CommandResult result = Repository.Osv("run", Images.LinuxPrograms, "--timeout", "300", "--mem", "512M", "--", "/usr/bin/lua5.4", "/lua/features.lua");
            Assert.Equal(native.Lines.SkipLast(1).ToList(), ProgramOutput(result));
            Assert.True(result.ExitCode == 0, result.Describe());
        }
    }
}
