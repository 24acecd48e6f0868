// Every call the hosted loader makes into the host's own C library, in one place (style rule 12).
namespace OSv.Loader.Linking
{
    internal static class NativeImports
    {
        public const int ProtectRead = 1, ProtectWrite = 2, ProtectExecute = 4;
        public const int MapPrivate = 2, MapAnonymous = 0x20, MapNoReserve = 0x4000;

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
        public static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "munmap")]
        public static extern int Munmap(nint address, nuint length);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mprotect")]
        public static extern int Mprotect(nint address, nuint length, int protection);
    }
}
