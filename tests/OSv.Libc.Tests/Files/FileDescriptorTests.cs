// open/read/lseek/pread/close, dup and fcntl, readv/writev, the console and /dev nodes, and
// the read-only refusals, on a folder mounted as /data in the image filesystem.
namespace OSv.Libc.Tests.Files
{
    using System;
    using System.Text;
    using OSv.Libc.Errors;
    using Xunit;
    using static Libc;

    [Collection(LibcIoCollection.Name)]
    public sealed unsafe class FileDescriptorTests : IDisposable
    {
        private const int ReadOnly = 0, WriteOnly = 1, ReadWrite = 2, Create = 0x40, Exclusive = 0x80;
        private const int SeekSet = 0, SeekCurrent = 1, SeekEnd = 2;

        private readonly MountedFolder _folder = new MountedFolder();
        private readonly delegate* unmanaged<byte*, int, int, int> _open = (delegate* unmanaged<byte*, int, int, int>)Function("open");
        private readonly delegate* unmanaged<int, int> _close = (delegate* unmanaged<int, int>)Function("close");
        private readonly delegate* unmanaged<int, byte*, nuint, long> _read = (delegate* unmanaged<int, byte*, nuint, long>)Function("read");
        private readonly delegate* unmanaged<int, byte*, nuint, long> _write = (delegate* unmanaged<int, byte*, nuint, long>)Function("write");
        private readonly delegate* unmanaged<int, long, int, long> _lseek = (delegate* unmanaged<int, long, int, long>)Function("lseek");

