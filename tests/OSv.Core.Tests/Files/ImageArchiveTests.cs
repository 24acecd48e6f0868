// The archive's writer (OSv.Sdk, at build time) and reader (OSv.Core, in the kernel) agree on
// the format, and the reader refuses every kind of bad archive without reading outside it.
using System;
using System.Text;
using OSv.Core.Files;
using Xunit;
using static OSv.Core.Tests.Files.ArchiveFixtures;

namespace OSv.Core.Tests.Files
{
    public unsafe class ImageArchiveTests
    {
        [Fact]
        public void RoundTrip_ThreeFiles_ListedInPathOrder()
        {
            byte[] archive = Sample();
            Assert.Equal(ImageArchiveError.None, Open(archive, out ImageArchive opened));
            Assert.Equal(3, opened.Count);
            Assert.Equal("/lib/libtinfo.so.6", Encoding.UTF8.GetString(opened.PathAt(0)));
            Assert.Equal("/lib/x86_64/libc.so.6", Encoding.UTF8.GetString(opened.PathAt(1)));
            Assert.Equal("/lua5.4", Encoding.UTF8.GetString(opened.PathAt(2)));
        }

        [Fact]
        public void RoundTrip_Content_ReadBackExactly()
        {
            byte[] archive = Sample();
            fixed (byte* data = archive)
            {
                Assert.Equal(ImageArchiveError.None, ImageArchive.TryOpen(data, archive.Length, out ImageArchive opened));
                Assert.Equal("tinfo", Encoding.UTF8.GetString(opened.DataAt(0), (int)opened.LengthAt(0)));
                Assert.Equal("libc, sixteen+ bytes of it", Encoding.UTF8.GetString(opened.DataAt(1), (int)opened.LengthAt(1)));
                Assert.Equal("\u007fELF lua", Encoding.UTF8.GetString(opened.DataAt(2), (int)opened.LengthAt(2)));
            }
        }

        [Fact]
        public void RoundTrip_Data_Is16ByteAlignedFromTheArchiveStart()
        {
            byte[] archive = Sample();
            fixed (byte* data = archive)
            {
                ImageArchive.TryOpen(data, archive.Length, out ImageArchive opened);
                for (int i = 0; i < opened.Count; i++)
                    Assert.Equal(0, (opened.DataAt(i) - data) % ImageArchive.DataAlignmentBytes);
            }
        }

        [Fact]
        public void RoundTrip_Paths_AreNulTerminatedForC()
        {
            byte[] archive = Sample();
            fixed (byte* data = archive)
            {
                ImageArchive.TryOpen(data, archive.Length, out ImageArchive opened);
                for (int i = 0; i < opened.Count; i++)
                {
                    fixed (byte* path = opened.PathAt(i))
                        Assert.Equal(0, path[opened.PathAt(i).Length]);
                }
            }
        }

        [Fact]
        public void Empty_NoFiles_IsAValidHeaderOnlyArchive()
        {
            byte[] archive = Build();
            Assert.Equal(ImageArchive.HeaderBytes, archive.Length);
            Assert.Equal(ImageArchiveError.None, Open(archive, out ImageArchive opened));
            Assert.Equal(0, opened.Count);
            Assert.True(ImagePath.IsDirectory(ref opened, Bytes("/")));
            Assert.Equal(-1, ImagePath.IndexOf(ref opened, Bytes("/lua5.4")));
        }

        [Theory]
        [InlineData("/lib/libtinfo.so.6", 0)]
        [InlineData("/lib/x86_64/libc.so.6", 1)]
        [InlineData("/lua5.4", 2)]
        [InlineData("/lua5", -1)]
        [InlineData("/lua5.4.1", -1)]
        [InlineData("/lib", -1)]
        [InlineData("lua5.4", -1)]
        [InlineData("/lib/../lua5.4", -1)]
        [InlineData("//lua5.4", -1)]
        public void IndexOf_Path_FindsOnlyExactCanonicalPaths(string path, int expected)
        {
            Open(Sample(), out ImageArchive opened);
            Assert.Equal(expected, ImagePath.IndexOf(ref opened, Bytes(path)));
        }

