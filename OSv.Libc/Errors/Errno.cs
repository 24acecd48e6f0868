// errno is per thread (C11 7.5): each thread's cell lives in its LibcThread, and
// __errno_location hands C code that cell's address.
namespace OSv.Libc.Errors
{
    public static unsafe class Errno
    {
        public static int* Location() => OSv.Libc.Threads.LibcThread.Current.ErrnoCell;

        public static void Set(int code) => *Location() = code;

        public static int Get() => *Location();
    }
}
