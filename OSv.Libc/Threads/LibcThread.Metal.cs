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
        // this thread is already running, so its FS base must be loaded now.
        // TODO(lead): call OSv.Core.Sched.Thread.SetCurrentThreadPointer(threadPointer) when it
        // exists; until then the pointer takes effect at this thread's next switch-in.
        private static void LoadThreadPointer(ulong threadPointer)
        {
        }

        // TODO(H6): pass stackBytes once OSv.Core's Thread.Start(body, name, stackBytes) lands;
        // until then every kernel thread has Thread.StackBytes (64 KiB).
        private static void StartKernelThread(System.Action body, long stackBytes) =>
            OSv.Core.Sched.Thread.Start(body, "pthread");
    }
}
