// Hosted side of LibcThread: threads are host threads, and C code here runs on the host's own
// thread pointer (the .NET runtime's glibc TLS), so a thread pointer is only recorded.
namespace OSv.Libc.Threads
{
    public sealed partial class LibcThread
    {
        // glibc's default (RLIMIT_STACK, 8 MiB on Linux): host threads reserve stacks lazily.
        public const long DefaultStackBytes = 8L * 1024 * 1024;

        private static void LoadThreadPointer(ulong threadPointer)
        {
        }

        private static void StartKernelThread(System.Action body, long stackBytes) =>
            OSv.Core.Sched.Thread.Start(body, "pthread", (int)stackBytes);
    }
}
