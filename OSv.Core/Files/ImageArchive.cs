// The image's file archive: the files an app lists as <OsvFile> items, packed at build time by
// OSv.Sdk/Tasks/ImageArchiveWriter.cs and linked into the kernel as section .osv_files
// (kernel.ld: __osv_files_start .. __osv_files_end). This is its reader: a bounds-checked view
// that validates everything once, so that lookups afterwards cannot read outside the archive
// whatever the bytes were (a bad archive is refused, never trusted).
//
// Format, version 1 (all integers little-endian; offsets from the archive's first byte):
//   header, 32 bytes:
//     0  u32 magic "OSVF" (0x4656534F)     4  u16 version (1)      6  u16 header bytes (32)
//     8  u32 entry count                  12  u32 path table bytes
//    16  u64 archive bytes (header to the end of the last file, padding included)
//    24  u64 reserved, 0
//   entry table at 32, entry count x 24 bytes, sorted by path (ordinal, strictly increasing):
//     0  u32 path offset in the path table  4  u32 path length (bytes, without the NUL)
//     8  u64 data offset (a multiple of 16)  16 u64 data length
//   path table right after the entries: each path canonical (ImagePath) and followed by a NUL,
//     so C code can use it as a string;
//   data, each file 16-byte aligned (the archive itself starts page-aligned in the image), after
//     the path table. Zero padding between files.
// An image without files carries an archive with no entries. Files may not also be directories
// ("/a" and "/a/b"): directories exist only as prefixes of file paths.
//
// Validation (TryOpen): header fields, every table inside the archive, every path canonical and
// NUL-terminated, paths strictly increasing (so no duplicates), data aligned and inside the
// archive, no file under another file. Counts are bounded (EntriesMax) and arithmetic is on
// 64-bit values whose inputs are bounded by 32-bit fields or the archive length, so nothing
// overflows. Overlapping file data is allowed: the archive is read-only.
using System;
using System.Runtime.CompilerServices;

namespace OSv.Core.Files
{
    public enum ImageArchiveError
    {
        None,
        TooShort,
        BadMagic,
        UnsupportedVersion,
        BadHeader,
        TooManyEntries,
        TablesOutOfBounds,
        PathOutOfBounds,
        PathNotCanonical,
        PathsNotSorted,
        DataMisaligned,
        DataOutOfBounds,
        FileUnderFile,
    }

