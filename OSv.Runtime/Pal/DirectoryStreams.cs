// SystemNative_OpenDir / ReadDir / CloseDir over the image's implied directories (a directory is
// the set of file paths below it; ImageFileSystem keeps paths sorted, so a directory's
// descendants are one contiguous run of indexes, and entries of one subdirectory are adjacent).
//
// A stream is an unmanaged record from PalHeap (the handle CoreLib holds as an IntPtr): the
// directory's canonical path with a trailing '/', a cursor (the next file index) and the last
// name returned, whose bytes DirectoryEntry.Name points at until the next ReadDir (readdir's
// contract). ReadDir walks the run: a path "dir/name" gives a regular file, "dir/name/..." a
// directory, skipped while it repeats the last name. "." and ".." are not listed (CoreLib skips
// them anyway). Results follow libSystem.Native: 0 with an entry, -1 at the end, else an errno.
// At most PalLimits.DirectoryStreamsMax streams are open (EMFILE beyond).
using System;
using System.Runtime;
using System.Threading;
using OSv.Core.Files;

namespace OSv.Runtime.Pal
{
    // Interop.Sys.DirectoryEntry (16 bytes).
    internal unsafe struct DirectoryEntry
    {
        public byte* Name;
        public int NameLength;
        public int InodeType; // Interop.Sys.NodeType: DT_DIR 4, DT_REG 8
    }

    internal static unsafe class DirectoryStreams
    {
        public const int DT_DIR = 4, DT_REG = 8;
        public const int NameBytesMax = 255; // Linux NAME_MAX

        private const uint StreamMagic = 0x44495253; // "DIRS"
        private static int s_openCount;

        private struct Stream
        {
            public uint Magic;
            public int Cursor;
            public int PrefixLength;
            public int NameLength;
            public fixed byte Prefix[PathResolution.PathBufferBytes + 1];
            public fixed byte Name[NameBytesMax + 1];
        }

        [RuntimeExport("SystemNative_OpenDir")]
        internal static nint OpenDir(byte* path)
        {
            Span<byte> canonical = stackalloc byte[PathResolution.PathBufferBytes];
            int error = PathResolution.Resolve(path, canonical, out int length);
            if (error != 0)
                return ThreadErrno.FailNull(error);
            ImageNode node = ImageNode.Find(canonical.Slice(0, length));
            if (node.Kind != ImageNodeKind.Directory)
                return ThreadErrno.FailNull(node.Kind == ImageNodeKind.Missing ? LinuxErrno.ENOENT : LinuxErrno.ENOTDIR);
            if (Interlocked.Increment(ref s_openCount) > PalLimits.DirectoryStreamsMax)
            {
                Interlocked.Decrement(ref s_openCount);
                return ThreadErrno.FailNull(LinuxErrno.EMFILE);
            }
            var stream = (Stream*)PalHeap.Malloc((nuint)sizeof(Stream));
            if (stream == null)
            {
                Interlocked.Decrement(ref s_openCount);
                return ThreadErrno.FailNull(LinuxErrno.ENOMEM);
            }
            int prefixLength = PathResolution.IsRoot(canonical.Slice(0, length)) ? 0 : length;
            canonical.Slice(0, prefixLength).CopyTo(new Span<byte>(stream->Prefix, prefixLength));
            stream->Prefix[prefixLength++] = (byte)'/';
            stream->PrefixLength = prefixLength;
            stream->NameLength = 0;
            stream->Cursor = FirstIndexWithPrefix(new ReadOnlySpan<byte>(stream->Prefix, prefixLength));
            stream->Magic = StreamMagic;
            return (nint)stream;
        }

        [RuntimeExport("SystemNative_ReadDir")]
        internal static int ReadDir(nint dir, DirectoryEntry* outputEntry)
        {
            var stream = (Stream*)dir;
            if (stream == null || stream->Magic != StreamMagic)
                return LinuxErrno.EBADF;
            var prefix = new ReadOnlySpan<byte>(stream->Prefix, stream->PrefixLength);
            var last = new ReadOnlySpan<byte>(stream->Name, stream->NameLength);
            while (stream->Cursor < ImageFileSystem.Count)
            {
                ReadOnlySpan<byte> path = ImageFileSystem.PathAt(stream->Cursor);
                if (!path.StartsWith(prefix))
                    break;
                stream->Cursor++;
                ReadOnlySpan<byte> rest = path.Slice(prefix.Length);
                int slash = rest.IndexOf((byte)'/');
                ReadOnlySpan<byte> name = slash < 0 ? rest : rest.Slice(0, slash);
                if (name.SequenceEqual(last) || name.Length > NameBytesMax)
                    continue;
                name.CopyTo(new Span<byte>(stream->Name, NameBytesMax));
                stream->Name[name.Length] = 0;
                stream->NameLength = name.Length;
                outputEntry->Name = stream->Name;
                outputEntry->NameLength = name.Length;
                outputEntry->InodeType = slash < 0 ? DT_REG : DT_DIR;
                return 0;
            }
            *outputEntry = default;
            return -1;
        }

        [RuntimeExport("SystemNative_CloseDir")]
        internal static int CloseDir(nint dir)
        {
            var stream = (Stream*)dir;
            if (stream == null || stream->Magic != StreamMagic)
                return ThreadErrno.Fail(LinuxErrno.EBADF);
            stream->Magic = 0;
            PalHeap.Free(stream);
            Interlocked.Decrement(ref s_openCount);
            return 0;
        }

        // The first file index whose path is >= prefix (binary search over the sorted paths).
        private static int FirstIndexWithPrefix(ReadOnlySpan<byte> prefix)
        {
            int low = 0, high = ImageFileSystem.Count;
            while (low < high)
            {
                int middle = (low + high) >>> 1;
                if (ImagePath.Compare(ImageFileSystem.PathAt(middle), prefix) < 0)
                    low = middle + 1;
                else
                    high = middle;
            }
            return low;
        }
    }
}
