// opendir/readdir/closedir over directories implied by the image's file paths; the dirent
// layout is checked against the host glibc's.
namespace OSv.Libc.Tests.Files
{
    using System;
    using System.Collections.Generic;
    using OSv.Libc.Errors;
    using OSv.Libc.Files;
    using Xunit;
    using static Libc;

    [Collection(LibcIoCollection.Name)]
    public sealed unsafe class DirectoryTests : IDisposable
    {
        private readonly MountedFolder _folder = new MountedFolder();
        private readonly delegate* unmanaged<byte*, byte*> _opendir = (delegate* unmanaged<byte*, byte*>)Function("opendir");
        private readonly delegate* unmanaged<byte*, byte*> _readdir = (delegate* unmanaged<byte*, byte*>)Function("readdir64");
        private readonly delegate* unmanaged<byte*, int> _closedir = (delegate* unmanaged<byte*, int>)Function("closedir");

        public DirectoryTests()
        {
            _folder.AddFile("top.txt", "t");
            _folder.AddFile("lib/a.so", "a");
            _folder.AddFile("lib/b.so", "b");
            _folder.AddFile("lib/lua/5.4/x.lua", "x");
            _folder.Mount();
        }

        public void Dispose() => _folder.Dispose();

        private SortedSet<string> List(string path, out byte* directory)
        {
            directory = _opendir(C(path));
            Assert.True(directory != null, "opendir " + path);
            var names = new SortedSet<string>(StringComparer.Ordinal);
            byte* entry;
            while ((entry = _readdir(directory)) != null)
                names.Add(FromC(entry + DirectoryStreams.DirentNameOffset) + (entry[18] == DirectoryStreams.TypeDirectory ? "/" : ""));
            return names;
        }

        [Fact]
        public void DirentLayout_MatchesHostGlibc()
        {
            string probe = HostC.CompileAndRun(
                "#define _GNU_SOURCE\n#include <stdio.h>\n#include <stddef.h>\n#include <dirent.h>\n" +
                "int main(void){printf(\"%zu %zu %zu %d %d\", sizeof(struct dirent64), offsetof(struct dirent64, d_name)," +
                " offsetof(struct dirent64, d_type), DT_DIR, DT_REG); return 0;}\n");
            Assert.Equal(string.Join(' ', DirectoryStreams.DirentBytes, DirectoryStreams.DirentNameOffset, 18,
                DirectoryStreams.TypeDirectory, DirectoryStreams.TypeRegular), probe);
        }

        [Fact]
        public void Readdir_ListsEachChildOnce_WithDotEntriesAndTypes()
        {
            Assert.Equal(new[] { "../", "./", "lib/", "top.txt" }, List("/data", out byte* directory));
            Assert.Equal(0, _closedir(directory));
            Assert.Equal(new[] { "../", "./", "a.so", "b.so", "lua/" }, List("/data/lib", out directory));
            ((delegate* unmanaged<byte*, void>)Function("rewinddir"))(directory);
            Assert.Equal(".", FromC(_readdir(directory) + DirectoryStreams.DirentNameOffset));
            _closedir(directory);
            Assert.Contains("data/", List("/", out directory));
            _closedir(directory);
        }

        [Fact]
        public void Opendir_OnFilesAndMissingPaths_Fails()
        {
            Assert.True(_opendir(C("/data/top.txt")) == null);
            Assert.Equal(ErrnoCodes.ENOTDIR, CurrentErrno);
            Assert.True(_opendir(C("/data/none")) == null);
            Assert.Equal(ErrnoCodes.ENOENT, CurrentErrno);
            byte* fake = stackalloc byte[64];
            new Span<byte>(fake, 64).Clear();
            Assert.True(_readdir(fake) == null);
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
            Assert.Equal(-1, _closedir(fake));
        }
    }
}
