// Identity (root, pid 1, root's password entry), the working directory, sysconf, random bytes
// (secure ones only from an entropy source), and the hidden-flag probes Linux answers with 0.
using System;
using System.Runtime.InteropServices;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public unsafe class ProcessAndMiscTests
    {
        [Fact]
        public void Identity_IsRootProcessOne()
        {
            Assert.Equal(0u, ProcessIdentity.GetEUid());
            Assert.Equal(0u, ProcessIdentity.GetEGid());
            Assert.Equal(1, ProcessIdentity.GetPid());
            Assert.Equal(0, ProcessIdentity.GetGroups(0, null));
        }

        [Fact]
        public void GetPwUidR_Root_FillsTheEntryInTheCallersBuffer()
        {
            byte* buffer = stackalloc byte[256];
            ProcessIdentity.Passwd entry;
            Assert.Equal(0, ProcessIdentity.GetPwUidR(0, &entry, buffer, 256));
            Assert.Equal("root", Marshal.PtrToStringUTF8((nint)entry.Name));
            Assert.Equal("/", Marshal.PtrToStringUTF8((nint)entry.HomeDirectory));
            Assert.True(entry.Shell >= buffer && entry.Shell < buffer + 256);
        }

        [Fact]
        public void GetPwUidR_SmallBufferOrUnknownUser()
        {
            byte* buffer = stackalloc byte[8];
            ProcessIdentity.Passwd entry;
            Assert.Equal(LinuxErrno.ERANGE, ProcessIdentity.GetPwUidR(0, &entry, buffer, 8));
            Assert.Equal(-1, ProcessIdentity.GetPwUidR(1000, &entry, buffer, 8));
            Assert.True(entry.Name == null);
        }

        [Fact]
        public void GetCwd_IsRoot_OrEraneForTooSmallABuffer()
        {
            byte* buffer = stackalloc byte[4];
            Assert.True(FileStatusExports.GetCwd(buffer, 4) == buffer);
            Assert.Equal("/", Marshal.PtrToStringUTF8((nint)buffer));
            Assert.True(FileStatusExports.GetCwd(buffer, 1) == null);
            Assert.Equal(LinuxErrno.ERANGE, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void SysConf_KnowsPageSizeAndClockTicks_AndRefusesOthers()
        {
            Assert.Equal(4096, SystemConfiguration.SysConf(SystemConfiguration._SC_PAGESIZE));
            Assert.Equal(100, SystemConfiguration.SysConf(SystemConfiguration._SC_CLK_TCK));
            Assert.Equal(-1, SystemConfiguration.SysConf(77));
            Assert.Equal(LinuxErrno.EINVAL, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void NonSecureRandomBytes_DifferBetweenCalls()
        {
            byte* first = stackalloc byte[37];
            byte* second = stackalloc byte[37];
            RandomBytes.GetNonCryptographicallySecureRandomBytes(first, 37);
            RandomBytes.GetNonCryptographicallySecureRandomBytes(second, 37);
            Assert.False(new Span<byte>(first, 37).SequenceEqual(new Span<byte>(second, 37)));
        }

        private static bool FailingSource(byte* buffer, int count) => false;

        [Fact]
        public void SecureRandomBytes_ComeOnlyFromAnEntropySource()
        {
            byte* buffer = stackalloc byte[16];
            Assert.Equal(0, RandomBytes.GetCryptographicallySecureRandomBytes(buffer, 16)); // hosted: the host's
            delegate*<byte*, int, bool> previous = EntropySource.Install(&FailingSource);
            try
            {
                Assert.Equal(-1, RandomBytes.GetCryptographicallySecureRandomBytes(buffer, 16));
                Assert.Equal(LinuxErrno.ENOSYS, ThreadErrno.GetErrNo());
            }
            finally
            {
                EntropySource.Install(previous);
            }
        }

        [Fact]
        public void HiddenFlagProbes_AnswerNo_AsOnLinux()
        {
            Assert.Equal(0, FileStatusExports.CanGetHiddenFlag());
            Assert.Equal(0, FileStatusExports.LChflagsCanSetHiddenFlag());
        }

        [Theory]
        [InlineData("/", "/")]
        [InlineData("a/b", "/a/b")]
        [InlineData("/a//b/./c/", "/a/b/c")]
        [InlineData("/a/../../b", "/b")]
        [InlineData("..", "/")]
        public void PathResolution_Canonicalises(string input, string expected)
        {
            Span<byte> buffer = stackalloc byte[PathResolution.PathBufferBytes];
            Assert.Equal(0, PathResolution.Canonicalize(System.Text.Encoding.UTF8.GetBytes(input), buffer, out int length));
            Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(buffer.Slice(0, length)));
        }

        [Fact]
        public void PathResolution_EmptyOrTooLong_Fail()
        {
            Span<byte> buffer = stackalloc byte[PathResolution.PathBufferBytes];
            byte empty = 0;
            Assert.Equal(LinuxErrno.ENOENT, PathResolution.Resolve(&empty, buffer, out _));
            byte[] tooLong = new byte[PathResolution.PathBytesMax + 10];
            tooLong.AsSpan(0, tooLong.Length - 1).Fill((byte)'a');
            fixed (byte* pointer = tooLong)
                Assert.Equal(LinuxErrno.ENAMETOOLONG, PathResolution.Resolve(pointer, buffer, out _));
        }
    }
}
