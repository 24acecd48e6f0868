// sem_t in the caller's memory (32 bytes): POSIX unnamed semaphores.
//   offset 0  int  value (0 .. SEM_VALUE_MAX)
//   offset 4  int  waiters: threads about to park or parked on the value
// wait:  take a unit with a CAS while the value is positive; otherwise count ourselves a waiter
//        and park while the value is 0, then retry.
// post:  add a unit with a CAS (EOVERFLOW at SEM_VALUE_MAX), then wake one parked thread if any
//        waiter is counted. The waiter's count increment and the poster's value increment are
//        both full barriers before each reads the other's word, so a poster that sees no waiter
//        made the value positive before that waiter's park compares it: no lost wake-up.
// The C functions return 0 or -1 with errno (unlike pthread_*, which return the error); that
// translation happens in ThreadExports. Named semaphores (sem_open) are not supported.
using System.Threading;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class CSemaphore
    {
        public const int Bytes = 32;
        private const int ValueWord = 0, WaitersWord = 1;

        public static int Init(int* semaphore, uint value)
        {
            if (semaphore == null || value > ThreadLimits.SemaphoreValueMax)
                return ErrnoCodes.EINVAL;
            new System.Span<byte>(semaphore, Bytes).Clear();
            semaphore[ValueWord] = (int)value;
            return 0;
        }

        public static int Destroy(int* semaphore) => semaphore == null ? ErrnoCodes.EINVAL : 0;

        public static int TryWait(int* semaphore)
        {
            if (semaphore == null)
                return ErrnoCodes.EINVAL;
            return TryTake(semaphore) ? 0 : ErrnoCodes.EAGAIN;
        }

        public static int Wait(int* semaphore) => WaitUntil(semaphore, ParkingLot.NoDeadline);

        public static int TimedWait(int* semaphore, int clockId, long* absoluteTime)
        {
            if (semaphore == null)
                return ErrnoCodes.EINVAL;
            if (TryTake(semaphore))
                return 0;  // POSIX: the timeout is not checked when no wait is needed
            int invalid = AbsoluteTimeout.TryDeadline(clockId, absoluteTime, out long deadline);
            if (invalid != 0)
                return invalid;
            return WaitUntil(semaphore, deadline);
        }

        public static int Post(int* semaphore)
        {
            if (semaphore == null)
                return ErrnoCodes.EINVAL;
            int value = Volatile.Read(ref semaphore[ValueWord]);
            while (true)
            {
                if (value == ThreadLimits.SemaphoreValueMax)
                    return ErrnoCodes.EOVERFLOW;
                int seen = Interlocked.CompareExchange(ref semaphore[ValueWord], value + 1, value); // full barrier before the waiters read
                if (seen == value)
                    break;
                value = seen;
            }
            if (Volatile.Read(ref semaphore[WaitersWord]) > 0)
                ParkingLot.Wake(&semaphore[ValueWord], 1);
            return 0;
        }

        public static int GetValue(int* semaphore, int* value)
        {
            if (semaphore == null || value == null)
                return ErrnoCodes.EINVAL;
            *value = Volatile.Read(ref semaphore[ValueWord]);
            return 0;
        }

        private static bool TryTake(int* semaphore)
        {
            int value = Volatile.Read(ref semaphore[ValueWord]);
            while (value > 0)
            {
                int seen = Interlocked.CompareExchange(ref semaphore[ValueWord], value - 1, value); // acquire (full barrier)
                if (seen == value)
                    return true;
                value = seen;
            }
            return false;
        }

        private static int WaitUntil(int* semaphore, long deadlineNanoseconds)
        {
            if (semaphore == null)
                return ErrnoCodes.EINVAL;
            while (!TryTake(semaphore))
            {
                Interlocked.Increment(ref semaphore[WaitersWord]); // full barrier before the park's value read
                ParkResult result = ParkingLot.Wait(&semaphore[ValueWord], 0, deadlineNanoseconds);
                Interlocked.Decrement(ref semaphore[WaitersWord]);
                if (result == ParkResult.TimedOut)
                    return TryTake(semaphore) ? 0 : ErrnoCodes.ETIMEDOUT;
            }
            return 0;
        }
    }
}
