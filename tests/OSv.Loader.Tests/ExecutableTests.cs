// A PIE loaded as the program: COPY relocations (and the library binding to the executable's
// copy), the executable's preinit/init run separately from the libraries', and the start vector.
using System;
using System.Runtime.InteropServices;
using OSv.Loader.Elf;
using OSv.Loader.Linking;
using Xunit;

namespace OSv.Loader.Tests
{
    public sealed unsafe class ExecutableTests
    {
        private static (DynamicLinker Linker, LoadedObject Executable) LoadExe()
        {
            var (linker, _, _) = TestHost.Create();
            LoadResult result = linker.LoadExecutable("exe"u8);
            Assert.True(result.Ok, result.Error);
            return (linker, result.Object!);
        }

        private static nint Sym(DynamicLinker linker, string name)
        {
            nint address = linker.Symbol(0, System.Text.Encoding.UTF8.GetBytes(name));
            Assert.True(address != 0, linker.LastError);
            return address;
        }

        [Fact]
        public void LoadExecutable_CopyRelocation_LibraryUsesTheExecutablesCopy()
        {
            var (linker, _) = LoadExe();
            Assert.Equal(7, ((delegate* unmanaged<int>)Sym(linker, "exe_read_shared"))());
            ((delegate* unmanaged<int, void>)Sym(linker, "exe_write_shared"))(99);
            Assert.Equal(99, ((delegate* unmanaged<int>)Sym(linker, "base_read_shared"))());
        }

        [Fact]
        public void RunInitializers_PreinitAndLibraries_ThenExecutableConstructors()
        {
            var (linker, _) = LoadExe();
            Assert.Null(linker.RunInitializers(0, null, null));
            Assert.Equal(42, *(int*)Sym(linker, "base_initialized"));
            Assert.Equal(1, *(int*)Sym(linker, "exe_preinit_ran"));
            Assert.Equal(0, *(int*)Sym(linker, "exe_saw_base"));
            Assert.Null(linker.RunExecutableInitializers(0, null, null));
            Assert.Equal(42, *(int*)Sym(linker, "exe_saw_base"));
        }

        [Fact]
        public void RunExecutableInitializers_Alone_RunsPreinitOnce()
        {
            var (linker, _) = LoadExe();
            Assert.Null(linker.RunExecutableInitializers(0, null, null));
            Assert.Equal(1, *(int*)Sym(linker, "exe_preinit_ran"));
            *(int*)Sym(linker, "exe_preinit_ran") = 5;
            Assert.Null(linker.RunInitializers(0, null, null));
            Assert.Equal(5, *(int*)Sym(linker, "exe_preinit_ran"));
        }

        [Fact]
        public void RunInitializers_InitArrayFunctions_ReceiveArgcArgvEnvp()
        {
            var (linker, _) = LoadExe();
            byte* program = stackalloc byte[] { (byte)'p', 0 };
            byte** argv = stackalloc byte*[] { program, program, null };
            byte** envp = stackalloc byte*[] { null };
            Assert.Null(linker.RunInitializers(2, argv, envp));
            Assert.Equal(2, *(int*)Sym(linker, "base_seen_argc"));
            Assert.Equal((nint)program, *(nint*)Sym(linker, "base_seen_argv0"));
        }

        [Fact]
        public void RunInitializers_IncludingExecutable_RunsItsPreinitToo()
        {
            var (linker, _) = LoadExe();
            Assert.Null(linker.RunInitializers(0, null, null, includeExecutable: true));
            Assert.Equal(1, *(int*)Sym(linker, "exe_preinit_ran"));
            Assert.Equal(42, *(int*)Sym(linker, "exe_saw_base"));
        }

        [Fact]
        public void Close_ExecutableHandle_KeepsEverythingLoaded()
        {
            var (linker, exe) = LoadExe();
            Assert.Equal(0, linker.Close(exe.Handle));
            Assert.Equal(2, linker.ObjectCount);
            Assert.Equal(7, ((delegate* unmanaged<int>)Sym(linker, "exe_read_shared"))());
        }

        [Fact]
        public void LoadExecutable_Twice_IsRefused()
        {
            var (linker, _) = LoadExe();
            Assert.False(linker.LoadExecutable("exe"u8).Ok);
        }

        [Fact]
        public void LoadExecutable_EntryAndProgramHeaders_PointIntoTheMappedImage()
        {
            var (_, exe) = LoadExe();
            Assert.True(exe.ContainsCode(exe.EntryPoint));
            Assert.Equal(ElfConstants.PtPhdr, ((ProgramHeader*)exe.ProgramHeaders)->Type);
            Assert.Equal(exe.File.ProgramHeaderCount, exe.ProgramHeaderCount);
        }

        [Fact]
        public void StartVector_Layout_ArgcArgvEnvpAuxv()
        {
            var (_, exe) = LoadExe();
            ulong[] words = new ulong[StartVector.WordsNeeded(2, 1)];
            int written = StartVector.Write(words, exe, "prog\0-x\0"u8, "A=1\0"u8, 0x1234);
            Assert.Equal(words.Length, written);
            Assert.Equal(2ul, words[0]);
            Assert.Equal("prog", Marshal.PtrToStringUTF8((nint)words[1]));
            Assert.Equal("-x", Marshal.PtrToStringUTF8((nint)words[2]));
            Assert.Equal(0ul, words[3]);
            Assert.Equal("A=1", Marshal.PtrToStringUTF8((nint)words[4]));
            Assert.Equal(0ul, words[5]);
            Assert.Equal((ulong)exe.ProgramHeaders, Auxiliary(words, 6, StartVector.AtPhdr));
            Assert.Equal((ulong)exe.ProgramHeaderCount, Auxiliary(words, 6, StartVector.AtPhnum));
            Assert.Equal(56ul, Auxiliary(words, 6, StartVector.AtPhent));
            Assert.Equal(4096ul, Auxiliary(words, 6, StartVector.AtPagesz));
            Assert.Equal((ulong)exe.EntryPoint, Auxiliary(words, 6, StartVector.AtEntry));
            Assert.Equal(0x1234ul, Auxiliary(words, 6, StartVector.AtHwcap));
            Assert.Equal(100ul, Auxiliary(words, 6, StartVector.AtClktck));
            Assert.Equal(words[1], Auxiliary(words, 6, StartVector.AtExecfn));
            Assert.Equal("x86_64", Marshal.PtrToStringUTF8((nint)Auxiliary(words, 6, StartVector.AtPlatform)));
            Assert.NotEqual(0ul, Auxiliary(words, 6, StartVector.AtRandom));
            Assert.Equal(StartVector.AtNull, words[written - 2]);
        }

        [Fact]
        public void StartVector_BufferTooSmallOrUnterminated_ReturnsMinusOne()
        {
            var (_, exe) = LoadExe();
            ulong[] small = new ulong[StartVector.WordsNeeded(1, 0) - 1];
            Assert.Equal(-1, StartVector.Write(small, exe, "prog\0"u8, default, 0));
            ulong[] words = new ulong[64];
            Assert.Equal(-1, StartVector.Write(words, exe, "prog"u8, default, 0));
        }

        private static ulong Auxiliary(ulong[] words, int start, ulong type)
        {
            for (int i = start; i + 1 < words.Length; i += 2)
                if (words[i] == type)
                    return words[i + 1];
            throw new InvalidOperationException("no auxiliary entry " + type);
        }
    }
}
