// Metal side of LibcThread.
namespace OSv.Libc.Threads
{
    public sealed partial class LibcThread
    {
        // 1 MiB, not glibc's 8 MiB: metal stacks are physical page frames committed when the
        // thread starts (no demand paging behind a reservation), so 8 MiB per thread would use up
        // a small image's memory with a few dozen threads, while C threads rarely need more than
        // a few hundred KiB (PTHREAD_STACK_MIN is 16 KiB); a program that needs more asks for it
        // with pthread_attr_setstacksize.
        public const long DefaultStackBytes = 1L * 1024 * 1024;

        // The scheduler loads Thread.ThreadPointer into FS_BASE on every switch to the thread;
        // this thread is already running, so its FS base is loaded now.
        private static void LoadThreadPointer(ulong threadPointer) =>
            OSv.Core.Sched.Thread.SetCurrentThreadPointer(threadPointer);

        private static void StartKernelThread(System.Action body, long stackBytes) =>
            OSv.Core.Sched.Thread.Start(body, "pthread", (int)stackBytes);
    }
}
