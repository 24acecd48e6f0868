// Kernel threads: the unit the scheduler runs, and the one blocking primitive everything else
// (mutex, condition variable, semaphore, wait queue, sleep) is built on: Park/Unpark.
//
// Park/Unpark is a binary permit per thread, as in java.util.concurrent.locks.LockSupport:
// Unpark makes the permit available (waking the thread if it is parked); Park consumes the
// permit, blocking until there is one. A permit never accumulates beyond one, and Unpark before
// Park makes that Park return at once, so a wake-up cannot be lost between a waiter publishing
// itself and going to sleep. Park may also return spuriously: callers always re-check their
// condition in a loop.
//
// Hosted (Thread.Hosted.cs), a Thread wraps a .NET thread. On metal (Thread.Metal.cs), threads are
// the scheduler's. The runtime issue later builds System.Threading on this API.
namespace OSv.Core.Sched
{
    public sealed partial class Thread
    {
        // The thread's name, for diagnostics.
        public string Name { get; }

        // Each thread waits on at most one thing at a time, so one wait record per thread is
        // enough: blocking structures link it into their queues without allocating.
        public WaitRecord WaitRecord { get; }

        public override string ToString() => Name;

        // Per-thread state of a library above the kernel (OSv.Libc keeps a C thread's errno,
        // TLS block and pthread identity here); the kernel never reads it.
        public object? LibraryState;

        // The x86-64 thread pointer of C code running on this thread (its FS base: TLS variables
        // and the stack-protector canary are read through it). 0 when the thread runs no C code.
        public ulong ThreadPointer;

        // The largest stack Thread.Start(body, name, stackBytes) gives a thread: 8 times glibc's
        // default for a pthread (8 MiB), and small enough that a mistaken size (a negative int
        // read as unsigned, a count of words taken for bytes) fails at once instead of taking
        // the machine's memory.
        public const int StackBytesMax = 64 * 1024 * 1024;

        // Stack sizes are whole pages (guard pages and page tables work in pages).
        public const int StackPageBytes = 4096;

        // stackBytes rounded up to whole pages, or -1 when it is not in 1 .. StackBytesMax.
        public static int RoundStackBytes(int stackBytes)
        {
            if (stackBytes <= 0 || stackBytes > StackBytesMax)
                return -1;
            return (int)(((long)stackBytes + StackPageBytes - 1) / StackPageBytes * StackPageBytes);
        }

        // Now plus a timeout, saturating: the Sync primitives' rule (Waiter.DeadlineAfter).
        private static long DeadlineAfter(long timeoutNanoseconds) => Sync.Waiter.DeadlineAfter(timeoutNanoseconds);
    }

    // A thread's entry in a wait queue. Owned by its thread; linked by the structure it waits on.
    public sealed class WaitRecord
    {
        internal WaitRecord(Thread owner) { Owner = owner; }

        public Thread Owner { get; }

        // Set by the waker before it unparks the owner; the owner loops until it sees it.
        public volatile bool Woken;

        // Link for intrusive queues; meaningful only while the record is queued.
        public WaitRecord? Next;

        // Index in OSv.Core.Sync.WaitRecordTable, 0 until the thread first blocks on a Sync
        // primitive: lock-free queues link records by id, since references cannot be CASed.
        internal int Id;
    }
}
