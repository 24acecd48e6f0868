// WaitList: the FIFO of waiting threads behind WaitQueue, CondVar and Semaphore, with waits that
// can time out. A lock guards the list (the user's mutex for WaitQueue, an internal Mutex for
// CondVar and Semaphore); records are linked through WaitRecord.Next, as OSv links its
// stack-allocated wait_records (include/osv/waitqueue.hh, core/condvar.cc).
//
// The problem with timeouts. A waiter whose time is up must unlink its record, so it must take
// the guarding lock; but taking a Mutex may park, which uses the same record (Woken, and the
// mutex's queue), while a waker holding the lock may at that very moment choose the record and
// morph it onto a mutex queue (CondVar, WaitQueue) or hand it a semaphore unit. OSv avoids the
// clash with a fresh stack record per wait and scheduler states (thread::wake_lock); we have one
// record per thread, so a claim word per record decides, lock-free, who the record belongs to:
//
//   Idle       in no list, or unlinked after a cancel.
//   Waiting    linked; no waker has chosen it and its thread has not given up.
//   Signalled  a waker chose it (CAS Waiting → Signalled, lock held) and unlinked it; the waker
//              will wake it (directly or through a mutex). Only that waker touches it until then.
//   Cancelled  its thread gave up (CAS Waiting → Cancelled, no lock needed); it is still linked,
//              and is unlinked (→ Idle) by whoever next holds the lock and meets it: a waker
//              passing over it, or the thread itself in RemoveCancelled.
//
// Invariant: the two CASes start from Waiting, so exactly one succeeds: a record is either woken
// by a waker (Signalled) or given up by its thread (Cancelled), never both. A Cancelled record is
// never woken, so its thread may park on the guarding lock with it: that park uses only Woken and
// the mutex queue's link, while the list uses Next and the claim, which only lock holders write.
// A thread that lost the race (TryCancel false) must wait untimed for its wake, which is coming.
//
// Bounds: a record is in at most one list (its thread waits on one thing at a time; Enqueue
// asserts it), so a list holds at most Limits.ThreadsMax records and every walk is bounded.
//
// Caller rules: Enqueue, DequeueWaiting, DequeueAllWaiting and RemoveCancelled with the guarding
// lock held; Enqueue and RemoveCancelled by the record's own thread. A waker owns a Signalled
// record and must read its Next (for chains) before waking it. The struct lives in its owner's
// field and must not be copied.
using System.Threading;
using OSv.Core.Diagnostics;
using WaitRecord = OSv.Core.Sched.WaitRecord;

namespace OSv.Core.Sync
{
    internal struct WaitList
    {
        public const int Idle = 0;
        public const int Waiting = 1;
        public const int Signalled = 2;
        public const int Cancelled = 3;

        private WaitRecord? _oldest;
        private WaitRecord? _newest;

        // A snapshot, readable without the lock (a waker's "nobody waits" fast path). Counts
        // cancelled records not yet unlinked as present.
        public bool IsEmpty => Volatile.Read(ref _oldest) == null;

        public void Enqueue(WaitRecord record)
        {
            int id = WaitRecordTable.IdOf(record);
            ref int claim = ref WaitRecordTable.ClaimOf(id);
            int previous = Volatile.Read(ref claim); // ordered load; only we can change it now
            Invariant.Assert(previous != Waiting && previous != Cancelled, "wait record enqueued while still in a list");
            record.Woken = false; // volatile store; the lock's release publishes it with the link
            record.Next = null;
            Volatile.Write(ref claim, Waiting); // before the link: a waker that finds it sees Waiting
            if (_newest == null)
                Volatile.Write(ref _oldest, record); // ordered: IsEmpty readers outside the lock
            else
                _newest.Next = record;
            _newest = record;
        }

