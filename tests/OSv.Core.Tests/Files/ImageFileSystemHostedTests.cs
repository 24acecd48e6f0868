// The hosted image file system: what tests of the loader and libc mount. One class, so that its
// tests (which share the process-wide mount table) never run in parallel with each other.
using System;
using System.IO;
using System.Text;
using OSv.Core.Files;
using OSv.Testing;
using Xunit;
using static OSv.Core.Tests.Files.ArchiveFixtures;

namespace OSv.Core.Tests.Files
{
    public unsafe class ImageFileSystemHostedTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("osv-files-").FullName;

        public ImageFileSystemHostedTests() => ImageFileSystem.Reset();

        public void Dispose()
        {
            ImageFileSystem.Reset();
            Directory.Delete(_folder, recursive: true);
        }

        private void Write(string relative, string content)
        {
            string path = Path.Combine(_folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        private static string Read(ImageFile file) => Encoding.UTF8.GetString(file.Data, (int)file.Length);

        [Fact]
        public void Mount_Folder_FilesOpenUnderThePrefix()
        {
            Write("lua5.4", "interpreter");
            Write("lib/libtinfo.so.6", "tinfo");
            Assert.Equal(2, ImageFileSystem.Mount(_folder, "/app"));
            Assert.True(ImageFileSystem.TryOpen(Bytes("/app/lib/libtinfo.so.6"), out ImageFile file));
            Assert.Equal("tinfo", Read(file));
            Assert.Equal(2, ImageFileSystem.Count);
            Assert.Equal("/app/lib/libtinfo.so.6", Encoding.UTF8.GetString(ImageFileSystem.PathAt(0)));
            Assert.Equal(11, ImageFileSystem.LengthAt(1));
        }

        [Fact]
        public void Mount_AtRoot_PathsStartAtSlash()
        {
            Write("lua5.4", "x");
            ImageFileSystem.Mount(_folder, "/");
            Assert.True(ImageFileSystem.TryOpen(Bytes("/lua5.4"), out _));
        }

        [Fact]
        public void Mount_Data_Is16ByteAlignedAndPathsNulTerminated()
        {
            Write("a", "1");
            Write("b/c", "22");
            ImageFileSystem.Mount(_folder, "/");
            for (int i = 0; i < ImageFileSystem.Count; i++)
            {
                ImageFileSystem.TryOpen(ImageFileSystem.PathAt(i), out ImageFile file);
                Assert.Equal(0, (long)file.Data % 16);
                fixed (byte* path = ImageFileSystem.PathAt(i))
                    Assert.Equal(0, path[ImageFileSystem.PathAt(i).Length]);
            }
        }

        [Fact]
        public void IsDirectory_MountedTree_ImpliedByFiles()
        {
            Write("lib/x86_64/libc.so.6", "c");
            ImageFileSystem.Mount(_folder, "/usr");
            Assert.True(ImageFileSystem.IsDirectory(Bytes("/")));
            Assert.True(ImageFileSystem.IsDirectory(Bytes("/usr")));
            Assert.True(ImageFileSystem.IsDirectory(Bytes("/usr/lib/x86_64")));
            Assert.False(ImageFileSystem.IsDirectory(Bytes("/usr/lib/x86_64/libc.so.6")));
            Assert.False(ImageFileSystem.IsDirectory(Bytes("/us")));
        }

        [Fact]
        public void Mount_SamePathAgain_LaterMountWins_AndEarlierDataStaysReadable()
        {
            Write("config", "old");
            ImageFileSystem.Mount(_folder, "/");
            ImageFileSystem.TryOpen(Bytes("/config"), out ImageFile before);
            Write("config", "new!");
            ImageFileSystem.Mount(_folder, "/");
            Assert.Equal(1, ImageFileSystem.Count);
            ImageFileSystem.TryOpen(Bytes("/config"), out ImageFile after);
            Assert.Equal("new!", Read(after));
            Assert.Equal("old", Read(before));
        }

        [Fact]
        public void Mount_FileWhereAFolderIs_IsRefused()
        {
            Write("lib/libc.so.6", "c");
            ImageFileSystem.Mount(_folder, "/");
            string other = Directory.CreateTempSubdirectory("osv-files-other-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(other, "lib"), "a file named lib");
                Assert.Throws<InvalidOperationException>(() => ImageFileSystem.Mount(other, "/"));
                Assert.True(ImageFileSystem.TryOpen(Bytes("/lib/libc.so.6"), out _));
            }
            finally
            {
                Directory.Delete(other, recursive: true);
            }
        }

        [Theory]
        [InlineData("relative")]
        [InlineData("/a/../b")]
        public void Mount_BadPrefix_IsRefused(string prefix)
        {
            Assert.Throws<ArgumentException>(() => ImageFileSystem.Mount(_folder, prefix));
        }

        [Fact]
        public void Mount_Archive_FilesReadInPlace()
        {
            byte[] archive = Sample();
            byte* copy = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)archive.Length);
            archive.CopyTo(new Span<byte>(copy, archive.Length));
            Assert.Equal(3, ImageFileSystem.Mount(copy, archive.Length));
            Assert.True(ImageFileSystem.TryOpen(Bytes("/lib/libtinfo.so.6"), out ImageFile file));
            Assert.Equal("tinfo", Read(file));
            Assert.True(file.Data > copy && file.Data < copy + archive.Length);
        }

        [Fact]
        public void Mount_BadArchive_IsRefusedNamingTheProblem()
        {
            byte[] archive = Sample();
            archive[0] = 0;
            fixed (byte* data = archive)
            {
                byte* start = data;
                var error = Assert.Throws<InvalidDataException>(() => ImageFileSystem.Mount(start, archive.Length));
                Assert.Contains("magic", error.Message);
            }
            Assert.Equal(0, ImageFileSystem.Count);
        }

        [Fact]
        public void Reset_ForgetsEveryMount()
        {
            Write("x", "1");
            ImageFileSystem.Mount(_folder, "/");
            ImageFileSystem.Reset();
            Assert.Equal(0, ImageFileSystem.Count);
            Assert.False(ImageFileSystem.TryOpen(Bytes("/x"), out _));
        }

        [Fact]
        public void Lookups_AllocateNothing()
        {
            Write("lib/libc.so.6", "c");
            ImageFileSystem.Mount(_folder, "/");
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    ImageFileSystem.TryOpen("/lib/libc.so.6"u8, out _);
                    ImageFileSystem.IsDirectory("/lib"u8);
                }
            });
            Assert.Equal(0, allocated);
        }
    }
}
