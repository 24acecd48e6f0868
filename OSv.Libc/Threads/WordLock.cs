// A sleeping lock in one int of C memory: Drepper's "mutex 3" ("Futexes Are Tricky", 2011, §5),
// with the parking table standing in for the futex. The word is 0 (free), 1 (held, nobody
// parked) or 2 (held, threads may be parked). The base of pthread_mutex_t (its __lock field) and
// the internal lock of the rwlock and barrier.
//
// Cases:
//   uncontended lock    CAS 0 → 1.
//   contended lock      spin a little (ThreadLimits.SpinsBeforePark) trying 0 → 1; then swap in 2
//                       and park while the word is 2; each wake-up swaps 2 in again, so a thread
//                       that gets the lock after sleeping leaves 2 behind (others may still sleep).
//   uncontended unlock  swap 0 in; the old value 1 says nobody sleeps.
//   contended unlock    the old value 2: wake one sleeper.
// Invariant: while any thread is parked on the word, the word is 2 or a wake is in flight:
// sleepers park only on 2, and only an unlock (which wakes one) moves 2 to 0. A timed lock that
// gives up leaves 2 behind, costing at most one needless wake later.
using System.Threading;

namespace OSv.Libc.Threads
{
    public static unsafe class WordLock
    {
        public const int Free = 0;
        public const int Held = 1;
        public const int HeldWithSleepers = 2;

        public static bool TryLock(int* word) =>
            Interlocked.CompareExchange(ref *word, Held, Free) == Free; // acquire (full barrier)

        public static void Lock(int* word)
        {
            if (Interlocked.CompareExchange(ref *word, Held, Free) == Free) // uncontended
                return;
            LockContended(word, ParkingLot.NoDeadline);
        }

        /// <summary>False when <paramref name="deadlineNanoseconds"/> (Clock.NowNanoseconds)
        /// passed before the lock was taken.</summary>
        public static bool Lock(int* word, long deadlineNanoseconds)
        {
            if (Interlocked.CompareExchange(ref *word, Held, Free) == Free) // uncontended
                return true;
            return LockContended(word, deadlineNanoseconds);
        }

        public static void Unlock(int* word)
        {
            if (Interlocked.Exchange(ref *word, Free) == HeldWithSleepers) // release (full barrier)
                ParkingLot.Wake(word, 1); // contended unlock
        }

        private static bool LockContended(int* word, long deadlineNanoseconds)
        {
            for (int spin = 0; spin < ThreadLimits.SpinsBeforePark; spin++)
            {
                int seen = Volatile.Read(ref *word);
                if (seen == HeldWithSleepers)
                    break; // others already sleep: queue behind them
                if (seen == Free && Interlocked.CompareExchange(ref *word, Held, Free) == Free)
                    return true;
            }
            while (Interlocked.Exchange(ref *word, HeldWithSleepers) != Free)
            {
                if (ParkingLot.Wait(word, HeldWithSleepers, deadlineNanoseconds) == ParkResult.TimedOut)
                    return false;
            }
            return true;
        }
    }
}