        // Unlinks records oldest first until it can claim one (Waiting → Signalled), which it
        // returns; cancelled ones met on the way become Idle. Null when none is waiting.
        public WaitRecord? DequeueWaiting()
        {
            // Bounded: each round unlinks one record, and the list holds at most ThreadsMax.
            for (int unlinked = 0; unlinked <= Limits.ThreadsMax; unlinked++)
            {
                WaitRecord? record = _oldest;
                if (record == null)
                    return null;
                WaitRecord? next = record.Next;
                Volatile.Write(ref _oldest, next); // ordered: IsEmpty readers outside the lock
                if (next == null)
                    _newest = null;
                record.Next = null;
                if (Claim(record))
                    return record;
            }
            Invariant.Fail("wait list longer than Limits.ThreadsMax (a cycle)");
            return null;
        }

        // Unlinks every record; returns those it could claim, chained oldest first through Next
        // (the caller reads each Next before waking that record). Cancelled ones become Idle.
        public WaitRecord? DequeueAllWaiting()
        {
            WaitRecord? node = _oldest;
            Volatile.Write(ref _oldest, null); // ordered: IsEmpty readers outside the lock
            _newest = null;
            WaitRecord? first = null;
            WaitRecord? last = null;
            // Bounded by the list's length, at most ThreadsMax.
            for (int seen = 0; node != null; seen++)
            {
                Invariant.Assert(seen < Limits.ThreadsMax, "wait list longer than Limits.ThreadsMax (a cycle)");
                WaitRecord? next = node.Next;
                node.Next = null;
                if (Claim(node))
                {
                    if (last == null)
                        first = node;
                    else
                        last.Next = node;
                    last = node;
                }
                node = next;
            }
            return first;
        }

        // The record's thread gives up its wait, without the lock. True: nobody claimed it and
        // nobody will; the caller must take the lock and call RemoveCancelled. False: a waker
        // claimed it first and will wake it; the caller must wait (untimed) for Woken.
        public static bool TryCancel(WaitRecord record)
        {
            ref int claim = ref WaitRecordTable.ClaimOf(record.Id);
            // CAS (full fence): decides against a waker's Claim.
            return Interlocked.CompareExchange(ref claim, Cancelled, Waiting) == Waiting;
        }

        // After a successful TryCancel, with the lock held: unlinks the record unless a waker
        // already did (then its claim is Idle).
        public void RemoveCancelled(WaitRecord record)
        {
            ref int claim = ref WaitRecordTable.ClaimOf(record.Id);
            int state = Volatile.Read(ref claim); // under the lock: sees a waker's Idle (its release)
            if (state == Idle)
                return;
            Invariant.Assert(state == Cancelled, "RemoveCancelled on a record that was not cancelled");
            WaitRecord? previous = null;
            WaitRecord? node = _oldest;
            // Bounded by the list's length, at most ThreadsMax.
            for (int seen = 0; node != null && node != record; seen++)
            {
                Invariant.Assert(seen < Limits.ThreadsMax, "wait list longer than Limits.ThreadsMax (a cycle)");
                previous = node;
                node = node.Next;
            }
            Invariant.Assert(node == record, "cancelled wait record missing from its list");
            if (previous == null)
                Volatile.Write(ref _oldest, record.Next); // ordered: IsEmpty readers outside the lock
            else
                previous.Next = record.Next;
            if (_newest == record)
                _newest = previous;
            record.Next = null;
            Volatile.Write(ref claim, Idle); // ordered store; the lock's release publishes it
        }

        // A waker's side of the claim, lock held, record already unlinked: true when it was
        // Waiting and is now ours (Signalled); false when it was Cancelled, now Idle.
        private static bool Claim(WaitRecord record)
        {
            ref int claim = ref WaitRecordTable.ClaimOf(record.Id);
            // CAS (full fence): decides against the waiter's TryCancel.
            int previous = Interlocked.CompareExchange(ref claim, Signalled, Waiting);
            if (previous == Waiting)
                return true;
            Invariant.Assert(previous == Cancelled, "wait list holds a record that is neither waiting nor cancelled");
            Volatile.Write(ref claim, Idle); // ordered store: the canceller, once it holds the lock, sees it unlinked
            return false;
        }
    }
}
