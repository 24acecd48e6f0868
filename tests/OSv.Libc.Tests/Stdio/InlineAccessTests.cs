// What gcc-compiled code does to a FILE without calling us: glibc's <bits/stdio.h> inlines
// getc_unlocked as `ptr < end ? *ptr++ : __uflow(f)` and putc_unlocked as
// `ptr < end ? (*ptr++ = c) : __overflow(f, c)`, and feof_unlocked/ferror_unlocked as flag
// tests. These tests do exactly that through the struct fields, after checking the field
// offsets and flag values against the host glibc's headers.
namespace OSv.Libc.Tests.Stdio
{
    using System;
    using System.Text;
    using OSv.Libc.Stdio;
    using OSv.Libc.Tests.Files;
    using Xunit;
    using static OSv.Libc.Tests.Files.Libc;

    [Collection(LibcIoCollection.Name)]
    public sealed unsafe class InlineAccessTests : IDisposable
    {
        private const int EndOfFile = -1;
        private readonly MountedFolder _folder = new MountedFolder();
        private readonly delegate* unmanaged<byte*, int> _uflow = (delegate* unmanaged<byte*, int>)Function("__uflow");
        private readonly delegate* unmanaged<byte*, int, int> _overflow = (delegate* unmanaged<byte*, int, int>)Function("__overflow");

        public InlineAccessTests()
        {
            var text = new StringBuilder();
            for (int i = 0; i < 2000; i++)
                text.Append("line ").Append(i).Append('\n');
            _folder.AddFile("text.txt", text.ToString());
            _folder.Mount();
        }

        public void Dispose() => _folder.Dispose();

        private static ref byte* Field(byte* file, int offset) => ref *(byte**)(file + offset);

        private int InlineGetc(byte* file)
        {
            ref byte* pointer = ref Field(file, FileLayout.ReadPointerOffset);
            if (pointer < Field(file, FileLayout.ReadEndOffset))
                return *pointer++;
            return _uflow(file);
        }

        private int InlinePutc(int c, byte* file)
        {
            ref byte* pointer = ref Field(file, FileLayout.WritePointerOffset);
            if (pointer < Field(file, FileLayout.WriteEndOffset))
                return *pointer++ = (byte)c;
            return _overflow(file, (byte)c);
        }

        private static bool InlineFeof(byte* file) => (*(int*)file & 0x10) != 0;

        [Fact]
        public void FileLayout_MatchesHostGlibc()
        {
            string probe = HostC.CompileAndRun(
                "#include <stdio.h>\n#include <stddef.h>\n" +
                "int main(void){printf(\"%zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %d %d %#x\", sizeof(FILE)," +
                " offsetof(FILE, _flags), offsetof(FILE, _IO_read_ptr), offsetof(FILE, _IO_read_end)," +
                " offsetof(FILE, _IO_read_base), offsetof(FILE, _IO_write_base), offsetof(FILE, _IO_write_ptr)," +
                " offsetof(FILE, _IO_write_end), offsetof(FILE, _IO_buf_base), offsetof(FILE, _IO_buf_end)," +
                " offsetof(FILE, _fileno), _IO_EOF_SEEN, _IO_ERR_SEEN, (unsigned)(stdout->_flags & 0xFFFF0000)); return 0;}\n");
            string expected = string.Join(' ', FileLayout.GlibcFileBytes, FileLayout.FlagsOffset,
                FileLayout.ReadPointerOffset, FileLayout.ReadEndOffset, FileLayout.ReadBaseOffset,
                FileLayout.WriteBaseOffset, FileLayout.WritePointerOffset, FileLayout.WriteEndOffset,
                FileLayout.BufferBaseOffset, FileLayout.BufferEndOffset, FileLayout.DescriptorOffset,
                FileLayout.EndOfFileSeen, FileLayout.ErrorSeen, "0xfbad0000");
            Assert.Equal(expected, probe);
        }

