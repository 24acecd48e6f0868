// Boots the ImageFiles image: the files the project lists (<OsvFile>) are in the image with
// exactly the host's bytes (the guest prints size, line count and FNV-1a of each), `--verbose`
// lists them at boot, and threads keep their own thread pointer (FS base) across switches on 1
// and 2 vCPUs.
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class ImageFilesTests
    {
        private const int AllChecksPassedExitCode = 42;

        private static readonly Lazy<CommandResult> VerboseTwoCpus = new(() =>
            Repository.Osv("run", Images.ImageFiles, "--cpus", "2", "--timeout", "120", "--kernel-args", "--verbose"));

        private static readonly Lazy<CommandResult> QuietOneCpu = new(() =>
            Repository.Osv("run", Images.ImageFiles, "--cpus", "1", "--timeout", "120"));

        private static string FilesFolder => Path.Combine(Repository.Root, "tests", "images", "ImageFiles", "files");

        // Image path -> host file, as ImageFiles.csproj lists them.
        private static readonly (string ImagePath, Func<string> HostPath)[] Shipped =
        {
            ("/bin/ls", () => "/usr/bin/ls"),
            ("/data/notes/numbers.txt", () => Path.Combine(FilesFolder, "notes", "numbers.txt")),
            ("/data/poem.txt", () => Path.Combine(FilesFolder, "poem.txt")),
        };

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void Guest_ReportsNoFailuresAndExits42(int cpus)
        {
            CommandResult result = cpus == 1 ? QuietOneCpu.Value : VerboseTwoCpus.Value;
            Assert.DoesNotContain(result.Lines, line => line.StartsWith("FAIL", StringComparison.Ordinal));
            Assert.True(result.ExitCode == AllChecksPassedExitCode, result.Describe());
        }

        [Theory]
        [InlineData("/bin/ls")]
        [InlineData("/data/notes/numbers.txt")]
        [InlineData("/data/poem.txt")]
        public void File_ReadInGuest_MatchesTheHostFile(string imagePath)
        {
            byte[] content = File.ReadAllBytes(Shipped.Single(file => file.ImagePath == imagePath).HostPath());
            string expected = "file " + imagePath + " bytes=" + content.Length + " lines=" + content.Count(b => b == (byte)'\n') + " fnv=" + Fnv(content).ToString("x", CultureInfo.InvariantCulture);
            Assert.True(VerboseTwoCpus.Value.Lines.Contains(expected), "no '" + expected + "':\n" + VerboseTwoCpus.Value.Describe());
        }

        [Fact]
        public void BinaryFile_IsOver100KB()
        {
            Assert.True(new FileInfo("/usr/bin/ls").Length > 100 * 1024);
        }

        [Fact]
        public void VerboseBoot_ListsEveryFileInPathOrder_BeforeTheApp()
        {
            string[] lines = VerboseTwoCpus.Value.Lines;
            string[] listing = lines.Where(line => line.StartsWith("files: /", StringComparison.Ordinal)).ToArray();
            string[] expected = Shipped.Select(file =>
            {
                long bytes = new FileInfo(file.HostPath()).Length;
                return "files: " + file.ImagePath + " " + (bytes + 1023) / 1024 + " KiB (" + bytes + " bytes)";
            }).ToArray();
            Assert.Equal(expected, listing);
            int appStart = Array.IndexOf(lines, "image files on metal");
            Assert.True(appStart > Array.IndexOf(lines, listing[^1]), VerboseTwoCpus.Value.Describe());
        }

        [Fact]
        public void VerboseBoot_PrintsTheCountAndTotal()
        {
            long totalBytes = Shipped.Sum(file => new FileInfo(file.HostPath()).Length);
            string expected = "files: 3 in the image, " + (totalBytes + 1023) / 1024 + " KiB";
            Assert.True(VerboseTwoCpus.Value.Lines.Contains(expected), "no '" + expected + "':\n" + VerboseTwoCpus.Value.Describe());
        }

        [Fact]
        public void QuietBoot_ListsNoFiles()
        {
            Assert.DoesNotContain(QuietOneCpu.Value.Lines, line => line.StartsWith("files: ", StringComparison.Ordinal));
            Assert.Contains("file count 3", QuietOneCpu.Value.Lines);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void ThreadPointers_FollowTheirThreads_AcrossYieldSleepAndPreemption(int cpus)
        {
            CommandResult result = cpus == 1 ? QuietOneCpu.Value : VerboseTwoCpus.Value;
            foreach (string check in new[] { "threadpointer.each.thread.reads.its.own", "threadpointer.preempted.threads.read.their.own", "threadpointer.spinning.threads.were.preempted", "threadpointer.main.untouched" })
                Assert.True(result.Lines.Contains("PASS " + check), "no 'PASS " + check + "' (" + cpus + " vCPUs):\n" + result.Describe());
        }

        [Fact]
        public void LargeStackThread_RecursesBeyondTheDefaultStack()
        {
            Assert.True(QuietOneCpu.Value.Lines.Contains("PASS thread.large.stack.deep.recursion"), QuietOneCpu.Value.Describe());
        }

        private static ulong Fnv(byte[] content)
        {
            ulong hash = 14695981039346656037;
            foreach (byte b in content)
                hash = (hash ^ b) * 1099511628211;
            return hash;
        }
    }
}
