// errno's C entry point: glibc's <errno.h> defines `errno` as `(*__errno_location ())`, so every
// compiled read or write of errno calls this and dereferences the per-thread cell it returns
// (Errno.Location: the calling thread's LibcThread cell, fixed for the thread's lifetime).
namespace OSv.Libc.Errors
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;

    public static unsafe class ErrnoExports
    {
        public static void Register(ExportTable table)
        {
            table.Add("__errno_location"u8, (nint)(delegate* unmanaged<int*>)&ErrnoLocation);
        }

        [UnmanagedCallersOnly]
        public static int* ErrnoLocation() => Errno.Location();
    }
}
