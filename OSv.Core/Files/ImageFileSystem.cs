// The read-only file system of the image: the files the app listed (<OsvFile> items), by
// absolute path. Directories are implied by file paths ("/lib/x.so" makes "/lib" a directory).
//
// Metal (ImageFileSystem.Metal.cs): the archive linked into the kernel, validated at boot.
// Hosted (ImageFileSystem.Hosted.cs): what tests mount (host folders, or archives in memory).
// Either way every lookup is a binary search over sorted paths (ImagePath) and allocates
// nothing; indexes 0 .. Count-1 list the files in path order.
using System;

namespace OSv.Core.Files
{
    public static unsafe partial class ImageFileSystem
    {
        // Finds a file by canonical absolute path (UTF-8, no trailing '/', no NUL).
        public static bool TryOpen(ReadOnlySpan<byte> absolutePath, out ImageFile file)
        {
            Snapshot files = Current;
            int index = ImagePath.IndexOf(ref files, absolutePath);
            if (index < 0)
            {
                file = default;
                return false;
            }
            file = new ImageFile(files.DataAt(index), files.LengthAt(index));
            return true;
        }

        public static int Count => Current.Count;

        // The path of file index, in path order (empty for an index out of range).
        public static ReadOnlySpan<byte> PathAt(int index) => Current.PathAt(index);

        // The length of file index (0 for an index out of range).
        public static long LengthAt(int index) => Current.LengthAt(index);

        // True for "/" and every directory that holds a file somewhere below it.
        public static bool IsDirectory(ReadOnlySpan<byte> absolutePath)
        {
            Snapshot files = Current;
            return ImagePath.IsDirectory(ref files, absolutePath);
        }
    }
}
