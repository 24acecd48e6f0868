// Paths of files in the image: UTF-8, absolute, '/'-separated and canonical (no empty, "." or
// ".." component, no trailing '/', no NUL byte), at most PathBytesMax bytes. The archive keeps
// its entries sorted by ordinal byte order, so a lookup is a binary search and a directory (which
// exists only implied by the files under it) is the range of paths that start with "dir/".
//
// The search runs over any sorted list of paths (the linked archive on metal, the mounted table
// hosted) through IImagePathList, so both platforms share one algorithm and its tests.
// Callers normalise their own paths first (libc's open resolves "." and ".."); a path that is not
// canonical simply names nothing here.
using System;

namespace OSv.Core.Files
{
    // A list of canonical paths in strictly increasing ordinal order.
    public interface IImagePathList
    {
        int Count { get; }

        ReadOnlySpan<byte> PathAt(int index);
    }

    public static class ImagePath
    {
        // Longest path accepted (Linux's PATH_MAX, terminating NUL included there, not here).
        public const int PathBytesMax = 4095;

        public static bool IsCanonical(ReadOnlySpan<byte> path)
        {
            if (path.Length < 2 || path.Length > PathBytesMax || path[0] != (byte)'/')
                return false;
            int componentStart = 1;
            for (int i = 1; i <= path.Length; i++)
            {
                if (i < path.Length && path[i] == 0)
                    return false;
                if (i < path.Length && path[i] != (byte)'/')
                    continue;
                if (!IsValidComponent(path.Slice(componentStart, i - componentStart)))
                    return false;
                componentStart = i + 1;
            }
            return true;
        }

        private static bool IsValidComponent(ReadOnlySpan<byte> component)
        {
            if (component.Length == 0)
                return false; // "//" or a trailing '/'
            if (component.Length == 1 && component[0] == (byte)'.')
                return false;
            return !(component.Length == 2 && component[0] == (byte)'.' && component[1] == (byte)'.');
        }

        // Ordinal comparison of left with right followed by suffix (suffix < 0: no suffix byte).
        public static int Compare(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, int suffix = -1)
        {
            int rightLength = right.Length + (suffix >= 0 ? 1 : 0);
            int common = left.Length < rightLength ? left.Length : rightLength;
            for (int i = 0; i < common; i++)
            {
                int r = i < right.Length ? right[i] : suffix;
                if (left[i] != r)
                    return left[i] - r;
            }
            return left.Length - rightLength;
        }

        // The first index whose path is not less than key (followed by suffix, if any).
        public static int LowerBound<TList>(ref TList list, ReadOnlySpan<byte> key, int suffix = -1)
            where TList : struct, IImagePathList
        {
            int low = 0, high = list.Count;
            while (low < high)
            {
                int middle = low + (high - low) / 2;
                if (Compare(list.PathAt(middle), key, suffix) < 0)
                    low = middle + 1;
                else
                    high = middle;
            }
            return low;
        }

        // The index of a file with exactly this path, or -1.
        public static int IndexOf<TList>(ref TList list, ReadOnlySpan<byte> path)
            where TList : struct, IImagePathList
        {
            if (!IsCanonical(path))
                return -1;
            int index = LowerBound(ref list, path);
            return index < list.Count && Compare(list.PathAt(index), path) == 0 ? index : -1;
        }

        // True for "/" and for every directory some file lies under. A trailing '/' is accepted
        // ("/lib/" is "/lib").
        public static bool IsDirectory<TList>(ref TList list, ReadOnlySpan<byte> path)
            where TList : struct, IImagePathList
        {
            if (path.Length > 1 && path[path.Length - 1] == (byte)'/')
                path = path.Slice(0, path.Length - 1);
            if (path.Length == 1 && path[0] == (byte)'/')
                return true;
            if (!IsCanonical(path))
                return false;
            return HasDescendant(ref list, path);
        }

        // Whether some path in the list starts with directory + "/".
        public static bool HasDescendant<TList>(ref TList list, ReadOnlySpan<byte> directory)
            where TList : struct, IImagePathList
        {
            int index = LowerBound(ref list, directory, '/');
            if (index >= list.Count)
                return false;
            ReadOnlySpan<byte> candidate = list.PathAt(index);
            return candidate.Length > directory.Length
                && candidate[directory.Length] == (byte)'/'
                && Compare(candidate.Slice(0, directory.Length), directory) == 0;
        }
    }
}