        [Fact]
        public void StandardStreamObjects_AreTheFilesTheCellsPointTo()
        {
            foreach ((string cell, string file, int descriptor) in new[] { ("stdin", "_IO_2_1_stdin_", 0), ("stdout", "_IO_2_1_stdout_", 1), ("stderr", "_IO_2_1_stderr_", 2) })
            {
                byte* stream = *(byte**)Function(cell);
                Assert.Equal(Function(file), (nint)stream);
                Assert.Equal(descriptor, *(int*)(stream + FileLayout.DescriptorOffset));
                Assert.Equal(unchecked((int)0xFBAD0000), *(int*)stream & unchecked((int)0xFFFF0000));
            }
        }

        [Fact]
        public void InlineGetc_ReadsTheWholeFile_AndSeesEofInTheFlags()
        {
            byte* file = ((delegate* unmanaged<byte*, byte*, byte*>)Function("fopen"))(C("/data/text.txt"), C("r"));
            var text = new StringBuilder();
            int c;
            while ((c = InlineGetc(file)) != EndOfFile)
                text.Append((char)c);
            Assert.Equal(System.IO.File.ReadAllText(System.IO.Path.Combine(_folder.HostPath, "text.txt")), text.ToString());
            Assert.True(InlineFeof(file));
            Assert.Equal(0, *(int*)file & 0x20);
            ((delegate* unmanaged<byte*, int>)Function("fclose"))(file);
        }

        [Fact]
        public void InlineGetc_MixedWithCalls_KeepsOnePosition()
        {
            var fgetc = (delegate* unmanaged<byte*, int>)Function("fgetc");
            var ftell = (delegate* unmanaged<byte*, long>)Function("ftell");
            var ungetc = (delegate* unmanaged<int, byte*, int>)Function("ungetc");
            byte* file = ((delegate* unmanaged<byte*, byte*, byte*>)Function("fopen"))(C("/data/text.txt"), C("r"));
            Assert.Equal('l', InlineGetc(file));
            Assert.Equal('i', fgetc(file));
            Assert.Equal('n', InlineGetc(file));
            Assert.Equal(3, ftell(file));
            ungetc('#', file);
            Assert.Equal('#', InlineGetc(file));
            Assert.Equal('e', InlineGetc(file));
            Assert.Equal(4, ftell(file));
            ((delegate* unmanaged<byte*, int>)Function("fclose"))(file);
        }

        [Fact]
        public void InlinePutc_FullyBuffered_WritesOnlyWhenFlushed()
        {
            byte* stdout = *(byte**)Function("stdout");
            foreach (char c in "buffered\n")
                Assert.Equal(c, InlinePutc(c, stdout));
            Assert.Equal("", _folder.OutputText);
            Assert.Equal(0, ((delegate* unmanaged<byte*, int>)Function("fflush"))(null));
            Assert.Equal("buffered\n", _folder.OutputText);
        }

        [Fact]
        public void InlinePutc_LineBuffered_TakesTheSlowPathAndFlushesAtNewline()
        {
            byte* stdout = *(byte**)Function("stdout");
            Assert.Equal(0, ((delegate* unmanaged<byte*, byte*, int, nuint, int>)Function("setvbuf"))(stdout, null, 1, 0));
            foreach (char c in "ab")
                InlinePutc(c, stdout);
            Assert.True(Field(stdout, FileLayout.WritePointerOffset) == Field(stdout, FileLayout.WriteEndOffset));
            Assert.Equal("", _folder.OutputText);
            InlinePutc('\n', stdout);
            Assert.Equal("ab\n", _folder.OutputText);
            InlinePutc('c', stdout);
            Assert.Equal("ab\n", _folder.OutputText);
        }

        [Fact]
        public void InlinePutc_OnAReadOnlyStream_SetsTheErrorFlag()
        {
            byte* file = ((delegate* unmanaged<byte*, byte*, byte*>)Function("fopen"))(C("/data/text.txt"), C("r"));
            Assert.Equal(EndOfFile, InlinePutc('x', file));
            Assert.Equal(0x20, *(int*)file & 0x20);
            Assert.Equal(1, ((delegate* unmanaged<byte*, int>)Function("ferror_unlocked"))(file));
            ((delegate* unmanaged<byte*, int>)Function("fclose"))(file);
        }
    }
}
