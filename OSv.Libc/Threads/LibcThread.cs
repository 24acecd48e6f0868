// The C library's state for one thread: what glibc keeps in its `struct pthread`. Reached through
// OSv.Core's Thread.LibraryState; created on first use for threads the C library did not start
// (a program's main thread, a test's thread). Fields that C reads by address (errno) live in
// unmanaged memory owned by this object, so their addresses stay fixed.
namespace OSv.Libc.Threads
{
    public sealed unsafe partial class LibcThread
    {
        private LibcThread(OSv.Core.Sched.Thread kernelThread)
        {
            KernelThread = kernelThread;
            ErrnoCell = (int*)OSv.Libc.Memory.CellMemory.AllocateZeroed(sizeof(int));
        }

        public OSv.Core.Sched.Thread KernelThread { get; }

        /// <summary>This thread's errno, as returned by __errno_location.</summary>
        public int* ErrnoCell { get; }

        public static LibcThread Current
        {
            get
            {
                OSv.Core.Sched.Thread thread = OSv.Core.Sched.Thread.Current;
                if (thread.LibraryState is LibcThread state)
                    return state;
                return Attach(thread);
            }
        }

        private static LibcThread Attach(OSv.Core.Sched.Thread thread)
        {
            var state = new LibcThread(thread);
            thread.LibraryState = state;
            return state;
        }
    }
}