        [Theory]
        [InlineData("/", true)]
        [InlineData("/lib", true)]
        [InlineData("/lib/", true)]
        [InlineData("/lib/x86_64", true)]
        [InlineData("/li", false)]
        [InlineData("/lua5.4", false)]
        [InlineData("/lib/libtinfo.so.6", false)]
        [InlineData("/usr", false)]
        [InlineData("lib", false)]
        public void IsDirectory_Path_TrueOnlyForFoldersHoldingFiles(string path, bool expected)
        {
            Open(Sample(), out ImageArchive opened);
            Assert.Equal(expected, ImagePath.IsDirectory(ref opened, Bytes(path)));
        }

        [Fact]
        public void Accessors_IndexOutOfRange_GiveEmptyValues()
        {
            Open(Sample(), out ImageArchive opened);
            Assert.Equal(0, opened.PathAt(3).Length);
            Assert.Equal(0, opened.PathAt(-1).Length);
            Assert.Equal(0, opened.LengthAt(3));
            Assert.True(opened.DataAt(-1) == null);
        }

        [Fact]
        public void Bad_EveryTruncation_IsRefused()
        {
            byte[] archive = Sample();
            using var buffer = new GuardedBuffer(archive.Length);
            for (int length = 0; length < archive.Length; length++)
            {
                byte* start = buffer.Place(archive.AsSpan(0, length));
                Assert.NotEqual(ImageArchiveError.None, ImageArchive.TryOpen(start, length, out _));
            }
        }

        [Fact]
        public void Bad_NullPointer_IsTooShort() =>
            Assert.Equal(ImageArchiveError.TooShort, ImageArchive.TryOpen(null, 1000, out _));

        [Fact]
        public void Bad_DeclaredLengthBeyondAvailable_IsTooShort()
        {
            byte[] archive = Sample();
            PutUInt64(archive, 16, (ulong)archive.Length + 16);
            Assert.Equal(ImageArchiveError.TooShort, Open(archive, out _));
        }

        [Fact]
        public void Bad_Magic_IsRefused()
        {
            byte[] archive = Sample();
            archive[0] ^= 0xFF;
            Assert.Equal(ImageArchiveError.BadMagic, Open(archive, out _));
        }

        [Fact]
        public void Bad_FutureVersion_IsRefused()
        {
            byte[] archive = Sample();
            archive[4] = 2;
            Assert.Equal(ImageArchiveError.UnsupportedVersion, Open(archive, out _));
        }

        [Theory]
        [InlineData(6, 48)]  // header size
        [InlineData(24, 1)]  // reserved
        public void Bad_HeaderField_IsRefused(int offset, byte value)
        {
            byte[] archive = Sample();
            archive[offset] = value;
            Assert.Equal(ImageArchiveError.BadHeader, Open(archive, out _));
        }

        [Fact]
        public void Bad_CountAboveEntriesMax_IsRefused()
        {
            byte[] archive = Sample();
            PutUInt32(archive, 8, ImageArchive.EntriesMax + 1);
            Assert.Equal(ImageArchiveError.TooManyEntries, Open(archive, out _));
        }

        [Theory]
        [InlineData(8, 1000u)]        // entry count: the entry table runs past the end
        [InlineData(12, 0xFFFFFFFFu)] // path table bytes
        public void Bad_TablesBeyondTheEnd_AreRefused(int offset, uint value)
        {
            byte[] archive = Sample();
            PutUInt32(archive, offset, value);
            Assert.Equal(ImageArchiveError.TablesOutOfBounds, Open(archive, out _));
        }

        [Theory]
        [InlineData(0, 0xFFFFFFF0u)] // path offset
        [InlineData(4, 0xFFFFFFF0u)] // path length
        [InlineData(4, 1000u)]       // path length past the path table
        public void Bad_PathOutsideThePathTable_IsRefused(int field, uint value)
        {
            byte[] archive = Sample();
            PutUInt32(archive, EntryOffset(1) + field, value);
            Assert.Equal(ImageArchiveError.PathOutOfBounds, Open(archive, out _));
        }

