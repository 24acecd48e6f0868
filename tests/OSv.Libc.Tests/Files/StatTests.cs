// stat/fstat/fstatat and glibc's versioned __xstat entry points: the struct layout is checked
// against the host glibc's (compiled probe), then the values our nodes report.
namespace OSv.Libc.Tests.Files
{
    using System;
    using OSv.Libc.Errors;
    using OSv.Libc.Files;
    using Xunit;
    using static Libc;

    [Collection(LibcIoCollection.Name)]
    public sealed unsafe class StatTests : IDisposable
    {
        private const uint TypeMask = 0xF000, Regular = 0x8000, Directory = 0x4000, CharacterDevice = 0x2000;

        private readonly MountedFolder _folder = new MountedFolder();
        private readonly delegate* unmanaged<byte*, byte*, int> _stat = (delegate* unmanaged<byte*, byte*, int>)Function("stat");
        private readonly byte* _buffer = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(StatLayout.SizeBytes);

        public StatTests()
        {
            _folder.AddFile("lib/libx.so", new byte[1000]);
            _folder.Mount();
        }

        public void Dispose() => _folder.Dispose();

        private uint Mode => *(uint*)(_buffer + StatLayout.ModeOffset);

        private long Size => *(long*)(_buffer + StatLayout.SizeOffset);

        private ulong Inode => *(ulong*)(_buffer + StatLayout.InodeOffset);

        [Fact]
        public void StatLayout_MatchesHostGlibc()
        {
            string probe = HostC.CompileAndRun(
                "#include <stdio.h>\n#include <stddef.h>\n#include <sys/stat.h>\n" +
                "int main(void){printf(\"%zu %zu %zu %zu %zu %zu %zu %zu\", sizeof(struct stat), offsetof(struct stat, st_dev)," +
                " offsetof(struct stat, st_ino), offsetof(struct stat, st_nlink), offsetof(struct stat, st_mode)," +
                " offsetof(struct stat, st_size), offsetof(struct stat, st_blksize), offsetof(struct stat, st_blocks)); return 0;}\n");
            string expected = string.Join(' ', StatLayout.SizeBytes, StatLayout.DeviceOffset, StatLayout.InodeOffset,
                StatLayout.LinkCountOffset, StatLayout.ModeOffset, StatLayout.SizeOffset, StatLayout.BlockSizeOffset,
                StatLayout.BlocksOffset);
            Assert.Equal(expected, probe);
        }

        [Fact]
        public void Stat_ImageFile_IsReadOnlyRegularWithItsSize()
        {
            Assert.Equal(0, _stat(C("/data/lib/libx.so"), _buffer));
            Assert.Equal(Regular, Mode & TypeMask);
            Assert.Equal(0x124u, Mode & 0xFFF);
            Assert.Equal(1000, Size);
            Assert.Equal(2, *(long*)(_buffer + StatLayout.BlocksOffset));
        }

        [Fact]
        public void Stat_ImpliedDirectoryAndDevices_HaveTheirTypes()
        {
            Assert.Equal(0, _stat(C("/data/lib"), _buffer));
            Assert.Equal(Directory, Mode & TypeMask);
            Assert.Equal(0, _stat(C("/"), _buffer));
            Assert.Equal(Directory, Mode & TypeMask);
            Assert.Equal(0, _stat(C("/dev/null"), _buffer));
            Assert.Equal(CharacterDevice, Mode & TypeMask);
            Assert.Equal(-1, _stat(C("/data/li"), _buffer));
            Assert.Equal(ErrnoCodes.ENOENT, CurrentErrno);
        }

        [Fact]
        public void Fstat_AndStat_AgreeOnTheInode()
        {
            var fstat = (delegate* unmanaged<int, byte*, int>)Function("fstat");
            var open = (delegate* unmanaged<byte*, int, int, int>)Function("open");
            int descriptor = open(C("/data/lib/libx.so"), 0, 0);
            Assert.Equal(0, fstat(descriptor, _buffer));
            ulong viaDescriptor = Inode;
            Assert.Equal(0, _stat(C("/data/lib/../lib/libx.so"), _buffer));
            Assert.Equal(viaDescriptor, Inode);
            Assert.Equal(0, fstat(1, _buffer));
            Assert.Equal(CharacterDevice, Mode & TypeMask);
            Assert.Equal(-1, fstat(descriptor, null));
            Assert.Equal(ErrnoCodes.EFAULT, CurrentErrno);
            ((delegate* unmanaged<int, int>)Function("close"))(descriptor);
            Assert.Equal(-1, fstat(descriptor, _buffer));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
        }

        [Fact]
        public void VersionedStat_AcceptsGlibcVersionsOnly()
        {
            var xstat = (delegate* unmanaged<int, byte*, byte*, int>)Function("__xstat");
            var fxstat = (delegate* unmanaged<int, int, byte*, int>)Function("__fxstat64");
            Assert.Equal(0, xstat(1, C("/data/lib/libx.so"), _buffer));
            Assert.Equal(1000, Size);
            Assert.Equal(0, fxstat(1, 2, _buffer));
            Assert.Equal(-1, xstat(3, C("/data/lib/libx.so"), _buffer));
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
        }

        [Fact]
        public void Fstatat_CurrentDirectoryAndEmptyPath()
        {
            var fstatat = (delegate* unmanaged<int, byte*, byte*, int, int>)Function("fstatat");
            const int currentDirectory = -100, emptyPath = 0x1000;
            Assert.Equal(0, fstatat(currentDirectory, C("data/lib/libx.so"), _buffer, 0));
            Assert.Equal(1000, Size);
            Assert.Equal(0, fstatat(0, C(""), _buffer, emptyPath));
            Assert.Equal(CharacterDevice, Mode & TypeMask);
            Assert.Equal(-1, fstatat(77, C("relative"), _buffer, 0));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
        }
    }
}
