// MMap/MUnmap/MProtect: anonymous pages zeroed and page-aligned, whole mappings unmapped,
// partial unmapping refused, protections accepted only for mapped pages, bad arguments refused.
// File mappings are in ImageFileTests (they need a mounted image file).
using System;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public unsafe class PageMappingTests
    {
        private const int Anonymous = PageMapping.MAP_PRIVATE | PageMapping.MAP_ANONYMOUS;
        private const int ReadWrite = PageMapping.PROT_READ | PageMapping.PROT_WRITE;

        [Fact]
        public void AnonymousMapping_IsPageAlignedZeroedAndWritable()
        {
            nint mapping = PageMapping.MMap(0, 3 * 4096 + 1, ReadWrite, Anonymous, -1, 0);
            Assert.NotEqual(0, mapping);
            Assert.Equal(0, mapping % 4096);
            var bytes = new Span<byte>((void*)mapping, 4 * 4096);
            Assert.True(bytes.IndexOfAnyExcept((byte)0) < 0);
            bytes.Fill(7);
            Assert.Equal(0, PageMapping.MUnmap(mapping, 3 * 4096 + 1));
        }

        [Fact]
        public void MUnmap_OfPartOfAMapping_FailsWithEinval_AndKeepsIt()
        {
            nint mapping = PageMapping.MMap(0, 2 * 4096, ReadWrite, Anonymous, -1, 0);
            Assert.Equal(-1, PageMapping.MUnmap(mapping, 4096));
            Assert.Equal(LinuxErrno.EINVAL, ThreadErrno.GetErrNo());
            Assert.Equal(0, PageMapping.MProtect(mapping, 2 * 4096, PageMapping.PROT_READ));
            Assert.Equal(0, PageMapping.MUnmap(mapping, 2 * 4096));
        }

        [Fact]
        public void MUnmap_OfUnmappedRange_Succeeds_AsOnLinux()
        {
            nint mapping = PageMapping.MMap(0, 4096, ReadWrite, Anonymous, -1, 0);
            Assert.Equal(0, PageMapping.MUnmap(mapping, 4096));
            Assert.Equal(0, PageMapping.MUnmap(mapping, 4096));
        }

        [Fact]
        public void MProtect_OfUnmappedPages_FailsWithEnomem()
        {
            nint mapping = PageMapping.MMap(0, 4096, ReadWrite, Anonymous, -1, 0);
            Assert.Equal(0, PageMapping.MUnmap(mapping, 4096));
            Assert.Equal(-1, PageMapping.MProtect(mapping, 4096, PageMapping.PROT_NONE));
            Assert.Equal(LinuxErrno.ENOMEM, ThreadErrno.GetErrNo());
        }

        [Theory]
        [InlineData(0, Anonymous, 4096)]                                             // length 0 below
        [InlineData(ReadWrite, PageMapping.MAP_ANONYMOUS, 4096)]                     // neither shared nor private
        [InlineData(ReadWrite, PageMapping.MAP_SHARED | PageMapping.MAP_PRIVATE | PageMapping.MAP_ANONYMOUS, 4096)]
        [InlineData(ReadWrite | 0x100, Anonymous, 4096)]                             // unknown protection
        [InlineData(ReadWrite, Anonymous | 0x4000, 4096)]                            // unknown flag
        public void MMap_BadArguments_FailWithEinval_ReturningNull(int protection, int flags, int length)
        {
            ulong size = protection == 0 ? 0UL : (ulong)length;
            Assert.Equal(0, PageMapping.MMap(0, size, protection, flags, -1, 0));
            Assert.Equal(LinuxErrno.EINVAL, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void MMap_OfClosedDescriptor_FailsWithEbadf()
        {
            Assert.Equal(0, PageMapping.MMap(0, 4096, PageMapping.PROT_READ, PageMapping.MAP_PRIVATE, 200, 0));
            Assert.Equal(LinuxErrno.EBADF, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void MMap_OfConsoleDescriptor_FailsWithEnodev()
        {
            Assert.Equal(0, PageMapping.MMap(0, 4096, PageMapping.PROT_READ, PageMapping.MAP_PRIVATE, 1, 0));
            Assert.Equal(LinuxErrno.ENODEV, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void MMap_Huge_FailsWithEnomem()
        {
            Assert.Equal(0, PageMapping.MMap(0, 1UL << 40, ReadWrite, Anonymous, -1, 0));
            Assert.Equal(LinuxErrno.ENOMEM, ThreadErrno.GetErrNo());
        }
    }
}
