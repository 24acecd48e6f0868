// FILE streams over image files and tmpfile: reading, writing, positioning, ungetc, fgets and
// getline, through the exported C functions.
namespace OSv.Libc.Tests.Stdio
{
    using System;
    using System.Text;
    using OSv.Libc.Errors;
    using OSv.Libc.Tests.Files;
    using Xunit;
    using static OSv.Libc.Tests.Files.Libc;

    [Collection(LibcIoCollection.Name)]
    public sealed unsafe class StreamTests : IDisposable
    {
        private const int EndOfFile = -1, SeekSet = 0, SeekCurrent = 1, SeekEnd = 2;
        private static readonly string LongLine = new string('x', 10_000);

        private readonly MountedFolder _folder = new MountedFolder();
        private readonly delegate* unmanaged<byte*, byte*, byte*> _fopen = (delegate* unmanaged<byte*, byte*, byte*>)Function("fopen");
        private readonly delegate* unmanaged<byte*, int> _fclose = (delegate* unmanaged<byte*, int>)Function("fclose");
        private readonly delegate* unmanaged<byte*, int> _fgetc = (delegate* unmanaged<byte*, int>)Function("fgetc");
        private readonly delegate* unmanaged<int, byte*, int> _fputc = (delegate* unmanaged<int, byte*, int>)Function("fputc");
        private readonly delegate* unmanaged<int, byte*, int> _ungetc = (delegate* unmanaged<int, byte*, int>)Function("ungetc");
        private readonly delegate* unmanaged<byte*, long, int, int> _fseek = (delegate* unmanaged<byte*, long, int, int>)Function("fseek");
        private readonly delegate* unmanaged<byte*, long> _ftell = (delegate* unmanaged<byte*, long>)Function("ftell");
        private readonly delegate* unmanaged<byte*, int> _feof = (delegate* unmanaged<byte*, int>)Function("feof");
        private readonly delegate* unmanaged<byte*, int, byte*, byte*> _fgets = (delegate* unmanaged<byte*, int, byte*, byte*>)Function("fgets");
        private readonly delegate* unmanaged<byte*, nuint, nuint, byte*, nuint> _fread = (delegate* unmanaged<byte*, nuint, nuint, byte*, nuint>)Function("fread");
        private readonly delegate* unmanaged<byte*, nuint, nuint, byte*, nuint> _fwrite = (delegate* unmanaged<byte*, nuint, nuint, byte*, nuint>)Function("fwrite");
        private readonly delegate* unmanaged<byte*> _tmpfile = (delegate* unmanaged<byte*>)Function("tmpfile");

        public StreamTests()
        {
            _folder.AddFile("abc.txt", "abcdef");
            _folder.AddFile("lines.txt", "one\ntwo\n\n" + LongLine + "\nlast");
            var big = new byte[3 * OSv.Libc.Stdio.StdioStream.BufferBytes + 17];
            for (int i = 0; i < big.Length; i++)
                big[i] = (byte)(i * 7);
            _folder.AddFile("big.bin", big);
            _folder.Mount();
        }

        public void Dispose() => _folder.Dispose();

        private byte* Open(string path, string mode = "r") => _fopen(C(path), C(mode));

        [Fact]
        public void Fgetc_ReadsEveryByte_ThenEofIsSticky()
        {
            byte* file = Open("/data/abc.txt");
            var text = new StringBuilder();
            int c;
            while ((c = _fgetc(file)) != EndOfFile)
                text.Append((char)c);
            Assert.Equal("abcdef", text.ToString());
            Assert.Equal(1, _feof(file));
            Assert.Equal(EndOfFile, _fgetc(file));
            ((delegate* unmanaged<byte*, void>)Function("clearerr"))(file);
            Assert.Equal(0, _feof(file));
            Assert.Equal(0, _fclose(file));
        }

