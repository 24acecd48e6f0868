// Packs the files an app lists (<OsvFile> items) into the image's file archive. Format and reader:
// OSv.Core/Files/ImageArchive.cs (version 1: header, entry table sorted by path, NUL-terminated
// path table, file data 16-byte aligned). Paths are checked here with the reader's own rules, so
// a build never produces an archive the kernel would refuse.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace OSv.Sdk
{
    // One file to pack: where it goes in the image, and its bytes.
    public sealed record ImageArchiveFile(string ImagePath, byte[] Content);

    public static class ImageArchiveWriter
    {
        public const uint Magic = 0x4656534F; // "OSVF"
        public const ushort Version = 1;
        public const int HeaderBytes = 32;
        public const int EntryBytes = 24;
        public const int DataAlignmentBytes = 16;
        public const int EntriesMax = 1 << 16;
        public const int PathBytesMax = 4095;

        public static byte[] Build(IReadOnlyList<ImageArchiveFile> files)
        {
            CheckPaths(files);
            ImageArchiveFile[] sorted = files.OrderBy(file => Encoding.UTF8.GetBytes(file.ImagePath), ByteOrder.Instance).ToArray();
            byte[][] paths = sorted.Select(file => Encoding.UTF8.GetBytes(file.ImagePath)).ToArray();
            long pathTableBytes = paths.Sum(path => (long)path.Length + 1);
            long pathTableOffset = HeaderBytes + (long)sorted.Length * EntryBytes;
            long[] dataOffsets = new long[sorted.Length];
            long position = AlignUp(pathTableOffset + pathTableBytes);
            for (int i = 0; i < sorted.Length; i++)
            {
                dataOffsets[i] = position;
                position = AlignUp(position + sorted[i].Content.Length);
            }
            if (position > int.MaxValue)
                throw new InvalidDataException("the image's files add up to more than 2 GiB.");
            var archive = new byte[position];
            WriteHeader(archive, sorted.Length, pathTableBytes, position);
            long pathOffset = 0;
            for (int i = 0; i < sorted.Length; i++)
            {
                Span<byte> entry = archive.AsSpan(HeaderBytes + i * EntryBytes, EntryBytes);
                BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)pathOffset);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], (uint)paths[i].Length);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)dataOffsets[i]);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], (ulong)sorted[i].Content.Length);
                paths[i].CopyTo(archive, pathTableOffset + pathOffset); // the NUL is the array's zero
                pathOffset += paths[i].Length + 1;
                sorted[i].Content.CopyTo(archive, dataOffsets[i]);
            }
            return archive;
        }

        private static void WriteHeader(byte[] archive, int count, long pathTableBytes, long archiveBytes)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(archive, Magic);
            BinaryPrimitives.WriteUInt16LittleEndian(archive.AsSpan(4), Version);
            BinaryPrimitives.WriteUInt16LittleEndian(archive.AsSpan(6), HeaderBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(8), (uint)count);
            BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(12), (uint)pathTableBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(archive.AsSpan(16), (ulong)archiveBytes);
        }

        private static long AlignUp(long value) => (value + DataAlignmentBytes - 1) / DataAlignmentBytes * DataAlignmentBytes;

        // Every path canonical, none twice, none inside another file; the message names the path.
        public static void CheckPaths(IReadOnlyList<ImageArchiveFile> files)
        {
            if (files.Count > EntriesMax)
                throw new InvalidDataException("too many files for one image (" + files.Count + ", at most " + EntriesMax + ").");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (ImageArchiveFile file in files)
            {
                string? problem = DescribePathProblem(file.ImagePath);
                if (problem != null)
                    throw new InvalidDataException("the image path '" + file.ImagePath + "' " + problem + ".");
                if (!seen.Add(file.ImagePath))
                    throw new InvalidDataException("two files have the image path '" + file.ImagePath + "'.");
            }
            foreach (string path in seen)
            {
                for (int slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
                {
                    if (seen.Contains(path.Substring(0, slash)))
                        throw new InvalidDataException("'" + path + "' would be inside '" + path.Substring(0, slash) + "', which is a file.");
                }
            }
        }

        // Null when the path is absolute and canonical (OSv.Core/Files/ImagePath.cs).
        public static string? DescribePathProblem(string path)
        {
            if (path.Length == 0 || path[0] != '/')
                return "is not absolute (it must start with '/')";
            if (path == "/")
                return "names the root folder, not a file";
            if (Encoding.UTF8.GetByteCount(path) > PathBytesMax)
                return "is longer than " + PathBytesMax + " bytes";
            if (path.Contains('\0'))
                return "contains a NUL character";
            foreach (string component in path.Substring(1).Split('/'))
            {
                if (component.Length == 0)
                    return "has an empty component ('//' or a trailing '/')";
                if (component == "." || component == "..")
                    return "has a '.' or '..' component";
            }
            return null;
        }

        private sealed class ByteOrder : IComparer<byte[]>
        {
            public static readonly ByteOrder Instance = new ByteOrder();

            public int Compare(byte[]? left, byte[]? right) => left.AsSpan().SequenceCompareTo(right);
        }
    }
}
