// glibc's `__libc_single_threaded` (a char, <sys/single_threaded.h>): 1 while the program has
// only its main thread, so that libstdc++ and others may skip atomic operations; it becomes 0
// forever when the program starts a second thread. The C library's thread start (pthread_create)
// calls MarkMultiThreaded before the new thread runs; each program starts single-threaded.
namespace OSv.Libc.Posix
{
    public static unsafe class SingleThreaded
    {
        private static byte* s_cell;

        /// <summary>The exported data byte.</summary>
        public static byte* Cell
        {
            get
            {
                if (s_cell == null)
                {
                    byte* cell = OSv.Libc.Memory.CellMemory.AllocateZeroed(1);
                    *cell = 1;
                    s_cell = cell;
                }
                return s_cell;
            }
        }

        public static void MarkMultiThreaded() => *Cell = 0;

        /// <summary>A new program starts with its main thread only.</summary>
        public static void MarkSingleThreaded() => *Cell = 1;
    }
}
