// The heap's lock: a test-and-test-and-set spin lock on one int that yields the CPU after a
// bounded number of failed spins. Why not OSv.Core.Sync.Mutex: its hand-off protocol passes the
// lock to a parked waiter, which costs a thread switch per acquisition under contention (a lock
// convoy; tens of thousands per second for host threads), while the heap's critical sections are
// a few dozen instructions (pop or push a free list, bump a pointer). Spinning briefly wins there,
// and yielding bounds the waste when the holder was preempted inside its section.
//
// State: 0 free, 1 held. Acquire is a CAS 0 → 1 (full fence: acquire); Release a volatile store
// of 0 (release on x86-64). Not recursive; no fairness. Caller rules: hold it for O(1) work only;
// never call out (no allocation, no C callbacks) while holding it, except to the page source on
// the refill slow path.
using System.Runtime.CompilerServices;
using System.Threading;

namespace OSv.Libc.Memory
{
    public static class SpinYieldLock
    {
        public const int SpinsBeforeYield = 64;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Acquire(ref int lockWord)
        {
            // Uncontended: one CAS.
            if (Interlocked.CompareExchange(ref lockWord, 1, 0) == 0)
                return;
            AcquireContended(ref lockWord);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Release(ref int lockWord) => Volatile.Write(ref lockWord, 0);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void AcquireContended(ref int lockWord)
        {
            int spins = 0;
            while (true)
            {
                // Test before the CAS so waiters spin on a shared cache line, not on ownership.
                if (Volatile.Read(ref lockWord) == 0 && Interlocked.CompareExchange(ref lockWord, 1, 0) == 0)
                    return;
                if (++spins >= SpinsBeforeYield)
                {
                    OSv.Core.Sched.Thread.Yield();
                    spins = 0;
                }
            }
        }
    }
}
