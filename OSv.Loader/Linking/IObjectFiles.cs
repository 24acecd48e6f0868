// Where the loader gets the bytes of objects named by DT_NEEDED, dlopen or the program name
// (names the host provides itself never get here). Hosted: HostDirectoryObjectFiles searches
// host directories; in an image the lead's implementation reads the image filesystem. The bytes
// must stay valid and unchanged for as long as the linker lives: the loader reads them while
// mapping only, but may map the same object again after a dlclose.
namespace OSv.Loader.Linking
{
    public unsafe interface IObjectFiles
    {
        /// <summary>Finds the object <paramref name="name"/> (a bare soname such as "libfoo.so.1",
        /// or a path containing '/'). False when there is none.</summary>
        bool TryOpen(System.ReadOnlySpan<byte> name, out byte* data, out long length);
    }
}
