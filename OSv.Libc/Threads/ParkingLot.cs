// The parking table: threads wait on a C memory address, as with Linux's futex(2) FUTEX_WAIT /
// FUTEX_WAKE and WebKit's ParkingLot ("Locking in WebKit", Pizlo 2016). Every in-place primitive
// here (mutex, condition variable, rwlock, once, semaphore, barrier, join) keeps its whole state
// in the C caller's memory and uses this table only to sleep and to wake sleepers; nothing is
// allocated per object or per wait.
//
// Structure: ThreadLimits.ParkingBucketCount buckets chosen by a multiplicative hash of the
// address; each holds a spin lock and a FIFO list of parked threads' ParkingRecords (one record
// per thread, owned by its LibcThread: a thread parks on one address at a time).
//
// Wait(address, expected, deadline), under the bucket lock: if *address != expected, return
// ValueChanged; otherwise append the record. Wake(address, count), under the same lock, unlinks up
// to count records for that address, oldest first. Because the comparison and the append happen
// under the lock a waker must also take, a waker that changed *address before calling Wake either
// finds the record queued or made the waiter's comparison fail: no wake-up is lost (the futex
// argument). FIFO order means a wake-one reaches a thread that was parked before any thread that
// parked later, which the condition variable relies on.
//
// Hand-off (OSv.Core's Waiter protocol): the waker unlinks records under the lock and marks them
// not Queued, then, after releasing the lock, reads each record's owner and next link, sets Woken
// (release) and unparks the owner; it never touches a record after setting Woken. A waiter whose
// deadline passes takes the bucket lock: if its record is still Queued it unlinks itself and
// reports TimedOut; if not, a waker owns it and is about to set Woken, so it waits for that
// (briefly, untimed) and reports Woken. Thread.Park's spurious returns are absorbed by looping on
// Woken.
using System.Threading;
using OSv.Core.Time;

namespace OSv.Libc.Threads
{
    public enum ParkResult
    {
        Woken,
        ValueChanged,
        TimedOut,
    }

    // One thread's entry in the parking table; see ParkingLot.
    public sealed class ParkingRecord
    {
        internal ParkingRecord(OSv.Core.Sched.Thread owner) { Owner = owner; }

        internal OSv.Core.Sched.Thread Owner;
        internal nint Address;
        internal ParkingRecord? Next;
        internal bool Queued;         // under the bucket lock
        internal volatile bool Woken; // set by the waker after unlinking (release), read by the owner (acquire)
    }

    public static unsafe class ParkingLot
    {
        // A deadline that never passes.
        public const long NoDeadline = long.MaxValue;

        // The longest single Park: the hosted Park's monitor takes at most int.MaxValue ms.
        private const long ParkNanosecondsMax = 24 * 3600 * Clock.NanosecondsPerSecond;

        private struct Bucket
        {
            public int Lock;
            public ParkingRecord? Oldest;
            public ParkingRecord? Newest;
        }

        private static readonly Bucket[] s_buckets = new Bucket[ThreadLimits.ParkingBucketCount];

        /// <summary>Parks until woken by Wake on <paramref name="address"/>, unless
        /// *address != expected on arrival; deadline is on Clock.NowNanoseconds.</summary>
        public static ParkResult Wait(int* address, int expected, long deadlineNanoseconds)
        {
            ParkingRecord record = LibcThread.Current.Parking;
            ref Bucket bucket = ref BucketOf((nint)address);
            SpinLock.Enter(ref bucket.Lock);
            if (Volatile.Read(ref *address) != expected)
            {
                SpinLock.Exit(ref bucket.Lock);
                return ParkResult.ValueChanged;
            }
            record.Address = (nint)address;
            record.Next = null;
            record.Queued = true;
            record.Woken = false;
            Append(ref bucket, record);
            SpinLock.Exit(ref bucket.Lock);
            if (SleepUntilWoken(record, deadlineNanoseconds))
                return ParkResult.Woken;
            return CancelAfterTimeout(ref bucket, record);
        }