        public FileDescriptorTests()
        {
            _folder.AddFile("hello.txt", "Hello, image!\n");
            _folder.AddFile("sub/deeper/data.bin", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
            _folder.Mount();
        }

        public void Dispose() => _folder.Dispose();

        private int OpenReadOnly(string path) => _open(C(path), ReadOnly, 0);

        private string ReadAll(int descriptor)
        {
            byte* buffer = stackalloc byte[64];
            var text = new StringBuilder();
            long count;
            while ((count = _read(descriptor, buffer, 5)) > 0)
                text.Append(Encoding.UTF8.GetString(buffer, (int)count));
            Assert.Equal(0, count);
            return text.ToString();
        }

        [Fact]
        public void Open_ImageFile_ReadsWholeContentsThenZero()
        {
            int descriptor = OpenReadOnly("/data/hello.txt");
            Assert.True(descriptor >= 3);
            Assert.Equal("Hello, image!\n", ReadAll(descriptor));
            Assert.Equal(0, _close(descriptor));
        }

        [Fact]
        public void Open_LowestFreeDescriptor_IsReusedAfterClose()
        {
            int first = OpenReadOnly("/data/hello.txt");
            int second = OpenReadOnly("/data/hello.txt");
            Assert.Equal(first + 1, second);
            _close(first);
            Assert.Equal(first, OpenReadOnly("/data/hello.txt"));
            _close(first);
            _close(second);
        }

        [Fact]
        public void Open_RelativeAndDottedPaths_ResolveAgainstCurrentDirectory()
        {
            var chdir = (delegate* unmanaged<byte*, int>)Function("chdir");
            Assert.Equal(0, chdir(C("/data/sub")));
            try
            {
                int descriptor = OpenReadOnly("deeper/../deeper/./data.bin");
                Assert.True(descriptor >= 0);
                _close(descriptor);
                int viaRoot = OpenReadOnly("//data///sub/../hello.txt");
                Assert.Equal("Hello, image!\n", ReadAll(viaRoot));
                _close(viaRoot);
            }
            finally
            {
                Assert.Equal(0, chdir(C("/")));
            }
        }

        [Fact]
        public void Open_Missing_FailsWithEnoent()
        {
            Assert.Equal(-1, OpenReadOnly("/data/missing.txt"));
            Assert.Equal(ErrnoCodes.ENOENT, CurrentErrno);
            Assert.Equal(-1, OpenReadOnly(""));
            Assert.Equal(ErrnoCodes.ENOENT, CurrentErrno);
        }

        [Fact]
        public void Open_ForWritingOrCreating_IsRefusedByTheReadOnlyImage()
        {
            Assert.Equal(-1, _open(C("/data/hello.txt"), WriteOnly, 0));
            Assert.Equal(ErrnoCodes.EROFS, CurrentErrno);
            Assert.Equal(-1, _open(C("/data/new.txt"), WriteOnly | Create, 0x1B6));
            Assert.Equal(ErrnoCodes.EROFS, CurrentErrno);
            Assert.Equal(-1, _open(C("/data/hello.txt"), ReadWrite | Create | Exclusive, 0x1B6));
            Assert.Equal(ErrnoCodes.EEXIST, CurrentErrno);
            Assert.Equal(-1, _open(C("/data/sub"), ReadWrite, 0));
            Assert.Equal(ErrnoCodes.EISDIR, CurrentErrno);
        }

        [Fact]
        public void Lseek_SetCurrentEnd_MoveTheOffsetReadsFollow()
        {
            int descriptor = OpenReadOnly("/data/sub/deeper/data.bin");
            byte value;
            Assert.Equal(4, _lseek(descriptor, 4, SeekSet));
            Assert.Equal(1, _read(descriptor, &value, 1));
            Assert.Equal(5, value);
            Assert.Equal(7, _lseek(descriptor, 2, SeekCurrent));
            Assert.Equal(9, _lseek(descriptor, -1, SeekEnd));
            Assert.Equal(1, _read(descriptor, &value, 1));
            Assert.Equal(10, value);
            Assert.Equal(100, _lseek(descriptor, 100, SeekSet));
            Assert.Equal(0, _read(descriptor, &value, 1));
            Assert.Equal(-1, _lseek(descriptor, -1, SeekSet));
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
            Assert.Equal(-1, _lseek(descriptor, 0, 3));
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
            _close(descriptor);
        }

        [Fact]
        public void Pread_ReadsAtOffset_WithoutMovingTheFileOffset()
        {
            var pread = (delegate* unmanaged<int, byte*, nuint, long, long>)Function("pread64");
            int descriptor = OpenReadOnly("/data/sub/deeper/data.bin");
            byte* buffer = stackalloc byte[4];
            Assert.Equal(3, pread(descriptor, buffer, 3, 7));
            Assert.Equal(8, buffer[0]);
            Assert.Equal(10, buffer[2]);
            Assert.Equal(0, _lseek(descriptor, 0, SeekCurrent));
            Assert.Equal(-1, pread(descriptor, buffer, 1, -1));
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
            _close(descriptor);
        }

        [Fact]
        public void Read_BadDescriptorOrNullBuffer_FailsWithoutTouchingMemory()
        {
            byte* buffer = stackalloc byte[1];
            Assert.Equal(-1, _read(999, buffer, 1));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
            Assert.Equal(-1, _read(-5, buffer, 1));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
            int descriptor = OpenReadOnly("/data/hello.txt");
            Assert.Equal(-1, _read(descriptor, null, 4));
            Assert.Equal(ErrnoCodes.EFAULT, CurrentErrno);
            Assert.Equal(-1, _write(descriptor, buffer, 1));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
            _close(descriptor);
            Assert.Equal(-1, _close(descriptor));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
        }

        [Fact]
        public void Dup_SharesTheOffset_Dup2ReplacesTheTarget()
        {
            var dup = (delegate* unmanaged<int, int>)Function("dup");
            var dup2 = (delegate* unmanaged<int, int, int>)Function("dup2");
            int descriptor = OpenReadOnly("/data/sub/deeper/data.bin");
            int copy = dup(descriptor);
            Assert.NotEqual(descriptor, copy);
            _lseek(descriptor, 6, SeekSet);
            Assert.Equal(6, _lseek(copy, 0, SeekCurrent));
            int other = OpenReadOnly("/data/hello.txt");
            Assert.Equal(other, dup2(descriptor, other));
            Assert.Equal(6, _lseek(other, 0, SeekCurrent));
            _close(descriptor);
            byte value;
            Assert.Equal(1, _read(copy, &value, 1));
            Assert.Equal(7, value);
            Assert.Equal(-1, dup2(descriptor, 40));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
            _close(copy);
            _close(other);
        }

        [Fact]
        public void Fcntl_ReportsAccessModeAndKeepsCloseOnExecPerDescriptor()
        {
            var fcntl = (delegate* unmanaged<int, int, long, int>)Function("fcntl");
            const int getDescriptorFlags = 1, setDescriptorFlags = 2, getStatusFlags = 3, duplicateAtLeast = 0;
            int descriptor = OpenReadOnly("/data/hello.txt");
            Assert.Equal(ReadOnly, fcntl(descriptor, getStatusFlags, 0) & 3);
            Assert.Equal(WriteOnly, fcntl(1, getStatusFlags, 0) & 3);
            Assert.Equal(0, fcntl(descriptor, setDescriptorFlags, 1));
            Assert.Equal(1, fcntl(descriptor, getDescriptorFlags, 0));
            int copy = fcntl(descriptor, duplicateAtLeast, 50);
            Assert.Equal(50, copy);
            Assert.Equal(0, fcntl(copy, getDescriptorFlags, 0));
            Assert.Equal(-1, fcntl(descriptor, 12345, 0));
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
            _close(copy);
            _close(descriptor);
        }

        [Fact]
        public void Open_TableFull_FailsWithEmfileAndRecoversAfterClose()
        {
            var opened = new System.Collections.Generic.List<int>();
            int descriptor;
            while ((descriptor = OpenReadOnly("/data/hello.txt")) >= 0)
                opened.Add(descriptor);
            Assert.Equal(ErrnoCodes.EMFILE, CurrentErrno);
            Assert.Equal(OSv.Libc.Files.FileLimits.DescriptorCountMax - 3, opened.Count);
            _close(opened[0]);
            Assert.Equal(opened[0], OpenReadOnly("/data/hello.txt"));
            foreach (int each in opened)
                _close(each);
        }

        [Fact]
        public void Write_ToStdoutAndStderr_ReachesTheRedirectedConsole()
        {
            byte* text = C("out");
            Assert.Equal(3, _write(1, text, 3));
            Assert.Equal(2, _write(2, text, 2));
            Assert.Equal("out", _folder.OutputText);
            Assert.Equal("ou", _folder.ErrorText);
            Assert.Equal(-1, _lseek(1, 0, SeekCurrent));
            Assert.Equal(ErrnoCodes.ESPIPE, CurrentErrno);
        }

        [Fact]
        public void Read_FromStdin_ReturnsTheFedInputThenZero()
        {
            OSv.Libc.Files.LibcConsole.SetInput(Encoding.ASCII.GetBytes("typed"));
            byte* buffer = stackalloc byte[16];
            Assert.Equal(5, _read(0, buffer, 16));
            Assert.Equal("typed", Encoding.ASCII.GetString(buffer, 5));
            Assert.Equal(0, _read(0, buffer, 16));
        }

        [Fact]
        public void Isatty_RedirectedConsoleAndFiles_AreNotTerminals()
        {
            var isatty = (delegate* unmanaged<int, int>)Function("isatty");
            Assert.Equal(0, isatty(1));
            Assert.Equal(ErrnoCodes.ENOTTY, CurrentErrno);
            int descriptor = OpenReadOnly("/data/hello.txt");
            Assert.Equal(0, isatty(descriptor));
            Assert.Equal(ErrnoCodes.ENOTTY, CurrentErrno);
            _close(descriptor);
            Assert.Equal(0, isatty(200));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
        }

        [Fact]
        public void DevNull_SwallowsWritesAndReadsNothing()
        {
            int descriptor = _open(C("/dev/null"), ReadWrite, 0);
            byte* buffer = stackalloc byte[8];
            Assert.Equal(8, _write(descriptor, buffer, 8));
            Assert.Equal(0, _read(descriptor, buffer, 8));
            _close(descriptor);
        }

        [Fact]
        public void Readv_FillsBuffersInOrder_WritevGathersToTheConsole()
        {
            var readv = (delegate* unmanaged<int, OSv.Libc.Files.FileExports.Iovec*, int, long>)Function("readv");
            var writev = (delegate* unmanaged<int, OSv.Libc.Files.FileExports.Iovec*, int, long>)Function("writev");
            int descriptor = OpenReadOnly("/data/hello.txt");
            byte* first = stackalloc byte[5];
            byte* second = stackalloc byte[32];
            var vectors = stackalloc OSv.Libc.Files.FileExports.Iovec[2];
            vectors[0] = new OSv.Libc.Files.FileExports.Iovec { Base = first, Length = 5 };
            vectors[1] = new OSv.Libc.Files.FileExports.Iovec { Base = second, Length = 32 };
            Assert.Equal(14, readv(descriptor, vectors, 2));
            Assert.Equal("Hello", Encoding.ASCII.GetString(first, 5));
            Assert.Equal(", image!\n", Encoding.ASCII.GetString(second, 9));
            vectors[1].Length = 9;
            Assert.Equal(14, writev(1, vectors, 2));
            Assert.Equal("Hello, image!\n", _folder.OutputText);
            Assert.Equal(-1, readv(descriptor, vectors, -1));
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
            _close(descriptor);
        }

        [Fact]
        public void ChangingCalls_AreRefused_MissingPathsFirstWithEnoent()
        {
            var unlink = (delegate* unmanaged<byte*, int>)Function("unlink");
            var mkdir = (delegate* unmanaged<byte*, int, int>)Function("mkdir");
            var pipe = (delegate* unmanaged<int*, int>)Function("pipe");
            var mkstemp = (delegate* unmanaged<byte*, int>)Function("mkstemp");
            Assert.Equal(-1, unlink(C("/data/hello.txt")));
            Assert.Equal(ErrnoCodes.EROFS, CurrentErrno);
            Assert.Equal(-1, unlink(C("/data/none")));
            Assert.Equal(ErrnoCodes.ENOENT, CurrentErrno);
            Assert.Equal(-1, mkdir(C("/data/sub"), 0x1FF));
            Assert.Equal(ErrnoCodes.EEXIST, CurrentErrno);
            Assert.Equal(-1, mkdir(C("/data/newdir"), 0x1FF));
            Assert.Equal(ErrnoCodes.EROFS, CurrentErrno);
            int* ends = stackalloc int[2];
            Assert.Equal(-1, pipe(ends));
            Assert.Equal(ErrnoCodes.ENOSYS, CurrentErrno);
            Assert.Equal(-1, mkstemp(C("/tmp/xXXXXXX")));
            Assert.Equal(ErrnoCodes.EROFS, CurrentErrno);
        }

        [Fact]
        public void Access_FollowsTheReportedModes()
        {
            var access = (delegate* unmanaged<byte*, int, int>)Function("access");
            Assert.Equal(0, access(C("/data/hello.txt"), 4));
            Assert.Equal(-1, access(C("/data/hello.txt"), 2));
            Assert.Equal(ErrnoCodes.EROFS, CurrentErrno);
            Assert.Equal(-1, access(C("/data/hello.txt"), 1));
            Assert.Equal(ErrnoCodes.EACCES, CurrentErrno);
            Assert.Equal(0, access(C("/data/sub"), 5));
            Assert.Equal(-1, access(C("/data/nothing"), 0));
            Assert.Equal(ErrnoCodes.ENOENT, CurrentErrno);
        }

        [Fact]
        public void Getcwd_Chdir_TrackTheCurrentDirectory()
        {
            var getcwd = (delegate* unmanaged<byte*, nuint, byte*>)Function("getcwd");
            var chdir = (delegate* unmanaged<byte*, int>)Function("chdir");
            byte* buffer = stackalloc byte[64];
            Assert.Equal("/", FromC(getcwd(buffer, 64)));
            Assert.Equal(0, chdir(C("/data/sub/deeper")));
            try
            {
                Assert.Equal("/data/sub/deeper", FromC(getcwd(buffer, 64)));
                Assert.True(getcwd(buffer, 5) == null);
                Assert.Equal(ErrnoCodes.ERANGE, CurrentErrno);
                byte* allocated = getcwd(null, 0);
                Assert.Equal("/data/sub/deeper", FromC(allocated));
                OSv.Libc.Memory.Heap.Free(allocated);
                Assert.Equal(0, chdir(C("..")));
                Assert.Equal("/data/sub", FromC(getcwd(buffer, 64)));
                Assert.Equal(-1, chdir(C("/data/hello.txt")));
                Assert.Equal(ErrnoCodes.ENOTDIR, CurrentErrno);
                Assert.Equal(-1, chdir(C("/nowhere")));
                Assert.Equal(ErrnoCodes.ENOENT, CurrentErrno);
            }
            finally
            {
                Assert.Equal(0, chdir(C("/")));
            }
        }

        [Fact]
        public void ErrnoLocation_IsPerThread()
        {
            ClearErrno();
            OSv.Libc.Errors.Errno.Set(ErrnoCodes.EIO);
            int other = -1;
            var thread = new System.Threading.Thread(() => other = CurrentErrno);
            thread.Start();
            thread.Join();
            Assert.Equal(0, other);
            Assert.Equal(ErrnoCodes.EIO, CurrentErrno);
        }
    }
}
