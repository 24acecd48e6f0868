// pthread_rwlock_t in the caller's memory (56 bytes; zero is PTHREAD_RWLOCK_INITIALIZER):
//   offset  0  int  readers holding the lock
//   offset  4  int  writer holding the lock: its LibcThread.Tid, 0 for none
//   offset  8  int  reader sequence: readers park on it; bumped to release them
//   offset 12  int  writer sequence: writers park on it; bumped to release one
//   offset 16  int  readers parked (or about to park)
//   offset 20  int  writers parked (or about to park)
//   offset 24  int  internal WordLock guarding all of the above
//   offset 48  int  kind: 2 = PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP (writers first),
//                   anything else prefers readers, as glibc (also at glibc's __flags offset, so
//                   PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP means the same)
// A monitor: every decision is taken under the internal lock, and waiting is the condition-
// variable pattern of PthreadCond (read the sequence under the lock, release it, park while the
// sequence is unchanged), so no wake-up is lost for the same reason. Reader preference: a reader
// enters whenever no writer holds the lock (so a thread may take read locks recursively even
// with writers waiting, as glibc allows by default). Writer preference: a reader also waits while
// writers wait. On the last release, writers are woken one at a time and readers all at once,
// by the preference. A writer relocking, or a reader locking what it holds for writing, gets
// EDEADLK (glibc does the same).
using System.Threading;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class PthreadRwlock
    {
        public const int Bytes = 56;
        public const int KindPreferReader = 0, KindPreferWriterNonRecursive = 2;
        private const int ReadersWord = 0, WriterWord = 1, ReaderSequenceWord = 2, WriterSequenceWord = 3,
            ReadersParkedWord = 4, WritersParkedWord = 5, LockWord = 6, KindWord = 12;

        private enum Wait { Blocking, None, UntilDeadline }

        public static int Init(int* rwlock, int* attributes)
        {
            if (rwlock == null)
                return ErrnoCodes.EINVAL;
            new System.Span<byte>(rwlock, Bytes).Clear();
            rwlock[KindWord] = attributes == null ? KindPreferReader : *attributes;
            return 0;
        }

        public static int Destroy(int* rwlock)
        {
            if (rwlock == null)
                return ErrnoCodes.EINVAL;
            return Volatile.Read(ref rwlock[ReadersWord]) != 0 || Volatile.Read(ref rwlock[WriterWord]) != 0 ? ErrnoCodes.EBUSY : 0;
        }

        public static int ReadLock(int* rwlock) => Acquire(rwlock, writer: false, Wait.Blocking, null, 0);
        public static int TryReadLock(int* rwlock) => Acquire(rwlock, writer: false, Wait.None, null, 0);
        public static int TimedReadLock(int* rwlock, int clockId, long* absoluteTime) => Acquire(rwlock, writer: false, Wait.UntilDeadline, absoluteTime, clockId);
        public static int WriteLock(int* rwlock) => Acquire(rwlock, writer: true, Wait.Blocking, null, 0);
        public static int TryWriteLock(int* rwlock) => Acquire(rwlock, writer: true, Wait.None, null, 0);
        public static int TimedWriteLock(int* rwlock, int clockId, long* absoluteTime) => Acquire(rwlock, writer: true, Wait.UntilDeadline, absoluteTime, clockId);

        public static int Unlock(int* rwlock)
        {
            if (rwlock == null)
                return ErrnoCodes.EINVAL;
            int self = LibcThread.Current.Tid;
            WordLock.Lock(&rwlock[LockWord]);
            if (rwlock[WriterWord] == self)
                rwlock[WriterWord] = 0;
            else if (rwlock[ReadersWord] > 0)
                rwlock[ReadersWord]--;
            else
            {
                WordLock.Unlock(&rwlock[LockWord]);
                return ErrnoCodes.EPERM; // not held (glibc does not check; POSIX allows EPERM)
            }
            int* wake = ChooseWake(rwlock, out int count);
            WordLock.Unlock(&rwlock[LockWord]);
            if (wake != null)
                ParkingLot.Wake(wake, count);
            return 0;
        }

        private static int Acquire(int* rwlock, bool writer, Wait wait, long* absoluteTime, int clockId)
        {
            if (rwlock == null)
                return ErrnoCodes.EINVAL;
            int self = LibcThread.Current.Tid;
            int* lockWord = &rwlock[LockWord];
            WordLock.Lock(lockWord);
            int result = TryTake(rwlock, writer, self);
            if (result == ErrnoCodes.EBUSY && wait != Wait.None)
                result = WaitAndTake(rwlock, writer, self, wait, absoluteTime, clockId);
            WordLock.Unlock(lockWord);
            return result;
        }

        // Under the internal lock: 0 (taken), EBUSY (must wait), EDEADLK or EAGAIN.
        private static int TryTake(int* rwlock, bool writer, int self)
        {
            if (rwlock[WriterWord] == self)
                return ErrnoCodes.EDEADLK;
            if (writer)
            {
                if (rwlock[WriterWord] != 0 || rwlock[ReadersWord] != 0)
                    return ErrnoCodes.EBUSY;
                rwlock[WriterWord] = self;
                return 0;
            }
            if (rwlock[WriterWord] != 0 || (PrefersWriters(rwlock) && rwlock[WritersParkedWord] > 0))
                return ErrnoCodes.EBUSY;
            if (rwlock[ReadersWord] == int.MaxValue)
                return ErrnoCodes.EAGAIN; // POSIX: the maximum number of read locks
            rwlock[ReadersWord]++;
            return 0;
        }

        // Under the internal lock; returns with it held.
        private static int WaitAndTake(int* rwlock, bool writer, int self, Wait wait, long* absoluteTime, int clockId)
        {
            long deadline = ParkingLot.NoDeadline;
            if (wait == Wait.UntilDeadline)
            {
                int invalid = AbsoluteTimeout.TryDeadline(clockId, absoluteTime, out deadline);
                if (invalid != 0)
                    return invalid;
            }
            int* sequence = &rwlock[writer ? WriterSequenceWord : ReaderSequenceWord];
            int* parked = &rwlock[writer ? WritersParkedWord : ReadersParkedWord];
            while (true)
            {
                (*parked)++;
                int seen = *sequence;
                WordLock.Unlock(&rwlock[LockWord]);
                ParkResult parkResult = ParkingLot.Wait(sequence, seen, deadline);
                WordLock.Lock(&rwlock[LockWord]);
                (*parked)--;
                int result = TryTake(rwlock, writer, self);
                if (result != ErrnoCodes.EBUSY)
                    return result;
                if (parkResult == ParkResult.TimedOut)
                    return GiveUp(rwlock, writer);
            }
        }

        // A writer that stops waiting may be what held readers back (writer preference).
        private static int GiveUp(int* rwlock, bool writer)
        {
            if (writer && PrefersWriters(rwlock) && rwlock[WritersParkedWord] == 0 && rwlock[WriterWord] == 0 && rwlock[ReadersParkedWord] > 0)
            {
                rwlock[ReaderSequenceWord]++;
                ParkingLot.WakeAll(&rwlock[ReaderSequenceWord]); // under the internal lock: allowed, only the bucket lock nests inside it
            }
            return ErrnoCodes.ETIMEDOUT;
        }

        // Under the internal lock, after a release: which sequence to bump and how many to wake.
        private static int* ChooseWake(int* rwlock, out int count)
        {
            count = 0;
            if (rwlock[WriterWord] != 0 || rwlock[ReadersWord] != 0)
            {
                return null; // still held by readers: the last of them decides
            }
            bool writersWait = rwlock[WritersParkedWord] > 0;
            bool readersWait = rwlock[ReadersParkedWord] > 0;
            if (writersWait && (PrefersWriters(rwlock) || !readersWait))
            {
                rwlock[WriterSequenceWord]++;
                count = 1;
                return &rwlock[WriterSequenceWord];
            }
            if (!readersWait)
                return null;
            rwlock[ReaderSequenceWord]++;
            count = int.MaxValue;
            return &rwlock[ReaderSequenceWord];
        }

        private static bool PrefersWriters(int* rwlock) => rwlock[KindWord] == KindPreferWriterNonRecursive;
    }
}
