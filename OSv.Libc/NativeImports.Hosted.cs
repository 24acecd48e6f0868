// Every call the hosted C library makes into the host's own C library (glibc), in one place.
// Images have none of these: the kernel provides the same services directly.
namespace OSv.Libc
{
    internal static unsafe class NativeImports
    {
        public const int ProtectRead = 1, ProtectWrite = 2, ProtectExecute = 4;
        public const int MapPrivate = 2, MapAnonymous = 0x20;

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
        public static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "munmap")]
        public static extern int Munmap(nint address, nuint length);
    }
}
