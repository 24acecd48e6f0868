// stdin, stdout and stderr on the (redirected) console: buffering modes, perror, freopen, and
// the formatted entry points the variadic shims call with a va_list.
namespace OSv.Libc.Tests.Stdio
{
    using System;
    using System.Text;
    using OSv.Libc.Abi;
    using OSv.Libc.Tests.Files;
    using Xunit;
    using static OSv.Libc.Tests.Files.Libc;

    [Collection(LibcIoCollection.Name)]
    public sealed unsafe class StandardStreamTests : IDisposable
    {
        private readonly MountedFolder _folder = new MountedFolder();
        private readonly byte* _stdout = *(byte**)Function("stdout");
        private readonly byte* _stderr = *(byte**)Function("stderr");
        private readonly delegate* unmanaged<byte*, byte*, int> _fputs = (delegate* unmanaged<byte*, byte*, int>)Function("fputs");
        private readonly delegate* unmanaged<byte*, int> _fflush = (delegate* unmanaged<byte*, int>)Function("fflush");

        public StandardStreamTests()
        {
            _folder.AddFile("numbers.txt", "12 -34 x");
            _folder.Mount();
        }

        public void Dispose() => _folder.Dispose();

        // A va_list whose register area is used up, so every argument comes from `stack`.
        private static VaList StackArguments(ulong* stack) => new VaList
        {
            GeneralOffset = VaList.GeneralRegisterAreaBytes,
            FloatOffset = VaList.RegisterSaveAreaBytes,
            OverflowArea = (byte*)stack,
            RegisterSaveArea = null,
        };

        [Fact]
        public void Stdout_NotATerminal_IsFullyBufferedUntilFflush()
        {
            Assert.Equal(1, _fputs(C("no newline flush\n"), _stdout));
            Assert.Equal("", _folder.OutputText);
            Assert.Equal(0, _fflush(_stdout));
            Assert.Equal("no newline flush\n", _folder.OutputText);
        }

        [Fact]
        public void Stderr_IsUnbuffered()
        {
            _fputs(C("at once"), _stderr);
            Assert.Equal("at once", _folder.ErrorText);
            ((delegate* unmanaged<int, byte*, int>)Function("fputc"))('!', _stderr);
            Assert.Equal("at once!", _folder.ErrorText);
        }

        [Fact]
        public void Puts_AppendsNewline_AndReturnsTheCount()
        {
            var puts = (delegate* unmanaged<byte*, int>)Function("puts");
            Assert.Equal(6, puts(C("hello")));
            ((delegate* unmanaged<int, int>)Function("putchar"))('x');
            _fflush(null);
            Assert.Equal("hello\nx", _folder.OutputText);
        }

        [Fact]
        public void Perror_WritesPrefixAndGlibcMessage_AndKeepsErrno()
        {
            var perror = (delegate* unmanaged<byte*, void>)Function("perror");
            ((delegate* unmanaged<byte*, int, int, int>)Function("open"))(C("/data/absent"), 0, 0);
            perror(C("open"));
            perror(null);
            Assert.Equal(OSv.Libc.Errors.ErrnoCodes.ENOENT, CurrentErrno);
            OSv.Libc.Errors.Errno.Set(4242);
            perror(C(""));
            Assert.Equal("open: No such file or directory\nNo such file or directory\nUnknown error 4242\n", _folder.ErrorText);
        }

        [Fact]
        public void Getchar_ReadsFedInput_AndFlushesALineBufferedPrompt()
        {
            OSv.Libc.Files.LibcConsole.SetInput(Encoding.ASCII.GetBytes("y\n"));
            ((delegate* unmanaged<byte*, byte*, int, nuint, int>)Function("setvbuf"))(_stdout, null, 1, 0);
            _fputs(C("continue? "), _stdout);
            Assert.Equal("", _folder.OutputText);
            var getchar = (delegate* unmanaged<int>)Function("getchar");
            Assert.Equal('y', getchar());
            Assert.Equal("continue? ", _folder.OutputText);
            Assert.Equal('\n', getchar());
            Assert.Equal(-1, getchar());
        }

        [Fact]
        public void Setvbuf_Unbuffered_WritesEachCall_BadModeIsRefused()
        {
            var setvbuf = (delegate* unmanaged<byte*, byte*, int, nuint, int>)Function("setvbuf");
            Assert.NotEqual(0, setvbuf(_stdout, null, 9, 0));
            Assert.Equal(0, setvbuf(_stdout, null, 2, 0));
            _fputs(C("raw"), _stdout);
            Assert.Equal("raw", _folder.OutputText);
        }