        [Fact]
        public void Fopen_Refusals_SetErrno()
        {
            Assert.True(Open("/data/missing") == null);
            Assert.Equal(ErrnoCodes.ENOENT, CurrentErrno);
            Assert.True(Open("/data/abc.txt", "w") == null);
            Assert.Equal(ErrnoCodes.EROFS, CurrentErrno);
            Assert.True(Open("/data/abc.txt", "q") == null);
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
        }

        [Fact]
        public void ForeignFilePointer_IsRefusedWithEbadf()
        {
            byte* fake = stackalloc byte[256];
            Assert.Equal(EndOfFile, _fclose(fake));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
            Assert.Equal(EndOfFile, _fgetc(fake));
            Assert.Equal(EndOfFile, _fclose(null));
            byte* file = Open("/data/abc.txt");
            Assert.Equal(EndOfFile, _fgetc(file + 8));
            Assert.Equal(0, _fclose(file));
            Assert.Equal(EndOfFile, _fclose(file));
            Assert.Equal(ErrnoCodes.EBADF, CurrentErrno);
        }

        [Fact]
        public void Fread_AcrossBufferRefills_MatchesTheFile()
        {
            byte* file = Open("/data/big.bin");
            var expected = System.IO.File.ReadAllBytes(System.IO.Path.Combine(_folder.HostPath, "big.bin"));
            var actual = new byte[expected.Length + 10];
            fixed (byte* destination = actual)
            {
                Assert.Equal((nuint)3, _fread(destination, 1, 3, file));
                Assert.Equal((nuint)(expected.Length - 3) / 2, _fread(destination + 3, 2, (nuint)(expected.Length - 3) / 2 + 5, file));
            }
            Assert.Equal(expected.AsSpan(0, expected.Length - 1).ToArray(), actual.AsSpan(0, expected.Length - 1).ToArray());
            Assert.Equal(1, _feof(file));
            _fclose(file);
        }

        [Fact]
        public void Fseek_Ftell_TrackThePositionThroughTheBuffer()
        {
            byte* file = Open("/data/big.bin");
            byte* chunk = stackalloc byte[100];
            _fread(chunk, 1, 100, file);
            Assert.Equal(100, _ftell(file));
            Assert.Equal(0, _fseek(file, -40, SeekCurrent));
            Assert.Equal(60, _ftell(file));
            Assert.Equal(unchecked((byte)(60 * 7)), _fgetc(file));
            Assert.Equal(0, _fseek(file, -1, SeekEnd));
            int length = 3 * OSv.Libc.Stdio.StdioStream.BufferBytes + 17;
            Assert.Equal(length - 1, _ftell(file));
            Assert.Equal((byte)((length - 1) * 7), _fgetc(file));
            Assert.Equal(EndOfFile, _fgetc(file));
            Assert.Equal(0, _fseek(file, 5000, SeekSet));
            Assert.Equal(0, _feof(file));
            Assert.Equal(unchecked((byte)(5000 * 7)), _fgetc(file));
            Assert.Equal(-1, _fseek(file, -1, SeekSet));
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
            Assert.Equal(-1, _fseek(file, 0, 7));
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
            _fclose(file);
        }

        [Fact]
        public void Ungetc_PushesBackInOrder_AndMovesFtell()
        {
            byte* file = Open("/data/abc.txt");
            Assert.Equal('a', _fgetc(file));
            Assert.Equal('b', _fgetc(file));
            Assert.Equal('Z', _ungetc('Z', file));
            Assert.Equal('Y', _ungetc('Y', file));
            Assert.Equal(0, _ftell(file));
            Assert.Equal('Y', _fgetc(file));
            Assert.Equal('Z', _fgetc(file));
            Assert.Equal('c', _fgetc(file));
            Assert.Equal(EndOfFile, _ungetc(EndOfFile, file));
            Assert.Equal('c', _ungetc('c', file));
            Assert.Equal(2, _ftell(file));
            _fclose(file);
        }

