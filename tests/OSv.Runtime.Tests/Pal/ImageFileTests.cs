// Reading image files through the PAL: open, read, pread, lseek, fstat/stat, directories, flock,
// file mappings, and the read-only answers (EROFS, ENOENT, EEXIST, EISDIR, EBADF, EMFILE).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using OSv.Runtime.Pal;
using Xunit;
using static OSv.Runtime.Tests.Pal.PalTestPaths;

namespace OSv.Runtime.Tests.Pal
{
    [Collection(PalDescriptorsCollection.Name)]
    public unsafe class ImageFileTests
    {
        public ImageFileTests() => EnsureMounted();

        private static nint Open(string path, int flags = FileOpen.O_RDONLY)
        {
            fixed (byte* cPath = C(path))
                return FileOpen.Open(cPath, flags, 0);
        }

        private static int StatPath(string path, out FileStatus status)
        {
            fixed (byte* cPath = C(path))
            fixed (FileStatus* output = &status)
                return FileStatusExports.Stat(cPath, output);
        }

        private static void AssertFails(int expectedErrno, long result)
        {
            Assert.Equal(-1, result);
            Assert.Equal(expectedErrno, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void Open_ThenRead_ReturnsTheFile_ThenEndOfFile()
        {
            nint fd = Open(Root + "/a.txt");
            Assert.True(fd >= 3);
            byte* buffer = stackalloc byte[64];
            int read = FileReads.Read(fd, buffer, 64);
            Assert.Equal(HelloText, Encoding.UTF8.GetString(buffer, read));
            Assert.Equal(0, FileReads.Read(fd, buffer, 64));
            Assert.Equal(0, FileOpen.Close(fd));
            AssertFails(LinuxErrno.EBADF, FileReads.Read(fd, buffer, 64));
        }

        [Fact]
        public void PathWithDotsAndRepeatedSlashes_IsResolved()
        {
            nint fd = Open(Root + "//sub/./deep/../../a.txt");
            Assert.True(fd >= 3);
            FileOpen.Close(fd);
            nint relative = Open("paltest/a.txt"); // relative to "/"
            Assert.True(relative >= 3);
            FileOpen.Close(relative);
        }

        [Fact]
        public void LSeek_And_PRead_ReadAtOffsets()
        {
            nint fd = Open(Root + "/sub/b.bin");
            byte* buffer = stackalloc byte[16];
            Assert.Equal(1000, FileReads.LSeek(fd, 1000, FileReads.SEEK_SET));
            Assert.Equal(16, FileReads.Read(fd, buffer, 16));
            Assert.Equal((byte)(1000 % 251), buffer[0]);
            Assert.Equal(1016, FileReads.LSeek(fd, 0, FileReads.SEEK_CUR));
            Assert.Equal(BinaryLength - 4, FileReads.LSeek(fd, -4, FileReads.SEEK_END));
            Assert.Equal(4, FileReads.Read(fd, buffer, 16));
            Assert.Equal(16, FileReads.PRead(fd, buffer, 16, 251));
            Assert.Equal(0, buffer[0]);
            Assert.Equal(BinaryLength, FileReads.LSeek(fd, 0, FileReads.SEEK_CUR)); // PRead left the offset
            AssertFails(LinuxErrno.EINVAL, FileReads.LSeek(fd, -1, FileReads.SEEK_SET));
            AssertFails(LinuxErrno.EINVAL, FileReads.LSeek(fd, 0, 9));
            FileOpen.Close(fd);
        }

        [Fact]
        public void FStat_And_Stat_DescribeFilesAndDirectories()
        {
            nint fd = Open(Root + "/sub/b.bin");
            FileStatus byDescriptor;
            Assert.Equal(0, FileStatusExports.FStat(fd, &byDescriptor));
            Assert.Equal(0, StatPath(Root + "/sub/b.bin", out FileStatus byPath));
            Assert.Equal(FileStatus.S_IFREG, byPath.Mode & FileStatus.S_IFMT);
            Assert.Equal(BinaryLength, byPath.Size);
            Assert.Equal(byPath.Ino, byDescriptor.Ino);
            Assert.Equal(0, StatPath(Root + "/sub", out FileStatus directory));
            Assert.Equal(FileStatus.S_IFDIR, directory.Mode & FileStatus.S_IFMT);
            Assert.Equal(0, StatPath("/", out FileStatus root));
            Assert.Equal(FileStatus.S_IFDIR, root.Mode & FileStatus.S_IFMT);
            AssertFails(LinuxErrno.ENOENT, StatPath(Root + "/nope", out _));
            FileOpen.Close(fd);
        }

        [Theory]
        [InlineData("/a.txt", FileOpen.O_WRONLY, LinuxErrno.EROFS)]
        [InlineData("/a.txt", FileOpen.O_RDWR, LinuxErrno.EROFS)]
        [InlineData("/a.txt", FileOpen.O_RDONLY | FileOpen.O_TRUNC, LinuxErrno.EROFS)]
        [InlineData("/a.txt", FileOpen.O_WRONLY | FileOpen.O_CREAT | FileOpen.O_EXCL, LinuxErrno.EEXIST)]
        [InlineData("/new.txt", FileOpen.O_WRONLY | FileOpen.O_CREAT, LinuxErrno.EROFS)]
        [InlineData("/new.txt", FileOpen.O_RDONLY, LinuxErrno.ENOENT)]
        [InlineData("/sub", FileOpen.O_RDWR, LinuxErrno.EISDIR)]
        [InlineData("/a.txt", 0x4000, LinuxErrno.EINVAL)]
        public void Open_ThatWouldWriteOrFind_Nothing_FailsLikeReadOnlyLinux(string path, int flags, int errno)
        {
            AssertFails(errno, Open(Root + path, flags));
        }

        [Fact]
        public void Directory_OpensReadOnly_ButReadingItFailsWithEisdir()
        {
            nint fd = Open(Root + "/sub");
            Assert.True(fd >= 3);
            byte* buffer = stackalloc byte[4];
            AssertFails(LinuxErrno.EISDIR, FileReads.Read(fd, buffer, 4));
            FileOpen.Close(fd);
        }

        private static List<(string Name, int Type)> List(string path)
        {
            var entries = new List<(string, int)>();
            nint dir;
            fixed (byte* cPath = C(path))
                dir = DirectoryStreams.OpenDir(cPath);
            Assert.NotEqual(0, dir);
            DirectoryEntry entry;
            while (DirectoryStreams.ReadDir(dir, &entry) == 0)
                entries.Add((Encoding.UTF8.GetString(entry.Name, entry.NameLength), entry.InodeType));
            Assert.Equal(0, DirectoryStreams.CloseDir(dir));
            return entries;
        }

        [Fact]
        public void ReadDir_ListsEachChildOnce_WithItsType()
        {
            Assert.Equal(new List<(string, int)> { ("a.txt", DirectoryStreams.DT_REG), ("sub", DirectoryStreams.DT_DIR) }, List(Root));
            Assert.Equal(new List<(string, int)>
            {
                ("b.bin", DirectoryStreams.DT_REG), ("deep", DirectoryStreams.DT_DIR), ("e.txt", DirectoryStreams.DT_REG),
            }, List(Root + "/sub/"));
            Assert.Contains(("paltest", DirectoryStreams.DT_DIR), List("/"));
        }

        [Fact]
        public void OpenDir_OfFileOrMissing_Fails()
        {
            fixed (byte* file = C(Root + "/a.txt"))
                Assert.Equal(0, DirectoryStreams.OpenDir(file));
            Assert.Equal(LinuxErrno.ENOTDIR, ThreadErrno.GetErrNo());
            fixed (byte* missing = C(Root + "/none"))
                Assert.Equal(0, DirectoryStreams.OpenDir(missing));
            Assert.Equal(LinuxErrno.ENOENT, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void FLock_ExclusiveConflictsAcrossDescriptors_UntilUnlockedOrClosed()
        {
            nint first = Open(Root + "/a.txt");
            nint second = Open(Root + "/a.txt");
            Assert.Equal(0, FileLocks.FLock(first, FileLocks.LOCK_EX | FileLocks.LOCK_NB));
            AssertFails(LinuxErrno.EAGAIN, FileLocks.FLock(second, FileLocks.LOCK_SH | FileLocks.LOCK_NB));
            Assert.Equal(0, FileLocks.FLock(first, FileLocks.LOCK_UN));
            Assert.Equal(0, FileLocks.FLock(second, FileLocks.LOCK_SH | FileLocks.LOCK_NB));
            Assert.Equal(0, FileLocks.FLock(first, FileLocks.LOCK_SH | FileLocks.LOCK_NB)); // shared with shared
            AssertFails(LinuxErrno.EAGAIN, FileLocks.FLock(first, FileLocks.LOCK_EX | FileLocks.LOCK_NB));
            FileOpen.Close(second);
            Assert.Equal(0, FileLocks.FLock(first, FileLocks.LOCK_EX | FileLocks.LOCK_NB));
            FileOpen.Close(first);
        }

        [Fact]
        public void FLock_Blocking_WaitsForTheHolder()
        {
            nint holder = Open(Root + "/a.txt");
            nint waiter = Open(Root + "/a.txt");
            Assert.Equal(0, FileLocks.FLock(holder, FileLocks.LOCK_EX));
            int result = -5;
            var thread = new System.Threading.Thread(() => result = FileLocks.FLock(waiter, FileLocks.LOCK_EX));
            thread.Start();
            Assert.False(thread.Join(50));
            FileOpen.Close(holder);
            Assert.True(thread.Join(10_000));
            Assert.Equal(0, result);
            FileOpen.Close(waiter);
        }

        [Fact]
        public void MMap_OfFile_CopiesFromThePageOffset_AndZeroFillsTheRest()
        {
            nint fd = Open(Root + "/sub/b.bin");
            nint mapping = PageMapping.MMap(0, 8192, PageMapping.PROT_READ, PageMapping.MAP_PRIVATE, fd, 4096);
            Assert.NotEqual(0, mapping);
            byte* bytes = (byte*)mapping;
            Assert.Equal((byte)(4096 % 251), bytes[0]);
            Assert.Equal((byte)((BinaryLength - 1) % 251), bytes[BinaryLength - 1 - 4096]);
            Assert.True(new Span<byte>(bytes + (BinaryLength - 4096), 8192 - (BinaryLength - 4096)).IndexOfAnyExcept((byte)0) < 0);
            Assert.Equal(0, PageMapping.MUnmap(mapping, 8192));
            Assert.Equal(0, PageMapping.MMap(0, 4096, PageMapping.PROT_READ | PageMapping.PROT_WRITE, PageMapping.MAP_SHARED, fd, 0));
            Assert.Equal(LinuxErrno.EACCES, ThreadErrno.GetErrNo());
            Assert.Equal(0, PageMapping.MMap(0, 4096, PageMapping.PROT_READ, PageMapping.MAP_PRIVATE, fd, 100));
            Assert.Equal(LinuxErrno.EINVAL, ThreadErrno.GetErrNo());
            FileOpen.Close(fd);
        }

        [Fact]
        public void Changes_FailLikeAReadOnlyMount()
        {
            fixed (byte* file = C(Root + "/a.txt"))
            fixed (byte* missing = C(Root + "/missing"))
            fixed (byte* directory = C(Root + "/sub"))
            {
                AssertFails(LinuxErrno.EROFS, ReadOnlyFileSystem.Unlink(file));
                AssertFails(LinuxErrno.ENOENT, ReadOnlyFileSystem.Unlink(missing));
                AssertFails(LinuxErrno.EEXIST, ReadOnlyFileSystem.MkDir(directory, 0x1FF));
                AssertFails(LinuxErrno.EROFS, ReadOnlyFileSystem.MkDir(missing, 0x1FF));
                AssertFails(LinuxErrno.EROFS, ReadOnlyFileSystem.RmDir(directory));
                AssertFails(LinuxErrno.EROFS, ReadOnlyFileSystem.Rename(file, missing));
                AssertFails(LinuxErrno.EROFS, ReadOnlyFileSystem.ChMod(file, 0x1FF));
                AssertFails(LinuxErrno.EROFS, FileStatusExports.Access(file, FileStatusExports.W_OK));
                Assert.Equal(0, FileStatusExports.Access(file, FileStatusExports.R_OK));
                AssertFails(LinuxErrno.EACCES, FileStatusExports.Access(file, FileStatusExports.X_OK));
                AssertFails(LinuxErrno.EINVAL, FileStatusExports.ReadLink(file, null, 0));
            }
            nint fd = Open(Root + "/a.txt");
            byte one = 1;
            AssertFails(LinuxErrno.EBADF, ReadOnlyFileSystem.PWrite(fd, &one, 1, 0));
            AssertFails(LinuxErrno.EBADF, ConsolePal.Write(fd, &one, 1));
            AssertFails(LinuxErrno.EINVAL, ReadOnlyFileSystem.FTruncate(fd, 0));
            Assert.Equal(0, ReadOnlyFileSystem.FSync(fd));
            Assert.Equal(0, ReadOnlyFileSystem.PosixFAdvise(fd, 0, 0, 2));
            Assert.Equal(FileStatusExports.ImageFileSystemType, FileStatusExports.GetFileSystemType(fd));
            FileOpen.Close(fd);
        }

        [Fact]
        public void Dup_OfFile_ReadsTheSameFile()
        {
            nint fd = Open(Root + "/a.txt");
            nint copy = ConsolePal.Dup(fd);
            Assert.NotEqual(fd, copy);
            byte* buffer = stackalloc byte[64];
            Assert.Equal(HelloText.Length, FileReads.Read(copy, buffer, 64));
            FileOpen.Close(fd);
            FileOpen.Close(copy);
        }

        [Fact]
        public void OpeningPastTheTable_FailsWithEmfile_AndClosingFreesIt()
        {
            var opened = new List<nint>();
            nint fd;
            while ((fd = Open(Root + "/a.txt")) >= 0)
                opened.Add(fd);
            Assert.Equal(LinuxErrno.EMFILE, ThreadErrno.GetErrNo());
            Assert.True(opened.Count > PalLimits.FileDescriptorsMax - 16);
            foreach (nint each in opened)
                Assert.Equal(0, FileOpen.Close(each));
            fd = Open(Root + "/a.txt");
            Assert.Equal(opened[0], fd); // the lowest free number again
            FileOpen.Close(fd);
        }
    }
}
