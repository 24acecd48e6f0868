// WakeSignal: how an interrupt handler wakes the thread that serves its device (OSv's rule: a
// handler does almost nothing but wake a thread). Raise is safe in interrupt context: it takes no
// lock and never blocks, only sets a flag and unparks the waiter. Mutex, CondVar and Semaphore
// are not: a handler that interrupted their holder on the same CPU would wait for itself.
//
// One consumer: the thread that calls Wait (a driver's or the stack's receive thread). Raises
// before the wait are not lost (the flag stays set); several raises before one wait count once,
// which suits devices whose consumer drains everything pending after each wake-up.
using System.Threading;
using Thread = OSv.Core.Sched.Thread;

namespace OSv.Core.Sync
{
    public sealed class WakeSignal
    {
        private int _raised;
        private Thread? _waiter;

        // From anywhere, interrupt handlers included.
        public void Raise()
        {
            Interlocked.Exchange(ref _raised, 1); // before reading the waiter (pairs with Wait)
            Volatile.Read(ref _waiter)?.Unpark();
        }

        // Waits until raised or the timeout passes (no timeout when negative); consumes the raise.
        // True when raised.
        public bool Wait(long timeoutNanoseconds)
        {
            long deadline = Waiter.DeadlineAfter(timeoutNanoseconds < 0 ? long.MaxValue : timeoutNanoseconds);
            Volatile.Write(ref _waiter, Thread.Current);
            try
            {
                while (Interlocked.Exchange(ref _raised, 0) == 0)
                {
                    long remaining = deadline - Time.Clock.NowNanoseconds;
                    if (remaining <= 0)
                        return false;
                    Thread.Park(remaining < Waiter.ParkNanosecondsMax ? remaining : Waiter.ParkNanosecondsMax);
                }
                return true;
            }
            finally
            {
                Volatile.Write(ref _waiter, null);
            }
        }
    }
}