        [Fact]
        public void Ungetc_AtEof_ClearsEofAndIsReadBack()
        {
            byte* file = Open("/data/abc.txt");
            while (_fgetc(file) != EndOfFile)
            {
            }
            Assert.Equal('!', _ungetc('!', file));
            Assert.Equal(0, _feof(file));
            Assert.Equal('!', _fgetc(file));
            Assert.Equal(EndOfFile, _fgetc(file));
            _fclose(file);
        }

        [Fact]
        public void Ungetc_BeyondThePushbackArea_Fails()
        {
            byte* file = Open("/data/abc.txt");
            int accepted = 0;
            while (accepted < 1000 && _ungetc('q', file) == 'q')
                accepted++;
            Assert.Equal(OSv.Libc.Stdio.FileLayout.PushbackBytes, accepted);
            _fclose(file);
        }

        [Fact]
        public void Fgets_SplitsLongLines_KeepsNewlines_AndHandlesTheLastLine()
        {
            byte* file = Open("/data/lines.txt");
            byte* line = stackalloc byte[16];
            Assert.Equal("one\n", FromC(_fgets(line, 16, file)));
            Assert.Equal("tw", FromC(_fgets(line, 3, file)));
            Assert.Equal("o\n", FromC(_fgets(line, 16, file)));
            Assert.Equal("\n", FromC(_fgets(line, 16, file)));
            Assert.True(_fgets(line, 1, file) == line);
            Assert.Equal(0, line[0]);
            Assert.True(_fgets(line, 0, file) == null);
            int pieces = 0;
            while (FromC(_fgets(line, 16, file)) is string piece && piece != "<null>" && !piece.EndsWith('\n'))
                pieces++;
            Assert.Equal(10_000 / 15, pieces);
            Assert.Equal("last", FromC(_fgets(line, 16, file)));
            line[0] = (byte)'?';
            Assert.True(_fgets(line, 16, file) == null);
            Assert.Equal((byte)'?', line[0]);
            _fclose(file);
        }

        [Fact]
        public void Getline_GrowsTheCallersBuffer_AndReturnsMinusOneAtEnd()
        {
            var getline = (delegate* unmanaged<byte**, nuint*, byte*, long>)Function("getline");
            var getdelim = (delegate* unmanaged<byte**, nuint*, int, byte*, long>)Function("getdelim");
            byte* file = Open("/data/lines.txt");
            byte* line = null;
            nuint capacity = 0;
            Assert.Equal(4, getline(&line, &capacity, file));
            Assert.Equal("one\n", FromC(line));
            Assert.True(capacity >= 5);
            Assert.Equal(3, getdelim(&line, &capacity, 'o', file));
            Assert.Equal("two", FromC(line));
            Assert.Equal(1, getline(&line, &capacity, file));
            Assert.Equal(1, getline(&line, &capacity, file));
            Assert.Equal(10_001, getline(&line, &capacity, file));
            Assert.True(capacity >= 10_002);
            Assert.Equal(LongLine + "\n", FromC(line));
            Assert.Equal(4, getline(&line, &capacity, file));
            Assert.Equal("last", FromC(line));
            Assert.Equal(-1, getline(&line, &capacity, file));
            Assert.Equal(-1, getline(null, &capacity, file));
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
            OSv.Libc.Memory.Heap.Free(line);
            _fclose(file);
        }

        [Fact]
        public void Tmpfile_WriteRewindRead_RoundTripsMoreThanABuffer()
        {
            byte* file = _tmpfile();
            Assert.True(file != null);
            var data = new byte[OSv.Libc.Stdio.StdioStream.BufferBytes * 2 + 123];
            new Random(5).NextBytes(data);
            fixed (byte* source = data)
                Assert.Equal((nuint)data.Length, _fwrite(source, 1, (nuint)data.Length, file));
            Assert.Equal('!', _fputc('!', file));
            Assert.Equal(data.Length + 1, _ftell(file));
            ((delegate* unmanaged<byte*, void>)Function("rewind"))(file);
            var back = new byte[data.Length + 1];
            fixed (byte* destination = back)
                Assert.Equal((nuint)back.Length, _fread(destination, 1, (nuint)back.Length, file));
            Assert.Equal(data, back.AsSpan(0, data.Length).ToArray());
            Assert.Equal((byte)'!', back[^1]);
            Assert.Equal(0, _fclose(file));
        }

