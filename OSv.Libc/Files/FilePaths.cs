// Path resolution for the file layer: turns a C path (absolute, or relative to the current
// directory) into one canonical absolute path: no empty, "." or ".." components and no trailing
// slash ("/" is the root), which is the form the image filesystem's table uses. There are no
// symbolic links in an image, so ".." is purely lexical, as POSIX allows when none exist.
// The current directory is process-wide (POSIX), kept canonical, changed only by chdir.
// Results are written into the caller's buffer of FileLimits.PathBytesMax bytes; nothing
// allocates. Errors are negative errno values.
namespace OSv.Libc.Files
{
    using System;
    using OSv.Libc.Errors;

    public static unsafe class FilePaths
    {
        private static readonly byte[] s_currentDirectory = new byte[FileLimits.PathBytesMax];
        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();
        private static int s_currentDirectoryLength = SetRoot();

        private static int SetRoot()
        {
            s_currentDirectory[0] = (byte)'/';
            return 1;
        }

        /// <summary>The canonical absolute form of <paramref name="path"/> in
        /// <paramref name="resolved"/>: its length, or a negative errno (EFAULT, ENOENT for "",
        /// ENAMETOOLONG).</summary>
        public static int Resolve(byte* path, Span<byte> resolved)
        {
            if (path == null)
                return -ErrnoCodes.EFAULT;
            int length = 0;
            while (length < FileLimits.PathBytesMax && path[length] != 0)
                length++;
            if (length == FileLimits.PathBytesMax)
                return -ErrnoCodes.ENAMETOOLONG;
            if (length == 0)
                return -ErrnoCodes.ENOENT;
            int used = path[0] == (byte)'/' ? SetRootIn(resolved) : CopyCurrentDirectory(resolved);
            return AppendComponents(new ReadOnlySpan<byte>(path, length), resolved, used);
        }

        /// <summary>Copies the current directory; returns its length.</summary>
        public static int CopyCurrentDirectory(Span<byte> destination)
        {
            s_lock.Lock();
            int length = s_currentDirectoryLength;
            new ReadOnlySpan<byte>(s_currentDirectory, 0, length).CopyTo(destination);
            s_lock.Unlock();
            return length;
        }

        /// <summary>Makes the canonical path <paramref name="directory"/> current.</summary>
        public static void SetCurrentDirectory(ReadOnlySpan<byte> directory)
        {
            s_lock.Lock();
            directory.CopyTo(s_currentDirectory);
            s_currentDirectoryLength = directory.Length;
            s_lock.Unlock();
        }

        private static int SetRootIn(Span<byte> resolved)
        {
            resolved[0] = (byte)'/';
            return 1;
        }

        private static int AppendComponents(ReadOnlySpan<byte> path, Span<byte> resolved, int used)
        {
            int i = 0;
            while (i < path.Length)
            {
                while (i < path.Length && path[i] == (byte)'/')
                    i++;
                int start = i;
                while (i < path.Length && path[i] != (byte)'/')
                    i++;
                int componentLength = i - start;
                if (componentLength == 0 || (componentLength == 1 && path[start] == (byte)'.'))
                    continue;
                if (componentLength == 2 && path[start] == (byte)'.' && path[start + 1] == (byte)'.')
                {
                    used = RemoveLastComponent(resolved, used);
                    continue;
                }
                int separator = used > 1 ? 1 : 0;
                if (used + separator + componentLength >= FileLimits.PathBytesMax)
                    return -ErrnoCodes.ENAMETOOLONG;
                if (separator != 0)
                    resolved[used++] = (byte)'/';
                path.Slice(start, componentLength).CopyTo(resolved.Slice(used));
                used += componentLength;
            }
            return used;
        }

        // "/a/b" -> "/a", "/a" -> "/", "/" -> "/" (the root's parent is the root).
        private static int RemoveLastComponent(Span<byte> resolved, int used)
        {
            while (used > 1 && resolved[used - 1] != (byte)'/')
                used--;
            if (used > 1)
                used--;
            return used;
        }
    }
}
