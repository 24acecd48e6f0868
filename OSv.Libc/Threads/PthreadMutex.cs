// pthread_mutex_t in the caller's memory (40 bytes), laid out where glibc keeps the same fields so
// that glibc's static initialisers mean the same here (all zero but __kind):
//   offset  0  int  lock word (WordLock: 0 free, 1 held, 2 held with sleepers)  glibc __lock
//   offset  4  uint recursion depth of a recursive mutex                         glibc __count
//   offset  8  int  owner's thread id (LibcThread.Tid), 0 when free              glibc __owner
//   offset 16  int  kind: low 2 bits 0 normal (and "timed"), 1 recursive,
//                   2 error-check, 3 adaptive (treated as normal)                glibc __kind
// Zero is PTHREAD_MUTEX_INITIALIZER; PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP and
// PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP set only __kind. Other kind bits (robust, priority
// protocols, process-shared, lock elision) are accepted and ignored: one address space, no
// priorities, and no owner death to recover from except through pthread_exit.
//
// Semantics (POSIX, as glibc implements them): a normal mutex relocked by its owner deadlocks and
// may be unlocked by any thread; a recursive one counts depth and refuses unlock by a non-owner
// (EPERM); an error-check one refuses relock (EDEADLK) and unlock by a non-owner (EPERM). The owner
// id is written after the lock word is taken and cleared before it is released, so a thread that
// reads its own id there holds the mutex (only it writes its id).
using System.Threading;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class PthreadMutex
    {
        public const int Bytes = 40;
        public const int KindNormal = 0, KindRecursive = 1, KindErrorCheck = 2, KindAdaptive = 3;
        private const int KindTypeMask = 3;
        private const int LockWord = 0, DepthWord = 1, OwnerWord = 2, KindWord = 4; // int indices

        public static int Init(int* mutex, int attributes)
        {
            if (mutex == null)
                return ErrnoCodes.EINVAL;
            new System.Span<byte>(mutex, Bytes).Clear();
            mutex[KindWord] = PthreadMutexAttributes.TypeOf(attributes);
            return 0;
        }

        public static int Destroy(int* mutex)
        {
            if (mutex == null)
                return ErrnoCodes.EINVAL;
            return Volatile.Read(ref mutex[LockWord]) != WordLock.Free ? ErrnoCodes.EBUSY : 0;
        }

        private enum Wait { Blocking, None, UntilDeadline }

        public static int Lock(int* mutex) => Acquire(mutex, Wait.Blocking, null, 0);

        public static int TryLock(int* mutex) => Acquire(mutex, Wait.None, null, 0);

        // pthread_mutex_timedlock (CLOCK_REALTIME) and pthread_mutex_clocklock.
        public static int TimedLock(int* mutex, int clockId, long* absoluteTime) =>
            Acquire(mutex, Wait.UntilDeadline, absoluteTime, clockId);

        public static int Unlock(int* mutex)
        {
            if (mutex == null)
                return ErrnoCodes.EINVAL;
            int type = Volatile.Read(ref mutex[KindWord]) & KindTypeMask;
            if (type == KindRecursive || type == KindErrorCheck)
            {
                if (Volatile.Read(ref mutex[OwnerWord]) != LibcThread.Current.Tid)
                    return ErrnoCodes.EPERM; // not the owner (or not locked at all)
                if (type == KindRecursive && --*(uint*)&mutex[DepthWord] != 0)
                    return 0;                // recursive: still held
            }
            Volatile.Write(ref mutex[OwnerWord], 0);
            WordLock.Unlock(&mutex[LockWord]);
            return 0;
        }

        // For condition variables: releases a mutex the caller holds, however deep, and reports
        // the depth to restore. EPERM when a recursive or error-check mutex is not the caller's.
        internal static int ReleaseForWait(int* mutex, out uint depth)
        {
            depth = 0;
            int type = Volatile.Read(ref mutex[KindWord]) & KindTypeMask;
            if ((type == KindRecursive || type == KindErrorCheck) && Volatile.Read(ref mutex[OwnerWord]) != LibcThread.Current.Tid)
                return ErrnoCodes.EPERM;
            depth = *(uint*)&mutex[DepthWord];
            Volatile.Write(ref mutex[OwnerWord], 0);
            WordLock.Unlock(&mutex[LockWord]);
            return 0;
        }

        internal static void ReacquireAfterWait(int* mutex, uint depth)
        {
            WordLock.Lock(&mutex[LockWord]);
            *(uint*)&mutex[DepthWord] = depth;
            Volatile.Write(ref mutex[OwnerWord], LibcThread.Current.Tid);
        }

        // A bad timeout (null, tv_nsec out of range, unknown clock) is reported only when the
        // lock must be waited for, as glibc does.
        private static int Acquire(int* mutex, Wait wait, long* absoluteTime, int clockId)
        {
            if (mutex == null)
                return ErrnoCodes.EINVAL;
            int self = LibcThread.Current.Tid;
            int type = Volatile.Read(ref mutex[KindWord]) & KindTypeMask;
            if (Volatile.Read(ref mutex[OwnerWord]) == self)
            {
                if (type == KindRecursive)
                    return Relock(mutex);         // recursive lock
                if (type == KindErrorCheck)       // error-check relock (trylock: busy, as glibc)
                    return wait == Wait.None ? ErrnoCodes.EBUSY : ErrnoCodes.EDEADLK;
            }
            int* word = &mutex[LockWord];
            if (!WordLock.TryLock(word))
            {
                if (wait == Wait.None)
                    return ErrnoCodes.EBUSY;
                int waited = wait == Wait.Blocking ? LockBlocking(word) : LockUntil(word, absoluteTime, clockId);
                if (waited != 0)
                    return waited;
            }
            *(uint*)&mutex[DepthWord] = type == KindRecursive ? 1u : 0u;
            Volatile.Write(ref mutex[OwnerWord], self);
            return 0;
        }

        private static int Relock(int* mutex)
        {
            uint* depth = (uint*)&mutex[DepthWord];
            if (*depth == uint.MaxValue)
                return ErrnoCodes.EAGAIN; // POSIX: the maximum number of recursive locks
            (*depth)++;
            return 0;
        }

        private static int LockBlocking(int* word)
        {
            WordLock.Lock(word);
            return 0;
        }

        private static int LockUntil(int* word, long* absoluteTime, int clockId)
        {
            int invalid = AbsoluteTimeout.TryDeadline(clockId, absoluteTime, out long deadline);
            if (invalid != 0)
                return invalid;
            return WordLock.Lock(word, deadline) ? 0 : ErrnoCodes.ETIMEDOUT;
        }
    }
}
