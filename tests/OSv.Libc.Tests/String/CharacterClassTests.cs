// ctype: our three tables equal glibc's over all 384 indices (-128..255), and each ctype function
// returns exactly what glibc's returns (the class bit's value, not just non-zero).
using System;
using Xunit;

namespace OSv.Libc.Tests.String
{
    public sealed unsafe class CharacterClassTests
    {
        [Fact]
        public void ClassTable_AllIndices_EqualGlibcs()
        {
            ushort* ours = *((delegate* unmanaged<ushort**>)CLibraries.Ours("__ctype_b_loc"))();
            ushort* host = *((delegate* unmanaged<ushort**>)CLibraries.Host("__ctype_b_loc"))();
            for (int c = -128; c <= 255; c++)
                Assert.True(host[c] == ours[c], $"class of {c}: glibc {host[c]:x}, ours {ours[c]:x}");
        }

        [Theory]
        [InlineData("__ctype_tolower_loc")]
        [InlineData("__ctype_toupper_loc")]
        public void CaseTables_AllIndices_EqualGlibcs(string name)
        {
            int* ours = *((delegate* unmanaged<int**>)CLibraries.Ours(name))();
            int* host = *((delegate* unmanaged<int**>)CLibraries.Host(name))();
            for (int c = -128; c <= 255; c++)
                Assert.Equal(host[c], ours[c]);
        }

        [Theory]
        [InlineData("isalnum")] [InlineData("isalpha")] [InlineData("isblank")] [InlineData("iscntrl")]
        [InlineData("isdigit")] [InlineData("isgraph")] [InlineData("islower")] [InlineData("isprint")]
        [InlineData("ispunct")] [InlineData("isspace")] [InlineData("isupper")] [InlineData("isxdigit")]
        [InlineData("tolower")] [InlineData("toupper")] [InlineData("isascii")] [InlineData("toascii")]
        public void Function_EveryValidArgument_ReturnsGlibcsValue(string name)
        {
            var ours = (delegate* unmanaged<int, int>)CLibraries.Ours(name);
            var host = (delegate* unmanaged<int, int>)CLibraries.Host(name);
            for (int c = -128; c <= 255; c++)
                Assert.True(host(c) == ours(c), $"{name}({c}): glibc {host(c)}, ours {ours(c)}");
        }

        [Fact]
        public void Functions_ArgumentsOutsideTheTable_DoNotCrash()
        {
            var isalpha = (delegate* unmanaged<int, int>)CLibraries.Ours("isalpha");
            var tolower = (delegate* unmanaged<int, int>)CLibraries.Ours("tolower");
            Assert.Equal(0, isalpha(100_000));
            Assert.Equal(0, isalpha(-129));
            Assert.Equal(100_000, tolower(100_000));
        }
    }
}
