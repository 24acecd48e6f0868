// pthread_once_t: one int in the caller's memory, zero (PTHREAD_ONCE_INIT) until the routine has
// run. States: 0 not started, 1 running, 2 done. The first thread to move 0 → 1 (CAS) runs the
// routine, stores 2 (release) and wakes everyone parked on the word; the others park while the
// word is 1, so none returns before the routine finished (POSIX: "on return from pthread_once(),
// init_routine shall have completed"). The done check is one acquire load.
// Not handled: a routine that never returns (pthread_exit inside it, or longjmp out of it) leaves
// later callers waiting forever; glibc resets the word on cancellation, which we do not have.
using System.Threading;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class PthreadOnce
    {
        private const int NotStarted = 0, Running = 1, Done = 2;

        public static int Run(int* once, nint initRoutine)
        {
            if (once == null || initRoutine == 0)
                return ErrnoCodes.EINVAL;
            if (Volatile.Read(ref *once) == Done) // acquire: the routine's effects
                return 0;
            if (Interlocked.CompareExchange(ref *once, Running, NotStarted) == NotStarted)
            {
                ((delegate* unmanaged<void>)initRoutine)();
                Volatile.Write(ref *once, Done);  // release: the routine's effects first
                ParkingLot.WakeAll(once);
                return 0;
            }
            while (Volatile.Read(ref *once) == Running)
                ParkingLot.Wait(once, Running, ParkingLot.NoDeadline);
            return 0;
        }
    }
}
