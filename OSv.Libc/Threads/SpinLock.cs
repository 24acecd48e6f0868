// A test-and-test-and-set spin lock on one int (0 free, 1 held): the parking table's bucket locks
// and C's pthread_spinlock_t. Critical sections under it are a few loads and stores, so spinning
// beats sleeping; but the holder can be preempted (metal's scheduler is preemptive, hosted threads
// are the host's), so after ThreadLimits.SpinsBeforeYield failed looks the waiter yields the
// processor instead of burning its time slice. No fairness: C's spin locks promise none.
using System.Threading;

namespace OSv.Libc.Threads
{
    public static class SpinLock
    {
        public const int Free = 0;
        public const int Held = 1;

        public static bool TryEnter(ref int word) =>
            Volatile.Read(ref word) == Free && Interlocked.CompareExchange(ref word, Held, Free) == Free; // acquire: the CAS is a full barrier

        public static void Enter(ref int word)
        {
            if (Interlocked.CompareExchange(ref word, Held, Free) == Free) // uncontended: one CAS
                return;
            EnterContended(ref word);
        }

        public static void Exit(ref int word) => Volatile.Write(ref word, Free); // release: the section's writes first

        private static void EnterContended(ref int word)
        {
            int looks = 0;
            while (!TryEnter(ref word))
            {
                looks++;
                if (looks >= ThreadLimits.SpinsBeforeYield)
                {
                    OSv.Core.Sched.Thread.Yield(); // the holder may be preempted: let it run
                    looks = 0;
                }
            }
        }
    }
}
