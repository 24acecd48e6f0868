// Where programs and shared objects come from in an image: the image's files (<OsvFile> items).
// A name with a slash is a path; a bare soname (DT_NEEDED, dlopen("libfoo.so")) is looked for in
// /lib, /usr/lib and /, in that order, as ld.so searches its default directories.
namespace OSv.Libc.Process
{
    using System;
    using OSv.Core.Files;

    public sealed unsafe class ImageObjectFiles : OSv.Loader.Linking.IObjectFiles
    {
        private const int PathBytesMax = 512;

        public bool TryOpen(ReadOnlySpan<byte> name, out byte* data, out long length)
        {
            data = null;
            length = 0;
            if (name.IndexOf((byte)'/') >= 0)
                return TryOpenPath(name, out data, out length);
            return TryOpenIn("/lib/"u8, name, out data, out length)
                || TryOpenIn("/usr/lib/"u8, name, out data, out length)
                || TryOpenIn("/"u8, name, out data, out length);
        }

        private static bool TryOpenIn(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> name, out byte* data, out long length)
        {
            data = null;
            length = 0;
            if (directory.Length + name.Length > PathBytesMax)
                return false;
            Span<byte> path = stackalloc byte[directory.Length + name.Length];
            directory.CopyTo(path);
            name.CopyTo(path.Slice(directory.Length));
            return TryOpenPath(path, out data, out length);
        }

        private static bool TryOpenPath(ReadOnlySpan<byte> path, out byte* data, out long length)
        {
            bool found = ImageFileSystem.TryOpen(path, out ImageFile file);
            data = found ? file.Data : null;
            length = found ? file.Length : 0;
            return found;
        }
    }
}
