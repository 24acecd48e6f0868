// The build-side packer: bad file lists fail with a message naming the path, and the MSBuild task
// places items where their metadata says, refuses missing files and rewrites only on change.
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using OSv.Core.Files;
using OSv.Sdk;
using Xunit;
using static OSv.Core.Tests.Files.ArchiveFixtures;

namespace OSv.Core.Tests.Files
{
    public class ImageArchiveWriterTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("osv-archive-").FullName;

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void Build_DuplicatePath_FailsNamingIt()
        {
            var error = Assert.Throws<InvalidDataException>(() => Build(("/lua5.4", "a"), ("/lua5.4", "b")));
            Assert.Contains("two files have the image path '/lua5.4'", error.Message);
        }

        [Fact]
        public void Build_FileInsideAFile_FailsNamingBoth()
        {
            var error = Assert.Throws<InvalidDataException>(() => Build(("/lib", "a"), ("/lib/libc.so.6", "b")));
            Assert.Contains("'/lib/libc.so.6' would be inside '/lib'", error.Message);
        }

        [Theory]
        [InlineData("lua5.4", "not absolute")]
        [InlineData("/lib/../x", "'..'")]
        [InlineData("/lib/", "empty component")]
        [InlineData("/", "root")]
        public void Build_BadPath_FailsNamingIt(string path, string reason)
        {
            var error = Assert.Throws<InvalidDataException>(() => Build((path, "x")));
            Assert.Contains("'" + path + "'", error.Message);
            Assert.Contains(reason, error.Message);
        }

        [Fact]
        public void Build_LargeFile_KeepsEveryByte()
        {
            byte[] content = new byte[300_000];
            new Random(7).NextBytes(content);
            byte[] archive = ImageArchiveWriter.Build(new[] { new ImageArchiveFile("/big.bin", content) });
            Assert.Equal(ImageArchiveError.None, Open(archive, out ImageArchive opened));
            unsafe
            {
                fixed (byte* data = archive)
                {
                    ImageArchive.TryOpen(data, archive.Length, out opened);
                    Assert.True(new ReadOnlySpan<byte>(opened.DataAt(0), (int)opened.LengthAt(0)).SequenceEqual(content));
                }
            }
        }

        [Fact]
        public void ImagePathOf_ExplicitImagePath_Wins()
        {
            var item = new TaskItem("x/liblua.so");
            item.SetMetadata("ImagePath", "/usr/lib/liblua.so.5.4");
            item.SetMetadata("ImageDirectory", "/ignored");
            Assert.Equal("/usr/lib/liblua.so.5.4", WriteImageArchive.ImagePathOf(item));
        }

        [Fact]
        public void ImagePathOf_NoMetadata_IsTheFileNameAtTheRoot()
        {
            Assert.Equal("/lua5.4", WriteImageArchive.ImagePathOf(new TaskItem("/usr/bin/lua5.4")));
        }

        [Fact]
        public void ImagePathOf_Wildcard_KeepsTheRecursiveFolderUnderImageDirectory()
        {
            string file = Touch("tree/sub/deep.txt", "x");
            var item = new TaskItem(file);
            item.SetMetadata("RecursiveDir", "sub/");
            item.SetMetadata("ImageDirectory", "/data/");
            Assert.Equal("/data/sub/deep.txt", WriteImageArchive.ImagePathOf(item));
        }

        [Fact]
        public void Task_MissingFile_FailsNamingIt()
        {
            var (task, engine) = NewTask(new TaskItem(Path.Combine(_folder, "absent.so")));
            Assert.False(task.Execute());
            Assert.Contains(engine.Errors, message => message.Contains("absent.so") && message.Contains("does not exist"));
        }

        [Fact]
        public void Task_DuplicateImagePaths_Fail()
        {
            var first = new TaskItem(Touch("one/lua", "1"));
            var second = new TaskItem(Touch("two/lua", "2"));
            var (task, engine) = NewTask(first, second);
            Assert.False(task.Execute());
            Assert.Contains(engine.Errors, message => message.Contains("two files have the image path '/lua'"));
        }

        [Fact]
        public void Task_NoFiles_WritesAnEmptyArchive()
        {
            var (task, _) = NewTask();
            Assert.True(task.Execute());
            Assert.Equal(ImageArchiveError.None, Open(File.ReadAllBytes(task.Output), out ImageArchive opened));
            Assert.Equal(0, opened.Count);
        }

        [Fact]
        public void Task_UnchangedFiles_LeaveTheArchiveUntouched_ChangedOnesRewriteIt()
        {
            string file = Touch("lua5.4", "first");
            var (task, _) = NewTask(new TaskItem(file));
            Assert.True(task.Execute());
            DateTime past = DateTime.UtcNow.AddHours(-1);
            File.SetLastWriteTimeUtc(task.Output, past);
            Assert.True(task.Execute());
            Assert.Equal(past, File.GetLastWriteTimeUtc(task.Output));
            File.WriteAllText(file, "second");
            Assert.True(task.Execute());
            Assert.NotEqual(past, File.GetLastWriteTimeUtc(task.Output));
            Assert.Contains("second", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(task.Output)));
        }

        private string Touch(string relative, string content)
        {
            string path = Path.Combine(_folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            return path;
        }

        private (WriteImageArchive Task, RecordingBuildEngine Engine) NewTask(params ITaskItem[] files)
        {
            var engine = new RecordingBuildEngine();
            var task = new WriteImageArchive { Files = files, Output = Path.Combine(_folder, "out", "files.bin"), BuildEngine = engine };
            return (task, engine);
        }

        private sealed class RecordingBuildEngine : IBuildEngine
        {
            public List<string> Errors { get; } = new();

            public bool ContinueOnError => false;
            public int LineNumberOfTaskNode => 0;
            public int ColumnNumberOfTaskNode => 0;
            public string ProjectFileOfTaskNode => "test.proj";

            public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
            public void LogCustomEvent(CustomBuildEventArgs e) { }
            public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e.Message ?? "");
            public void LogMessageEvent(BuildMessageEventArgs e) { }
            public void LogWarningEvent(BuildWarningEventArgs e) { }
        }
    }
}
