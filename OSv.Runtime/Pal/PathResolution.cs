// Turns a PAL path argument (a NUL-terminated UTF-8 C string, absolute or relative to the working
// directory, which is always "/") into the canonical absolute form ImageFileSystem looks up:
// empty, "." and ".." components resolved, repeated and trailing '/' dropped. ".." at the root
// stays at the root, as on Linux. The result goes into a caller's buffer (PathBufferBytes, on the
// stack): nothing is allocated.
//
// Results: Ok (length written; "/" itself is length 1), or the Linux errno the call must fail
// with: ENOENT for an empty path (Linux open("") fails so), ENAMETOOLONG past PATH_MAX.
// Symbolic links do not exist in the image, so no component needs a lookup while resolving.
using System;

namespace OSv.Runtime.Pal
{
    internal static unsafe class PathResolution
    {
        // Linux PATH_MAX, the terminating NUL included.
        public const int PathBytesMax = 4096;
        public const int PathBufferBytes = PathBytesMax;

        // Returns 0 and the canonical length, or a Linux errno.
        public static int Resolve(byte* cPath, Span<byte> canonical, out int length)
        {
            length = 0;
            if (cPath == null)
                return LinuxErrno.EFAULT;
            int inputLength = 0;
            while (cPath[inputLength] != 0)
            {
                if (++inputLength >= PathBytesMax)
                    return LinuxErrno.ENAMETOOLONG;
            }
            if (inputLength == 0)
                return LinuxErrno.ENOENT;
            return Canonicalize(new ReadOnlySpan<byte>(cPath, inputLength), canonical, out length);
        }

        public static int Canonicalize(ReadOnlySpan<byte> path, Span<byte> canonical, out int length)
        {
            length = 0;
            int position = 0;
            while (position < path.Length)
            {
                while (position < path.Length && path[position] == (byte)'/')
                    position++;
                int start = position;
                while (position < path.Length && path[position] != (byte)'/')
                    position++;
                ReadOnlySpan<byte> component = path.Slice(start, position - start);
                if (component.Length == 0 || (component.Length == 1 && component[0] == (byte)'.'))
                    continue;
                if (component.Length == 2 && component[0] == (byte)'.' && component[1] == (byte)'.')
                {
                    while (length > 0 && canonical[length - 1] != (byte)'/')
                        length--;
                    if (length > 0)
                        length--; // the '/' before the dropped component
                    continue;
                }
                if (length + 1 + component.Length > canonical.Length - 1)
                    return LinuxErrno.ENAMETOOLONG;
                canonical[length++] = (byte)'/';
                component.CopyTo(canonical.Slice(length));
                length += component.Length;
            }
            if (length == 0)
                canonical[length++] = (byte)'/';
            return 0;
        }

        public static bool IsRoot(ReadOnlySpan<byte> canonical) => canonical.Length == 1 && canonical[0] == (byte)'/';
    }
}
