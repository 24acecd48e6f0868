// The PAL's environment: what Set stores GetEnv finds, replacement wins, invalid names are
// refused, and GetEnviron lists every NAME=VALUE in a NULL-terminated array.
using System.Collections.Generic;
using System.Runtime.InteropServices;
using OSv.Runtime.Pal;
using Xunit;
using PalEnvironment = OSv.Runtime.Pal.Environment;

namespace OSv.Runtime.Tests.Pal
{
    [Collection(PalEnvironmentCollection.Name)]
    public unsafe class EnvironmentTests
    {
        // What SystemNative_GetEnv answers for name, as a string (null when unset).
        internal static string? Get(string name)
        {
            byte[] cName = System.Text.Encoding.UTF8.GetBytes(name + "\0");
            fixed (byte* pointer = cName)
                return Marshal.PtrToStringUTF8(PalEnvironment.GetEnv(pointer));
        }

        [Fact]
        public void Set_ThenGetEnv_ReturnsTheValue_AndMissingNamesAreNull()
        {
            Assert.True(PalEnvironment.Set("OSV_PAL_TEST_A", "one two"));
            Assert.Equal("one two", Get("OSV_PAL_TEST_A"));
            Assert.Null(Get("OSV_PAL_TEST_MISSING"));
            Assert.Null(Get("OSV_PAL_TEST_")); // a prefix of a name is not the name
        }

        [Fact]
        public void Set_Again_ReplacesTheValue()
        {
            Assert.True(PalEnvironment.Set("OSV_PAL_TEST_B", "first"));
            Assert.True(PalEnvironment.Set("OSV_PAL_TEST_B", "second"));
            Assert.Equal("second", Get("OSV_PAL_TEST_B"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("A=B")]
        public void Set_InvalidName_IsRefused(string name) => Assert.False(PalEnvironment.Set(name, "x"));

        [Fact]
        public void GetEnviron_ListsEveryVariable_NullTerminated()
        {
            Assert.True(PalEnvironment.Set("OSV_PAL_TEST_C", "3"));
            var entries = new List<string>();
            nint* environ = (nint*)PalEnvironment.GetEnviron();
            for (int i = 0; environ[i] != 0; i++)
                entries.Add(Marshal.PtrToStringUTF8(environ[i])!);
            PalEnvironment.FreeEnviron((nint)environ);
            Assert.Contains("OSV_PAL_TEST_C=3", entries);
        }

        [Fact]
        public void Set_EmptyValue_IsStoredAsEmpty()
        {
            Assert.True(PalEnvironment.Set("OSV_PAL_TEST_EMPTY", ""));
            Assert.Equal("", Get("OSV_PAL_TEST_EMPTY"));
        }
    }

    [CollectionDefinition(Name)]
    public class PalEnvironmentCollection
    {
        public const string Name = "PAL environment";
    }
}
