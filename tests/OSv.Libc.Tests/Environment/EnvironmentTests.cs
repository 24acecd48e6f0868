// getenv/setenv/unsetenv/putenv/clearenv and `environ`: the rules POSIX and glibc give them,
// including who owns what (setenv copies, putenv inserts the caller's string, unsetenv edits
// the program's envp in place), and the program-name data objects.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using OSv.Libc.Environ;
using OSv.Libc.Errors;
using OSv.Libc.Tests.Misc;
using Xunit;

namespace OSv.Libc.Tests.Environ
{
    [CollectionDefinition("C environment", DisableParallelization = true)]
    public sealed class CEnvironmentCollection { }

    [Collection("C environment")]
    public sealed unsafe class EnvironmentTests : IDisposable
    {
        private readonly List<nint> _allocations = new List<nint>();
        private readonly byte** _envp;

        public EnvironmentTests()
        {
            _envp = (byte**)Marshal.AllocHGlobal(4 * sizeof(byte*));
            _envp[0] = Keep("HOME=/root");
            _envp[1] = Keep("PATH=/bin");
            _envp[2] = Keep("HOME=/second");
            _envp[3] = null;
            ProgramEnvironment.Initialize(_envp);
        }

        public void Dispose()
        {
            ProgramEnvironment.Initialize(null);
            foreach (nint allocation in _allocations)
                Marshal.FreeHGlobal(allocation);
            Marshal.FreeHGlobal((nint)_envp);
        }

        private static byte*** EnvironCell => (byte***)PosixExports.Address("environ");

        [Fact]
        public void Getenv_FindsTheFirstEntryOfTheProgramsEnvp()
        {
            Assert.True(*EnvironCell == _envp);
            Assert.Equal("/root", GetEnv("HOME"));
            Assert.Equal("/bin", GetEnv("PATH"));
            Assert.Null(GetEnv("HOM"));
            Assert.Null(GetEnv("HOME="));
            Assert.Null(GetEnv(""));
        }

        [Fact]
        public void EnvironAliases_AreOneCell()
        {
            Assert.Equal(PosixExports.Address("environ"), PosixExports.Address("__environ"));
            Assert.Equal(PosixExports.Address("environ"), PosixExports.Address("_environ"));
        }

        [Fact]
        public void Setenv_AddsACopy_AndLeavesEnvpAlone()
        {
            byte* value = Keep("v1");
            Assert.Equal(0, SetEnv("NEW", value, 1));
            value[0] = (byte)'X';
            Assert.Equal("v1", GetEnv("NEW"));
            Assert.Equal("/root", GetEnv("HOME"));
            Assert.True(*EnvironCell != _envp);
            Assert.Equal(3, Count(_envp));
            Assert.Equal(4, Count(*EnvironCell));
        }