        /// <summary>Wakes up to <paramref name="count"/> threads parked on
        /// <paramref name="address"/>, oldest first; returns how many.</summary>
        public static int Wake(int* address, int count)
        {
            ref Bucket bucket = ref BucketOf((nint)address);
            ParkingRecord? woken = null;
            ParkingRecord? wokenNewest = null;
            int found = 0;
            SpinLock.Enter(ref bucket.Lock);
            ParkingRecord? previous = null;
            ParkingRecord? current = bucket.Oldest;
            while (current != null && found < count)
            {
                ParkingRecord? next = current.Next;
                if (current.Address == (nint)address)
                {
                    Unlink(ref bucket, previous, current);
                    current.Queued = false;
                    current.Next = null;
                    if (wokenNewest == null) woken = current; else wokenNewest.Next = current;
                    wokenNewest = current;
                    found++;
                }
                else
                {
                    previous = current;
                }
                current = next;
            }
            SpinLock.Exit(ref bucket.Lock);
            while (woken != null)
            {
                ParkingRecord? next = woken.Next;          // read before Woken: the owner may reuse the record
                OSv.Core.Sched.Thread owner = woken.Owner;
                woken.Woken = true;                         // release: the waker's writes reach the waiter
                owner.Unpark();
                woken = next;
            }
            return found;
        }

        public static int WakeAll(int* address) => Wake(address, int.MaxValue);

        /// <summary>How many threads are parked on <paramref name="address"/> now (a snapshot: for
        /// tests and diagnostics, never for synchronisation).</summary>
        public static int CountWaiters(int* address)
        {
            ref Bucket bucket = ref BucketOf((nint)address);
            int count = 0;
            SpinLock.Enter(ref bucket.Lock);
            for (ParkingRecord? current = bucket.Oldest; current != null; current = current.Next)
            {
                if (current.Address == (nint)address)
                    count++;
            }
            SpinLock.Exit(ref bucket.Lock);
            return count;
        }

        private static ref Bucket BucketOf(nint address)
        {
            ulong hash = (ulong)address * 0x9E3779B97F4A7C15UL; // Fibonacci hashing: the high bits mix all address bits
            return ref s_buckets[(int)(hash >> (64 - ThreadLimits.ParkingBucketCountLog2))];
        }

        private static void Append(ref Bucket bucket, ParkingRecord record)
        {
            if (bucket.Newest == null)
                bucket.Oldest = record;
            else
                bucket.Newest.Next = record;
            bucket.Newest = record;
        }

        private static void Unlink(ref Bucket bucket, ParkingRecord? previous, ParkingRecord record)
        {
            if (previous == null)
                bucket.Oldest = record.Next;
            else
                previous.Next = record.Next;
            if (bucket.Newest == record)
                bucket.Newest = previous;
        }

        // True when woken; false when the deadline passed first (the record may still be queued).
        private static bool SleepUntilWoken(ParkingRecord record, long deadlineNanoseconds)
        {
            while (!record.Woken) // acquire
            {
                if (deadlineNanoseconds == NoDeadline)
                {
                    OSv.Core.Sched.Thread.Park();
                    continue;
                }
                long remaining = deadlineNanoseconds - Clock.NowNanoseconds;
                if (remaining <= 0)
                    return record.Woken;
                OSv.Core.Sched.Thread.Park(remaining < ParkNanosecondsMax ? remaining : ParkNanosecondsMax);
            }
            return true;
        }

        private static ParkResult CancelAfterTimeout(ref Bucket bucket, ParkingRecord record)
        {
            SpinLock.Enter(ref bucket.Lock);
            if (record.Queued)
            {
                ParkingRecord? previous = null;
                ParkingRecord? current = bucket.Oldest;
                while (current != record)
                {
                    previous = current;
                    current = current!.Next;
                }
                Unlink(ref bucket, previous, record);
                record.Queued = false;
                SpinLock.Exit(ref bucket.Lock);
                return ParkResult.TimedOut;
            }
            SpinLock.Exit(ref bucket.Lock);
            SleepUntilWoken(record, NoDeadline); // a waker unlinked us and is about to set Woken
            return ParkResult.Woken;
        }
    }
}
