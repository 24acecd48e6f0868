using OSv.Runtime.Startup;
using Xunit;

namespace OSv.Runtime.Tests.Startup
{
    public unsafe class ModuleHeaderTests
    {
        // A header with two rows: section 201 with an end pointer, section 205 without.
        private static byte[] Build(byte* first, byte* firstEnd, byte* second, uint signature = ModuleHeader.Signature, int firstSectionId = 201)
        {
            var bytes = new byte[ModuleHeader.HeaderBytes + 2 * ModuleHeader.RowBytes];
            fixed (byte* header = bytes)
            {
                *(uint*)header = signature;
                *(ushort*)(header + 4) = ModuleHeader.MajorVersion;
                *(ushort*)(header + 12) = 2;
                header[14] = ModuleHeader.RowBytes;
                byte* row = header + ModuleHeader.HeaderBytes;
                *(int*)row = firstSectionId; *(int*)(row + 4) = 1; *(byte**)(row + 8) = first; *(byte**)(row + 16) = firstEnd;
                row += ModuleHeader.RowBytes;
                *(int*)row = 205; *(int*)(row + 4) = 0; *(byte**)(row + 8) = second;
            }
            return bytes;
        }

        [Fact]
        public void SectionWithEndPointer_LengthIsTheRange()
        {
            byte* start = (byte*)0x1000;
            fixed (byte* header = Build(start, start + 48, (byte*)0x2000))
            {
                Assert.True(ModuleHeader.FindSection(header, 201, out int length) == start);
                Assert.Equal(48, length);
            }
        }

        [Fact]
        public void SectionWithoutEndPointer_LengthIsOnePointer()
        {
            fixed (byte* header = Build((byte*)0x1000, (byte*)0x1030, (byte*)0x2000))
            {
                Assert.True(ModuleHeader.FindSection(header, 205, out int length) == (byte*)0x2000);
                Assert.Equal(sizeof(void*), length);
            }
        }

        [Fact]
        public void ReadonlyBlob_IdCountsFromSection300()
        {
            byte* start = (byte*)0x3000;
            fixed (byte* header = Build(start, start + 96, (byte*)0x2000, firstSectionId: 304))
            {
                Assert.True(ModuleHeader.FindReadonlyBlob(header, 4, out int length) == start);
                Assert.Equal(96, length);
                Assert.True(ModuleHeader.FindReadonlyBlob(header, 3, out int missing) == null);
                Assert.Equal(0, missing);
            }
        }

        [Fact]
        public void ReadonlyBlob_IdBeyondTheRegion_NotFoundEvenIfASectionMatches()
        {
            // Blob id 100 would be section 400, outside 300-399: no blob, though a section 400 exists.
            fixed (byte* header = Build((byte*)0x1000, (byte*)0x1030, (byte*)0x2000, firstSectionId: 400))
            {
                Assert.True(ModuleHeader.FindReadonlyBlob(header, 100, out int length) == null);
                Assert.Equal(0, length);
                Assert.True(ModuleHeader.FindReadonlyBlob(header, uint.MaxValue, out _) == null);
            }
        }

        [Fact]
        public void MissingSection_NullAndZeroLength()
        {
            fixed (byte* header = Build((byte*)0x1000, (byte*)0x1030, (byte*)0x2000))
            {
                Assert.True(ModuleHeader.FindSection(header, 206, out int length) == null);
                Assert.Equal(0, length);
            }
        }

        [Fact]
        public void WrongSignature_Invalid()
        {
            fixed (byte* good = Build(null, null, null))
            fixed (byte* bad = Build(null, null, null, signature: 0x12345678))
            {
                Assert.True(ModuleHeader.IsValid(good));
                Assert.False(ModuleHeader.IsValid(bad));
            }
        }
    }
}