        [Fact]
        public void Setenv_WithoutOverwrite_KeepsTheValue()
        {
            Assert.Equal(0, SetEnv("HOME", Keep("/other"), 0));
            Assert.Equal("/root", GetEnv("HOME"));
            Assert.Equal(0, SetEnv("HOME", Keep("/other"), 1));
            Assert.Equal("/other", GetEnv("HOME"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("A=B")]
        [InlineData("=")]
        public void Setenv_BadName_IsEinval(string name)
        {
            PosixExports.ClearErrno();
            Assert.Equal(-1, SetEnv(name, Keep("x"), 1));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void Setenv_NullNameOrValue_IsEinval()
        {
            var setenv = (delegate* unmanaged<byte*, byte*, int, int>)PosixExports.Address("setenv");
            PosixExports.ClearErrno();
            Assert.Equal(-1, setenv(null, Keep("x"), 1));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
            PosixExports.ClearErrno();
            Assert.Equal(-1, setenv(Keep("A"), null, 1));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void Unsetenv_RemovesEveryEntryOfTheName_InPlace()
        {
            var unsetenv = (delegate* unmanaged<byte*, int>)PosixExports.Address("unsetenv");
            Assert.Equal(0, unsetenv(Keep("HOME")));
            Assert.Null(GetEnv("HOME"));
            Assert.True(*EnvironCell == _envp);
            Assert.Equal(1, Count(_envp));
            Assert.Equal("PATH=/bin", PosixExports.Read(_envp[0]));
            Assert.Equal(0, unsetenv(Keep("ABSENT")));
            PosixExports.ClearErrno();
            Assert.Equal(-1, unsetenv(Keep("A=B")));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void Putenv_InsertsTheCallersString_SoChangesToItShow()
        {
            var putenv = (delegate* unmanaged<byte*, int>)PosixExports.Address("putenv");
            byte* entry = Keep("MINE=abc");
            Assert.Equal(0, putenv(entry));
            Assert.Equal("abc", GetEnv("MINE"));
            entry[5] = (byte)'x';
            Assert.Equal("xbc", GetEnv("MINE"));
            Assert.True(GetEnvPointer("MINE") == entry + 5);
        }

        [Fact]
        public void Putenv_ReplacesAnExistingName()
        {
            var putenv = (delegate* unmanaged<byte*, int>)PosixExports.Address("putenv");
            Assert.Equal(0, putenv(Keep("PATH=/usr/bin")));
            Assert.Equal("/usr/bin", GetEnv("PATH"));
            Assert.Equal(3, Count(*EnvironCell));
        }

        [Fact]
        public void Putenv_WithoutEquals_RemovesTheName()
        {
            var putenv = (delegate* unmanaged<byte*, int>)PosixExports.Address("putenv");
            Assert.Equal(0, putenv(Keep("PATH")));
            Assert.Null(GetEnv("PATH"));
        }

        [Fact]
        public void Clearenv_MakesEnvironNull_AndSetenvStartsAfresh()
        {
            var clearenv = (delegate* unmanaged<int>)PosixExports.Address("clearenv");
            Assert.Equal(0, clearenv());
            Assert.True(*EnvironCell == null);
            Assert.Null(GetEnv("HOME"));
            Assert.Equal(0, SetEnv("ONLY", Keep("1"), 1));
            Assert.Equal(1, Count(*EnvironCell));
            Assert.Equal("ONLY=1", PosixExports.Read((*EnvironCell)[0]));
        }

        [Fact]
        public void ManyVariables_AllReadable_AfterTheArrayGrows()
        {
            for (int i = 0; i < 500; i++)
                Assert.Equal(0, SetEnv("V" + i, Keep(i.ToString()), 1));
            for (int i = 0; i < 500; i++)
                Assert.Equal(i.ToString(), GetEnv("V" + i));
            Assert.Equal(503, Count(*EnvironCell));
        }

        [Fact]
        public void ProgramAssignsEnviron_NextChangeCopiesItsArray()
        {
            Assert.Equal(0, SetEnv("A", Keep("1"), 1));
            byte** own = (byte**)Marshal.AllocHGlobal(2 * sizeof(byte*));
            _allocations.Add((nint)own);
            own[0] = Keep("B=2");
            own[1] = null;
            *EnvironCell = own;
            Assert.Null(GetEnv("A"));
            Assert.Equal(0, SetEnv("C", Keep("3"), 1));
            Assert.Equal("2", GetEnv("B"));
            Assert.Equal("3", GetEnv("C"));
            Assert.True(own[1] == null);
        }

        [Fact]
        public void MovedEnvironCell_IsTheOneReadAndEdited()
        {
            byte*** programCell = (byte***)Marshal.AllocHGlobal(sizeof(byte**));
            _allocations.Add((nint)programCell);
            byte*** original = EnvironmentTable.Cell;
            ProgramEnvironment.MoveEnvironmentCell(programCell);
            try
            {
                Assert.True(*programCell == _envp);
                Assert.Equal(0, SetEnv("MOVED", Keep("yes"), 1));
                Assert.Equal("yes", GetEnv("MOVED"));
                Assert.True(*programCell != _envp);
            }
            finally
            {
                ProgramEnvironment.MoveEnvironmentCell(original);
            }
        }

        [Theory]
        [InlineData("/usr/bin/lua5.4", "lua5.4")]
        [InlineData("lua", "lua")]
        [InlineData("dir/", "")]
        public void SetProgramName_FillsTheNameCells(string argv0, string shortName)
        {
            byte* name = Keep(argv0);
            ProgramEnvironment.SetProgramName(name);
            Assert.True(*(byte**)PosixExports.Address("program_invocation_name") == name);
            Assert.Equal(argv0, PosixExports.Read(*(byte**)PosixExports.Address("__progname_full")));
            Assert.Equal(shortName, PosixExports.Read(*(byte**)PosixExports.Address("program_invocation_short_name")));
            Assert.Equal(shortName, PosixExports.Read(*(byte**)PosixExports.Address("__progname")));
        }

        private byte* Keep(string text)
        {
            byte* copy = PosixExports.CString(text);
            _allocations.Add((nint)copy);
            return copy;
        }

        private string? GetEnv(string name) => PosixExports.Read(GetEnvPointer(name));

        private byte* GetEnvPointer(string name)
        {
            var getenv = (delegate* unmanaged<byte*, byte*>)PosixExports.Address("getenv");
            return getenv(Keep(name));
        }

        private int SetEnv(string name, byte* value, int overwrite)
        {
            var setenv = (delegate* unmanaged<byte*, byte*, int, int>)PosixExports.Address("setenv");
            return setenv(Keep(name), value, overwrite);
        }

        private static int Count(byte** entries)
        {
            int count = 0;
            while (entries != null && entries[count] != null)
                count++;
            return count;
        }
    }
}