        [Fact]
        public void ReadThenWrite_OnAnUpdateStream_WritesAtTheReadPosition()
        {
            byte* file = _tmpfile();
            byte* text = C("0123456789");
            _fwrite(text, 1, 10, file);
            _fseek(file, 0, SeekSet);
            Assert.Equal('0', _fgetc(file));
            Assert.Equal('1', _fgetc(file));
            _fseek(file, 0, SeekCurrent);
            Assert.Equal('X', _fputc('X', file));
            _fseek(file, 0, SeekSet);
            byte* back = stackalloc byte[11];
            Assert.Equal((nuint)10, _fread(back, 1, 10, file));
            back[10] = 0;
            Assert.Equal("01X3456789", FromC(back));
            _fclose(file);
        }

        [Fact]
        public void Fgetpos_Fsetpos_ReturnToTheSavedPlace()
        {
            var fgetpos = (delegate* unmanaged<byte*, long*, int>)Function("fgetpos");
            var fsetpos = (delegate* unmanaged<byte*, long*, int>)Function("fsetpos");
            byte* file = Open("/data/abc.txt");
            long* position = stackalloc long[2];
            _fgetc(file);
            _fgetc(file);
            Assert.Equal(0, fgetpos(file, position));
            Assert.Equal(2, position[0]);
            Assert.Equal('c', _fgetc(file));
            _fgetc(file);
            Assert.Equal(0, fsetpos(file, position));
            Assert.Equal('c', _fgetc(file));
            _fclose(file);
        }

        [Fact]
        public void Fileno_Fdopen_ShareTheDescriptor()
        {
            var fileno = (delegate* unmanaged<byte*, int>)Function("fileno");
            var fdopen = (delegate* unmanaged<int, byte*, byte*>)Function("fdopen");
            var open = (delegate* unmanaged<byte*, int, int, int>)Function("open");
            int descriptor = open(C("/data/abc.txt"), 0, 0);
            Assert.True(fdopen(descriptor, C("w")) == null);
            Assert.Equal(ErrnoCodes.EINVAL, CurrentErrno);
            byte* file = fdopen(descriptor, C("r"));
            Assert.Equal(descriptor, fileno(file));
            Assert.Equal('a', _fgetc(file));
            Assert.Equal(0, _fclose(file));
            Assert.Equal(-1, ((delegate* unmanaged<int, int>)Function("close"))(descriptor));
        }

        [Fact]
        public void FortifiedReads_RefuseRequestsLargerThanTheBuffer()
        {
            var freadChecked = (delegate* unmanaged<byte*, nuint, nuint, nuint, byte*, nuint>)Function("__fread_chk");
            var fgetsChecked = (delegate* unmanaged<byte*, nuint, int, byte*, byte*>)Function("__fgets_chk");
            byte* file = Open("/data/abc.txt");
            byte* buffer = stackalloc byte[4];
            Assert.Equal((nuint)0, freadChecked(buffer, 4, 1, 5, file));
            Assert.Equal(ErrnoCodes.EFAULT, CurrentErrno);
            Assert.Equal((nuint)2, freadChecked(buffer, 4, 2, 2, file));
            Assert.True(fgetsChecked(buffer, 4, 5, file) == null);
            Assert.Equal(ErrnoCodes.EFAULT, CurrentErrno);
            Assert.Equal("ef", FromC(fgetsChecked(buffer, 4, 4, file)));
            _fclose(file);
        }

        [Fact]
        public void Popen_IsNotSupported()
        {
            Assert.True(((delegate* unmanaged<byte*, byte*, byte*>)Function("popen"))(C("ls"), C("r")) == null);
            Assert.Equal(ErrnoCodes.ENOSYS, CurrentErrno);
        }
    }
}
