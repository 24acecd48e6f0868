// What a canonical path names: an image file, a directory implied by the image's file paths
// (the image filesystem stores files only, so "/usr/lib" exists because "/usr/lib/x.so" does),
// or one of the device nodes programs expect (/dev/null, /dev/tty, /dev/std{in,out,err}).
// Inode numbers are a 64-bit FNV-1a hash of the canonical path: stable for a boot, equal for
// equal files, which is all stat's callers use them for. Lookups are linear over the image's
// path table (a few hundred entries at most), done at open and stat, never per read.
namespace OSv.Libc.Files
{
    using System;
    using OSv.Core.Files;

    public enum FileNodeKind
    {
        None,
        Console,
        Null,
        Image,
        Directory,
        Memory,
    }

    public unsafe struct FileNode
    {
        public FileNodeKind Kind;
        public int ConsoleStream;
        public byte* Data;
        public long Length;
        public ulong Inode;
    }

    public static unsafe class FileNodes
    {
        private const ulong FnvOffsetBasis = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;

        /// <summary>Looks up a canonical absolute path (see FilePaths.Resolve).</summary>
        public static bool Find(ReadOnlySpan<byte> path, out FileNode node)
        {
            node = default;
            node.Inode = InodeOf(path);
            if (FindDevice(path, ref node))
                return true;
            if (ImageFileSystem.TryOpen(path, out ImageFile file))
            {
                node.Kind = FileNodeKind.Image;
                node.Data = file.Data;
                node.Length = file.Length;
                return true;
            }
            if (IsDirectory(path))
            {
                node.Kind = FileNodeKind.Directory;
                return true;
            }
            return false;
        }

        public static ulong InodeOf(ReadOnlySpan<byte> path)
        {
            ulong hash = FnvOffsetBasis;
            for (int i = 0; i < path.Length; i++)
                hash = (hash ^ path[i]) * FnvPrime;
            return hash;
        }

        private static bool FindDevice(ReadOnlySpan<byte> path, ref FileNode node)
        {
            if (path.SequenceEqual("/dev/null"u8))
                node.Kind = FileNodeKind.Null;
            else if (path.SequenceEqual("/dev/stdin"u8))
                return Console(ref node, LibcConsole.InputStream);
            else if (path.SequenceEqual("/dev/stdout"u8) || path.SequenceEqual("/dev/tty"u8))
                return Console(ref node, LibcConsole.OutputStream);
            else if (path.SequenceEqual("/dev/stderr"u8))
                return Console(ref node, LibcConsole.ErrorStream);
            else if (path.SequenceEqual("/"u8) || path.SequenceEqual("/dev"u8))
                node.Kind = FileNodeKind.Directory;
            return node.Kind != FileNodeKind.None;
        }

        private static bool Console(ref FileNode node, int stream)
        {
            node.Kind = FileNodeKind.Console;
            node.ConsoleStream = stream;
            return true;
        }

        // A directory exists when some file's path continues it with a '/'.
        private static bool IsDirectory(ReadOnlySpan<byte> path)
        {
            int count = ImageFileSystem.Count;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> candidate = ImageFileSystem.PathAt(i);
                if (candidate.Length > path.Length && candidate[path.Length] == (byte)'/'
                    && candidate.Slice(0, path.Length).SequenceEqual(path))
                    return true;
            }
            return false;
        }
    }
}
