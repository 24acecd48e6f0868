// Real gcc-compiled inline stream code on our FILEs: an object built with -O2 from <stdio.h>
// gets glibc's inline getc_unlocked/putc_unlocked/feof_unlocked (pointer bumps on the FILE's
// fields). Its calls to __uflow/__overflow are bound, inside the object, to hooks the test
// points at our exports, so no host glibc code ever touches our streams; then its results are
// compared with the file's contents.
namespace OSv.Libc.Tests.Stdio
{
    using System;
    using System.Runtime.InteropServices;
    using System.Text;
    using OSv.Libc.Tests.Files;
    using Xunit;
    using static OSv.Libc.Tests.Files.Libc;

    [Collection(LibcIoCollection.Name)]
    public sealed unsafe class GccInlineTests : IDisposable
    {
        private const int LineCount = 3000;

        private const string Source = """
            #include <stdio.h>
            static int (*g_uflow)(FILE *);
            static int (*g_overflow)(FILE *, int);
            __attribute__((visibility("hidden"))) int __uflow(FILE *f) { return g_uflow(f); }
            __attribute__((visibility("hidden"))) int __overflow(FILE *f, int c) { return g_overflow(f, c); }
            void set_hooks(void *u, void *o) { g_uflow = (int (*)(FILE *))u; g_overflow = (int (*)(FILE *, int))o; }
            long count_lines(FILE *f) {
                long n = 0; int c;
                while ((c = getc_unlocked(f)) != EOF) if (c == '\n') n++;
                return feof_unlocked(f) && !ferror_unlocked(f) ? n : -1;
            }
            void write_digits(FILE *f, int count) {
                for (int i = 0; i < count; i++) putc_unlocked('0' + i % 10, f);
                putc_unlocked('\n', f);
            }
            """;

        private static readonly Lazy<nint> s_object = new Lazy<nint>(() => NativeLibrary.Load(HostC.CompileSharedObject(Source)));

        private readonly MountedFolder _folder = new MountedFolder();

        public GccInlineTests()
        {
            var text = new StringBuilder();
            for (int i = 0; i < LineCount; i++)
                text.Append("row ").Append(i).Append('\n');
            _folder.AddFile("rows.txt", text.ToString());
            _folder.Mount();
            var setHooks = (delegate* unmanaged<nint, nint, void>)NativeLibrary.GetExport(s_object.Value, "set_hooks");
            setHooks(Function("__uflow"), Function("__overflow"));
        }

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void InlineGetcUnlocked_CountsEveryLineOfAnImageFile()
        {
            var countLines = (delegate* unmanaged<byte*, long>)NativeLibrary.GetExport(s_object.Value, "count_lines");
            byte* file = ((delegate* unmanaged<byte*, byte*, byte*>)Function("fopen"))(C("/data/rows.txt"), C("r"));
            Assert.Equal(LineCount, countLines(file));
            ((delegate* unmanaged<byte*, int>)Function("fclose"))(file);
        }

        [Fact]
        public void InlinePutcUnlocked_WritesThroughTheBufferIntoATmpfile()
        {
            var writeDigits = (delegate* unmanaged<byte*, int, void>)NativeLibrary.GetExport(s_object.Value, "write_digits");
            byte* file = ((delegate* unmanaged<byte*>)Function("tmpfile"))();
            const int count = 10_000;
            writeDigits(file, count);
            ((delegate* unmanaged<byte*, void>)Function("rewind"))(file);
            byte* back = (byte*)NativeMemory.Alloc(count + 1);
            Assert.Equal((nuint)(count + 1), ((delegate* unmanaged<byte*, nuint, nuint, byte*, nuint>)Function("fread"))(back, 1, count + 1, file));
            for (int i = 0; i < count; i++)
                Assert.Equal((byte)('0' + i % 10), back[i]);
            Assert.Equal((byte)'\n', back[count]);
            NativeMemory.Free(back);
            ((delegate* unmanaged<byte*, int>)Function("fclose"))(file);
        }

        [Fact]
        public void InlinePutcUnlocked_OnLineBufferedStdout_FlushesAtTheNewline()
        {
            var writeDigits = (delegate* unmanaged<byte*, int, void>)NativeLibrary.GetExport(s_object.Value, "write_digits");
            byte* stdout = *(byte**)Function("stdout");
            ((delegate* unmanaged<byte*, byte*, int, nuint, int>)Function("setvbuf"))(stdout, null, 1, 0);
            writeDigits(stdout, 12);
            Assert.Equal("012345678901\n", _folder.OutputText);
        }
    }
}