    public readonly unsafe struct ImageArchive : IImagePathList
    {
        public const uint Magic = 0x4656534F; // "OSVF"
        public const ushort Version = 1;
        public const int HeaderBytes = 32;
        public const int EntryBytes = 24;
        public const int DataAlignmentBytes = 16;

        // Files one archive may hold: far above any app's, small enough that the entry table
        // (1.5 MiB at most) and a validation pass stay cheap.
        public const int EntriesMax = 1 << 16;

        private const int CountOffset = 8;
        private const int PathTableBytesOffset = 12;
        private const int ArchiveBytesOffset = 16;
        private const int ReservedOffset = 24;

        private readonly byte* _base;
        private readonly long _lengthBytes;
        private readonly int _count;
        private readonly long _pathTableOffset;

        private ImageArchive(byte* archiveBase, long lengthBytes, int count, long pathTableOffset)
        {
            _base = archiveBase;
            _lengthBytes = lengthBytes;
            _count = count;
            _pathTableOffset = pathTableOffset;
        }

        public int Count => _count;

        // The archive's own length (what its header declares; at most what was available).
        public long LengthBytes => _lengthBytes;

        // The path of entry index (empty for an index out of range).
        public ReadOnlySpan<byte> PathAt(int index)
        {
            if ((uint)index >= (uint)_count)
                return default;
            byte* entry = EntryAt(index);
            return new ReadOnlySpan<byte>(_base + _pathTableOffset + ReadUInt32(entry), (int)ReadUInt32(entry + 4));
        }

        public long LengthAt(int index) => (uint)index < (uint)_count ? (long)ReadUInt64(EntryAt(index) + 16) : 0;

        public byte* DataAt(int index) => (uint)index < (uint)_count ? _base + ReadUInt64(EntryAt(index) + 8) : null;

        private byte* EntryAt(int index) => _base + HeaderBytes + (long)index * EntryBytes;

        // Little-endian reads at any alignment (x86-64 is little-endian and allows unaligned loads).
        private static uint ReadUInt32(byte* at) => Unsafe.ReadUnaligned<uint>(at);

        private static ulong ReadUInt64(byte* at) => Unsafe.ReadUnaligned<ulong>(at);

        private static ushort ReadUInt16(byte* at) => Unsafe.ReadUnaligned<ushort>(at);

        // Validates lengthBytes bytes at data as an archive; on success the view is safe to use
        // for as long as those bytes stay mapped and unchanged.
        public static ImageArchiveError TryOpen(byte* data, long lengthBytes, out ImageArchive archive)
        {
            archive = default;
            if (data == null || lengthBytes < HeaderBytes)
                return ImageArchiveError.TooShort;
            ImageArchiveError error = CheckHeader(data, lengthBytes, out int count, out long archiveBytes, out long pathTableOffset);
            if (error != ImageArchiveError.None)
                return error;
            var candidate = new ImageArchive(data, archiveBytes, count, pathTableOffset);
            for (int i = 0; i < count; i++)
            {
                error = candidate.CheckEntry(i);
                if (error != ImageArchiveError.None)
                    return error;
            }
            // Paths are now known sorted and canonical: a file under a file is one whose path
            // followed by '/' starts some other path.
            for (int i = 0; i < count; i++)
            {
                if (ImagePath.HasDescendant(ref candidate, candidate.PathAt(i)))
                    return ImageArchiveError.FileUnderFile;
            }
            archive = candidate;
            return ImageArchiveError.None;
        }

        private static ImageArchiveError CheckHeader(byte* data, long lengthBytes, out int count, out long archiveBytes, out long pathTableOffset)
        {
            count = 0;
            archiveBytes = 0;
            pathTableOffset = 0;
            if (ReadUInt32(data) != Magic)
                return ImageArchiveError.BadMagic;
            if (ReadUInt16(data + 4) != Version)
                return ImageArchiveError.UnsupportedVersion;
            if (ReadUInt16(data + 6) != HeaderBytes || ReadUInt64(data + ReservedOffset) != 0)
                return ImageArchiveError.BadHeader;
            ulong declaredBytes = ReadUInt64(data + ArchiveBytesOffset);
            if (declaredBytes < HeaderBytes || declaredBytes > (ulong)lengthBytes)
                return ImageArchiveError.TooShort;
            uint declaredCount = ReadUInt32(data + CountOffset);
            if (declaredCount > EntriesMax)
                return ImageArchiveError.TooManyEntries;
            ulong tablesEnd = HeaderBytes + (ulong)declaredCount * EntryBytes + ReadUInt32(data + PathTableBytesOffset);
            if (tablesEnd > declaredBytes)
                return ImageArchiveError.TablesOutOfBounds;
            count = (int)declaredCount;
            archiveBytes = (long)declaredBytes;
            pathTableOffset = HeaderBytes + (long)count * EntryBytes;
            return ImageArchiveError.None;
        }

        // One entry: its path inside the path table, canonical, NUL-terminated and after the
        // previous one; its data aligned, after the tables and inside the archive.
        private ImageArchiveError CheckEntry(int index)
        {
            byte* entry = EntryAt(index);
            ulong pathTableBytes = ReadUInt32(_base + PathTableBytesOffset);
            ulong pathOffset = ReadUInt32(entry);
            ulong pathLength = ReadUInt32(entry + 4);
            if (pathLength > ImagePath.PathBytesMax || pathOffset + pathLength + 1 > pathTableBytes)
                return ImageArchiveError.PathOutOfBounds;
            ReadOnlySpan<byte> path = PathAt(index);
            if (_base[_pathTableOffset + (long)(pathOffset + pathLength)] != 0)
                return ImageArchiveError.PathNotCanonical;
            if (!ImagePath.IsCanonical(path))
                return ImageArchiveError.PathNotCanonical;
            if (index > 0 && ImagePath.Compare(PathAt(index - 1), path) >= 0)
                return ImageArchiveError.PathsNotSorted;
            ulong dataOffset = ReadUInt64(entry + 8);
            ulong dataLength = ReadUInt64(entry + 16);
            if (dataOffset % DataAlignmentBytes != 0)
                return ImageArchiveError.DataMisaligned;
            ulong tablesEnd = (ulong)_pathTableOffset + pathTableBytes;
            if (dataOffset < tablesEnd || dataOffset > (ulong)_lengthBytes || dataLength > (ulong)_lengthBytes - dataOffset)
                return ImageArchiveError.DataOutOfBounds;
            return ImageArchiveError.None;
        }

        // A short English description, for build and boot messages.
        public static string Describe(ImageArchiveError error) => error switch
        {
            ImageArchiveError.None => "valid",
            ImageArchiveError.TooShort => "shorter than its header or its declared length",
            ImageArchiveError.BadMagic => "no OSVF magic number",
            ImageArchiveError.UnsupportedVersion => "an unsupported format version",
            ImageArchiveError.BadHeader => "a malformed header",
            ImageArchiveError.TooManyEntries => "more entries than ImageArchive.EntriesMax",
            ImageArchiveError.TablesOutOfBounds => "entry or path tables beyond its end",
            ImageArchiveError.PathOutOfBounds => "a path outside the path table",
            ImageArchiveError.PathNotCanonical => "a path that is not absolute and canonical",
            ImageArchiveError.PathsNotSorted => "paths out of order or duplicated",
            ImageArchiveError.DataMisaligned => "file data not 16-byte aligned",
            ImageArchiveError.DataOutOfBounds => "file data outside the archive",
            ImageArchiveError.FileUnderFile => "a file inside what another entry says is a file",
            _ => "an unknown error",
        };
    }
}