        [Fact]
        public void Setvbuf_CallersBuffer_IsUsedForOutput()
        {
            var setvbuf = (delegate* unmanaged<byte*, byte*, int, nuint, int>)Function("setvbuf");
            byte* buffer = stackalloc byte[8];
            Assert.Equal(0, setvbuf(_stdout, buffer, 0, 8));
            _fputs(C("1234567"), _stdout);
            Assert.Equal("1234567", Encoding.ASCII.GetString(buffer, 7));
            Assert.Equal("", _folder.OutputText);
            _fputs(C("89"), _stdout);
            Assert.Equal("12345678", _folder.OutputText);
            _fflush(_stdout);
            Assert.Equal("123456789", _folder.OutputText);
        }

        [Fact]
        public void Freopen_Stdin_ReadsTheFileOnDescriptorZero()
        {
            var freopen = (delegate* unmanaged<byte*, byte*, byte*, byte*>)Function("freopen");
            var open = (delegate* unmanaged<byte*, int, int, int>)Function("open");
            var dup2 = (delegate* unmanaged<int, int, int>)Function("dup2");
            var close = (delegate* unmanaged<int, int>)Function("close");
            byte* stdin = *(byte**)Function("stdin");
            try
            {
                Assert.True(freopen(C("/data/numbers.txt"), C("r"), stdin) == stdin);
                Assert.Equal(0, ((delegate* unmanaged<byte*, int>)Function("fileno"))(stdin));
                Assert.Equal('1', ((delegate* unmanaged<int>)Function("getchar"))());
            }
            finally
            {
                int console = open(C("/dev/stdin"), 0, 0);
                Assert.Equal(0, dup2(console, 0));
                close(console);
            }
        }

        [Fact]
        public void Vfprintf_FormatsIntoTheStream()
        {
            var vfprintf = (delegate* unmanaged<byte*, byte*, VaList*, int>)Function("vfprintf");
            ulong* stack = stackalloc ulong[2];
            stack[0] = 42;
            stack[1] = (ulong)C("hi");
            VaList arguments = StackArguments(stack);
            Assert.Equal(7, vfprintf(_stdout, C("x=%d %s"), &arguments));
            _fflush(_stdout);
            Assert.Equal("x=42 hi", _folder.OutputText);
        }

        private sealed class CountingStream : System.IO.MemoryStream
        {
            public int Writes { get; private set; }

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                Writes++;
                base.Write(buffer);
            }
        }

        [Fact]
        public void VfprintfAndPerror_OnUnbufferedStderr_AreOneWriteEach()
        {
            var error = new CountingStream();
            OSv.Libc.Files.LibcConsole.SetOutput(_folder.Output, error);
            var vfprintf = (delegate* unmanaged<byte*, byte*, VaList*, int>)Function("vfprintf");
            ulong* stack = stackalloc ulong[2];
            stack[0] = 7;
            stack[1] = (ulong)C("bad");
            VaList arguments = StackArguments(stack);
            Assert.Equal(19, vfprintf(_stderr, C("error %d: %s input\n"), &arguments));
            Assert.Equal(1, error.Writes);
            OSv.Libc.Errors.Errno.Set(OSv.Libc.Errors.ErrnoCodes.EBADF);
            ((delegate* unmanaged<byte*, void>)Function("perror"))(C("lua"));
            Assert.Equal(2, error.Writes);
            Assert.Equal("error 7: bad input\nlua: Bad file descriptor\n", Encoding.UTF8.GetString(error.ToArray()));
        }

        [Fact]
        public void Vdprintf_WritesStraightToTheDescriptor()
        {
            var vdprintf = (delegate* unmanaged<int, byte*, VaList*, int>)Function("vdprintf");
            ulong* stack = stackalloc ulong[1];
            stack[0] = unchecked((ulong)-5L);
            VaList arguments = StackArguments(stack);
            Assert.Equal(5, vdprintf(2, C("[%d]\n"), &arguments));
            Assert.Equal("[-5]\n", _folder.ErrorText);
            Assert.Equal(-1, vdprintf(99, C("x"), &arguments));
        }

        [Fact]
        public void Vfscanf_ReadsNumbers_AndLeavesTheRestUnread()
        {
            var vfscanf = (delegate* unmanaged<byte*, byte*, VaList*, int>)Function("__isoc99_vfscanf");
            byte* file = ((delegate* unmanaged<byte*, byte*, byte*>)Function("fopen"))(C("/data/numbers.txt"), C("r"));
            int* values = stackalloc int[2];
            ulong* stack = stackalloc ulong[2];
            stack[0] = (ulong)values;
            stack[1] = (ulong)(values + 1);
            VaList arguments = StackArguments(stack);
            Assert.Equal(2, vfscanf(file, C("%d %d"), &arguments));
            Assert.Equal(12, values[0]);
            Assert.Equal(-34, values[1]);
            Assert.Equal(' ', ((delegate* unmanaged<byte*, int>)Function("fgetc"))(file));
            ((delegate* unmanaged<byte*, int>)Function("fclose"))(file);
        }
    }
}
