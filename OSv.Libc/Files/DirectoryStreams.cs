// opendir/readdir/closedir over the image filesystem, whose table holds file paths only: the
// entries of directory D are the distinct first components after "D/" among those paths (a
// component followed by more path is a subdirectory), preceded by "." and "..". A DIR is one
// C-heap block holding the cursor, the canonical directory path and the `struct dirent` that
// readdir returns (x86-64 layout, dirent and dirent64 alike: d_ino @0, d_off @8, d_reclen @16,
// d_type @18, d_name[256] @19; 280 bytes). Each readdir scans the table from the cursor and
// skips names an earlier path already produced, so a listing costs O(n^2) in the table's size,
// which is small (an image ships tens to hundreds of files), and allocates nothing.
namespace OSv.Libc.Files
{
    using System;
    using OSv.Core.Files;
    using OSv.Libc.Errors;

    public static unsafe class DirectoryStreams
    {
        public const int DirentBytes = 280, DirentNameOffset = 19, DirentNameBytesMax = 256;
        public const byte TypeDirectory = 4, TypeRegular = 8;
        private const int Magic = 0x44495253; // "DIRS"
        private const int CursorDot = -2, CursorDotDot = -1;

        private struct DirectoryStream
        {
            public int Magic;
            public int Cursor;
            public int PathLength;
            public fixed byte Entry[DirentBytes];
            public fixed byte Path[FileLimits.PathBytesMax];
        }

        public static byte* Open(byte* path)
        {
            Span<byte> resolved = stackalloc byte[FileLimits.PathBytesMax];
            int length = FileDescriptorTable.ResolveDirectory(path, resolved);
            if (length < 0)
                return Fail(-length);
            var stream = (DirectoryStream*)OSv.Libc.Memory.Heap.Allocate((nuint)sizeof(DirectoryStream));
            if (stream == null)
                return Fail(ErrnoCodes.ENOMEM);
            stream->Magic = Magic;
            stream->Cursor = CursorDot;
            stream->PathLength = length;
            resolved.Slice(0, length).CopyTo(new Span<byte>(stream->Path, FileLimits.PathBytesMax));
            return (byte*)stream;
        }

        public static int Close(byte* directory)
        {
            DirectoryStream* stream = Check(directory);
            if (stream == null)
                return -1;
            stream->Magic = 0;
            OSv.Libc.Memory.Heap.Free(directory);
            return 0;
        }

        public static void Rewind(byte* directory)
        {
            DirectoryStream* stream = Check(directory);
            if (stream != null)
                stream->Cursor = CursorDot;
        }

        /// <summary>The next entry, or null at the end (errno unchanged) or for a bad DIR (EBADF).</summary>
        public static byte* Read(byte* directory)
        {
            DirectoryStream* stream = Check(directory);
            if (stream == null)
                return null;
            var path = new ReadOnlySpan<byte>(stream->Path, stream->PathLength);
            if (stream->Cursor == CursorDot)
            {
                stream->Cursor = CursorDotDot;
                return Emit(stream, "."u8, TypeDirectory, FileNodes.InodeOf(path));
            }
            if (stream->Cursor == CursorDotDot)
            {
                stream->Cursor = 0;
                return Emit(stream, ".."u8, TypeDirectory, FileNodes.InodeOf(ParentOf(path)));
            }
            int prefixLength = path.Length == 1 ? 1 : path.Length + 1;
            for (int i = stream->Cursor; i < ImageFileSystem.Count; i++)
            {
                ReadOnlySpan<byte> name = ChildName(ImageFileSystem.PathAt(i), path, prefixLength, out bool isDirectory);
                if (name.IsEmpty || SeenBefore(i, path, prefixLength, name))
                    continue;
                stream->Cursor = i + 1;
                ulong inode = FileNodes.InodeOf(ImageFileSystem.PathAt(i).Slice(0, prefixLength + name.Length));
                return Emit(stream, name, isDirectory ? TypeDirectory : TypeRegular, inode);
            }
            stream->Cursor = ImageFileSystem.Count;
            return null;
        }

        // The component of `candidate` right after "directory/", or empty if it is not inside.
        private static ReadOnlySpan<byte> ChildName(ReadOnlySpan<byte> candidate, ReadOnlySpan<byte> directory, int prefixLength, out bool isDirectory)
        {
            isDirectory = false;
            if (candidate.Length <= prefixLength || candidate[prefixLength - 1] != (byte)'/'
                || !candidate.Slice(0, directory.Length).SequenceEqual(directory))
                return default;
            ReadOnlySpan<byte> rest = candidate.Slice(prefixLength);
            int slash = rest.IndexOf((byte)'/');
            isDirectory = slash >= 0;
            return isDirectory ? rest.Slice(0, slash) : rest;
        }

        private static bool SeenBefore(int index, ReadOnlySpan<byte> directory, int prefixLength, ReadOnlySpan<byte> name)
        {
            for (int j = 0; j < index; j++)
            {
                if (ChildName(ImageFileSystem.PathAt(j), directory, prefixLength, out _).SequenceEqual(name))
                    return true;
            }
            return false;
        }

        private static ReadOnlySpan<byte> ParentOf(ReadOnlySpan<byte> path)
        {
            int end = path.Length;
            while (end > 1 && path[end - 1] != (byte)'/')
                end--;
            return path.Slice(0, end > 1 ? end - 1 : 1);
        }

        private static byte* Emit(DirectoryStream* stream, ReadOnlySpan<byte> name, byte type, ulong inode)
        {
            byte* entry = stream->Entry;
            new Span<byte>(entry, DirentBytes).Clear();
            int length = name.Length < DirentNameBytesMax - 1 ? name.Length : DirentNameBytesMax - 1;
            *(ulong*)entry = inode;
            *(long*)(entry + 8) = stream->Cursor;
            *(ushort*)(entry + 16) = DirentBytes;
            entry[18] = type;
            name.Slice(0, length).CopyTo(new Span<byte>(entry + DirentNameOffset, length));
            return entry;
        }

        private static DirectoryStream* Check(byte* directory)
        {
            var stream = (DirectoryStream*)directory;
            if (stream == null || stream->Magic != Magic)
            {
                Errno.Set(ErrnoCodes.EBADF);
                return null;
            }
            return stream;
        }

        private static byte* Fail(int code)
        {
            Errno.Set(code);
            return null;
        }
    }
}
