// Waiter: the two halves of the WaitRecord.Woken protocol that every Sync primitive blocks with,
// on top of Thread.Park/Unpark.
//
// Protocol: the waiter clears Woken before it publishes its record (pushes it on a queue or links
// it in a list), then parks until it sees Woken. The waker, which has removed the record from the
// structure and so owns it, reads the record's thread, sets Woken, and unparks that thread. A wake
// cannot be lost: if the unpark comes before the park, the thread's permit makes the park return.
// A stale permit (an unpark whose Woken the waiter already saw) makes some later park return
// early, which every loop here absorbs by re-checking Woken.
//
// Ownership: once Woken is set the waiter may return and reuse its record at once, so the waker
// must not touch the record after setting it (it reads Owner first). Anything the waker wrote
// before setting Woken (lock ownership, a semaphore unit) is visible to the waiter after it reads
// Woken: Woken is volatile, a release store paired with an acquire load.
//
// Timed waits compute one deadline up front and re-derive the remaining time on every round, so
// early returns from Park never extend a wait. One Park is at most ParkNanosecondsMax long (the
// hosted Park's monitor takes at most int.MaxValue milliseconds); longer waits take more rounds.
using OSv.Core.Sched;
using OSv.Core.Time;

namespace OSv.Core.Sync
{
    internal static class Waiter
    {
        // One day: well below the hosted monitor's limit of about 24.8 days per wait.
        public const long ParkNanosecondsMax = 24 * 3600 * Clock.NanosecondsPerSecond;

        // Waker side: hand the record back to its thread. The caller owns the record (took it out
        // of every queue and list) and must not touch it afterwards.
        public static void Wake(WaitRecord record)
        {
            Thread owner = record.Owner;
            record.Woken = true; // volatile store (release): our writes before it reach the waiter
            owner.Unpark();
        }

        // Waiter side: park until a waker sets Woken. Terminates once the waker runs: after
        // setting Woken it unparks us, and every early return re-checks Woken.
        public static void WaitUntilWoken(WaitRecord record)
        {
            while (!record.Woken) // volatile load (acquire)
                Thread.Park();
        }

        // Waiter side, timed: true when woken, false when the deadline passed first. Terminates:
        // each round either sees Woken, finds the deadline passed (the clock is monotonic), or
        // parks for at most the remaining time.
        public static bool WaitUntilWoken(WaitRecord record, long deadlineNanoseconds)
        {
            while (!record.Woken) // volatile load (acquire)
            {
                long remaining = deadlineNanoseconds - Clock.NowNanoseconds;
                if (remaining <= 0)
                    return record.Woken;
                Thread.Park(remaining < ParkNanosecondsMax ? remaining : ParkNanosecondsMax);
            }
            return true;
        }

        // The clock reading timeoutNanoseconds from now, saturating instead of overflowing; a
        // negative timeout means "now" (poll once).
        public static long DeadlineAfter(long timeoutNanoseconds)
        {
            long now = Clock.NowNanoseconds;
            if (timeoutNanoseconds <= 0)
                return now;
            return timeoutNanoseconds > long.MaxValue - now ? long.MaxValue : now + timeoutNanoseconds;
        }
    }
}