        [Theory]
        [InlineData(0, (byte)'x')]   // not absolute
        [InlineData(6, (byte)'/')]   // "/lua5//": trailing slash
        [InlineData(3, 0)]           // a NUL inside
        [InlineData(7, (byte)'x')]   // the terminating NUL overwritten
        public void Bad_PathNotCanonical_IsRefused(int byteInLastPath, byte value)
        {
            byte[] archive = Sample();
            int pathTable = ImageArchive.HeaderBytes + 3 * ImageArchive.EntryBytes;
            int lastPathOffset = (int)BitConverter.ToUInt32(archive, EntryOffset(2));
            archive[pathTable + lastPathOffset + byteInLastPath] = value;
            Assert.Equal(ImageArchiveError.PathNotCanonical, Open(archive, out _));
        }

        [Fact]
        public void Bad_EntriesOutOfOrder_AreRefused()
        {
            byte[] archive = Sample();
            byte[] first = archive.AsSpan(EntryOffset(0), ImageArchive.EntryBytes).ToArray();
            archive.AsSpan(EntryOffset(1), ImageArchive.EntryBytes).CopyTo(archive.AsSpan(EntryOffset(0)));
            first.CopyTo(archive.AsSpan(EntryOffset(1)));
            Assert.Equal(ImageArchiveError.PathsNotSorted, Open(archive, out _));
        }

        [Fact]
        public void Bad_DuplicatePath_IsRefused()
        {
            byte[] archive = Sample();
            archive.AsSpan(EntryOffset(0), ImageArchive.EntryBytes).CopyTo(archive.AsSpan(EntryOffset(1)));
            Assert.Equal(ImageArchiveError.PathsNotSorted, Open(archive, out _));
        }

        [Fact]
        public void Bad_DataOffsetNotAligned_IsRefused()
        {
            byte[] archive = Sample();
            PutUInt64(archive, EntryOffset(0) + 8, BitConverter.ToUInt64(archive, EntryOffset(0) + 8) + 1);
            Assert.Equal(ImageArchiveError.DataMisaligned, Open(archive, out _));
        }

        [Theory]
        [InlineData(8, 0xFFFF_FFFF_FFFF_FFF0ul)]  // data offset far beyond
        [InlineData(8, 16ul)]                      // data offset inside the tables
        [InlineData(16, 0xFFFF_FFFF_FFFF_FFFFul)]  // length overflowing offset + length
        [InlineData(16, 4096ul)]                   // length past the end
        public void Bad_DataOutsideTheArchive_IsRefused(int field, ulong value)
        {
            byte[] archive = Sample();
            PutUInt64(archive, EntryOffset(2) + field, value);
            Assert.Equal(ImageArchiveError.DataOutOfBounds, Open(archive, out _));
        }

        [Fact]
        public void Bad_FileInsideAFile_IsRefused()
        {
            // The writer refuses "/a" with "/a/b", so patch "/a_b" into "/a/b" (still sorted).
            byte[] archive = Build(("/a", "file"), ("/a_b", "under a file"));
            int pathTable = ImageArchive.HeaderBytes + 2 * ImageArchive.EntryBytes;
            int secondPath = (int)BitConverter.ToUInt32(archive, EntryOffset(1));
            archive[pathTable + secondPath + 2] = (byte)'/';
            Assert.Equal(ImageArchiveError.FileUnderFile, Open(archive, out _));
        }

        [Fact]
        public void Describe_EveryError_HasItsOwnText()
        {
            var seen = new System.Collections.Generic.HashSet<string>();
            foreach (ImageArchiveError error in Enum.GetValues<ImageArchiveError>())
                Assert.True(seen.Add(ImageArchive.Describe(error)), error.ToString());
        }
    }
}
