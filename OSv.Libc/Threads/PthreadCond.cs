// pthread_cond_t in the caller's memory (48 bytes; zero is PTHREAD_COND_INITIALIZER):
//   offset 0  int  sequence: bumped by every signal and broadcast; waiters park on it
//   offset 4  int  waiters: threads between "about to release the mutex" and "woke up"
//   offset 8  int  clock of timed waits (CLOCK_REALTIME 0, CLOCK_MONOTONIC 1), from the condattr
// The sequence-number condition variable of Linux futex users (Drepper, "Futexes Are Tricky"
// §6), made sound by the parking table's FIFO order:
//   wait       count ourselves a waiter, read the sequence, release the mutex, park while the
//              sequence is unchanged, uncount, re-take the mutex.
//   signal     bump the sequence, then if anyone is counted wake the oldest parked waiter.
//   broadcast  bump the sequence, then wake every parked waiter.
// No lost wake-up: a waiter read the sequence before releasing the mutex, so a signal issued
// after that release changes the sequence; if the waiter had not parked yet its park finds the
// value changed and returns. Waiter and signaller each do an atomic read-modify-write (a full
// barrier) before reading the other's word, so a signaller that sees no waiters counted made the
// sequence change before that waiter's read. A wake-one reaches the oldest parked waiter, which
// parked before the signal (a thread parking later queues behind it), as POSIX requires ("at
// least one of the threads blocked at the time of the call"). Extra wake-ups (a waiter that had
// not parked when the sequence moved) are spurious wake-ups, which POSIX allows.
// Departures from glibc: no requeueing of broadcast waiters onto the mutex (all wake, then
// contend); a recursive mutex held several levels deep is released fully and restored.
using System.Threading;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class PthreadCond
    {
        public const int Bytes = 48;
        private const int SequenceWord = 0, WaitersWord = 1, ClockWord = 2;

        public static int Init(int* condition, int* attributes)
        {
            if (condition == null)
                return ErrnoCodes.EINVAL;
            new System.Span<byte>(condition, Bytes).Clear();
            condition[ClockWord] = attributes == null ? AbsoluteTimeout.ClockRealtime : PthreadCondAttributes.ClockOf(*attributes);
            return 0;
        }

        // Waiters still waking may be counted; glibc waits for them, we need not (nothing here
        // outlives the call), so destroy never fails on a valid pointer.
        public static int Destroy(int* condition) => condition == null ? ErrnoCodes.EINVAL : 0;

        public static int Wait(int* condition, int* mutex) => WaitCore(condition, mutex, ParkingLot.NoDeadline);

        // pthread_cond_timedwait (the condition's clock) and pthread_cond_clockwait (clockId).
        public static int TimedWait(int* condition, int* mutex, long* absoluteTime, int clockId)
        {
            if (condition == null || mutex == null)
                return ErrnoCodes.EINVAL;
            if (clockId < 0)
                clockId = Volatile.Read(ref condition[ClockWord]);
            int invalid = AbsoluteTimeout.TryDeadline(clockId, absoluteTime, out long deadline);
            if (invalid != 0)
                return invalid;
            return WaitCore(condition, mutex, deadline);
        }

        public static int Signal(int* condition) => Wake(condition, 1);

        public static int Broadcast(int* condition) => Wake(condition, int.MaxValue);

        private static int WaitCore(int* condition, int* mutex, long deadlineNanoseconds)
        {
            if (condition == null || mutex == null)
                return ErrnoCodes.EINVAL;
            Interlocked.Increment(ref condition[WaitersWord]);                // full barrier before the sequence read
            int sequence = Volatile.Read(ref condition[SequenceWord]);
            int refused = PthreadMutex.ReleaseForWait(mutex, out uint depth);
            if (refused != 0)
            {
                Interlocked.Decrement(ref condition[WaitersWord]);
                return refused;
            }
            ParkResult result = ParkingLot.Wait(&condition[SequenceWord], sequence, deadlineNanoseconds);
            Interlocked.Decrement(ref condition[WaitersWord]);
            PthreadMutex.ReacquireAfterWait(mutex, depth);
            return result == ParkResult.TimedOut ? ErrnoCodes.ETIMEDOUT : 0;
        }

        private static int Wake(int* condition, int count)
        {
            if (condition == null)
                return ErrnoCodes.EINVAL;
            Interlocked.Increment(ref condition[SequenceWord]);              // full barrier before the waiters read
            if (Volatile.Read(ref condition[WaitersWord]) > 0)
                ParkingLot.Wake(&condition[SequenceWord], count);
            return 0;
        }
    }
}
