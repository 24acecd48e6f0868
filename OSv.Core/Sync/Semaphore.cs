// Semaphore: a counting semaphore (Dijkstra's P and V as Wait and Release), with FIFO direct
// hand-off, as OSv's semaphore (core/semaphore.cc): an internal Mutex guards the count and a FIFO
// of waiters (WaitList); Release gives units to waiters, oldest first, before adding any to the
// count, and wakes them after dropping the lock.
//
// Invariants (under _lock): 0 <= _count <= _maximumCount; when _count > 0 no record in the list
// is Waiting (a Wait queues only on a zero count, and Release serves Waiting records first), so a
// unit is never left in the count while a thread sleeps for one. A unit handed to a waiter is its
// for good: the hand-off claims the record (WaitList.cs), so a waiter that times out at the same
// moment either cancelled first (and gets no unit, which stays with the releaser's remainder) or
// finds itself claimed and waits for the wake that carries its unit. Units are neither lost nor
// duplicated: every unit a Release brings either wakes one claimed waiter or adds one to _count.
//
// Departures from OSv: timed-out waiters cancel with a lock-free claim instead of removing a
// stack record; Release checks a maximum count (as .NET's SemaphoreSlim) rather than wrapping.
//
// Caller rules: any thread may Wait and Release; Release count >= 1. Handing units straight to
// waiters means a late arrival cannot overtake a queued waiter (no barging), at the cost of one
// wake per unit. _lock is a leaf: held only for count and list work.
using OSv.Core.Sched;

namespace OSv.Core.Sync
{
    public sealed class Semaphore
    {
        private readonly Mutex _lock = new Mutex();
        private readonly int _maximumCount;
        private int _count;
        private WaitList _waiters;

        public Semaphore(int initialCount, int maximumCount = int.MaxValue)
        {
            if (maximumCount < 1 || initialCount < 0 || initialCount > maximumCount)
                ThrowHelper.ThrowInitialCountOutOfRange();
            _count = initialCount;
            _maximumCount = maximumCount;
        }

        // A snapshot of the units available.
        public int CurrentCount
        {
            get
            {
                _lock.Lock();
                int count = _count;
                _lock.Unlock();
                return count;
            }
        }

        // Takes a unit, waiting as long as it takes.
        public void Wait() => WaitCore(timed: false, deadlineNanoseconds: 0);

        // Takes a unit; false when timeoutNanoseconds passed without one (nothing taken).
        public bool Wait(long timeoutNanoseconds) => WaitCore(timed: true, Waiter.DeadlineAfter(timeoutNanoseconds));

        // Takes a unit if one is available now.
        public bool TryWait()
        {
            _lock.Lock();
            bool taken = _count > 0;
            if (taken)
                _count--;
            _lock.Unlock();
            return taken;
        }

        // Adds count units, handing them to waiters first. Returns the count before the call.
        public int Release(int count = 1)
        {
            if (count < 1)
                ThrowHelper.ThrowReleaseCountOutOfRange();
            _lock.Lock();
            int previous = _count;
            // With waiters queued _count is 0, so this is the whole check (as SemaphoreSlim's).
            if (count > _maximumCount - previous)
            {
                _lock.Unlock();
                ThrowHelper.ThrowSemaphoreFull();
            }
            WaitRecord? first = null;
            WaitRecord? last = null;
            int handed = 0;
            // Bounded by count, and by the list's length (at most Limits.ThreadsMax).
            while (handed < count)
            {
                WaitRecord? record = _waiters.DequeueWaiting();
                if (record == null)
                    break;
                if (last == null)
                    first = record;
                else
                    last.Next = record; // a claimed record's link is ours until we wake it
                last = record;
                handed++;
            }
            _count = previous + (count - handed);
            _lock.Unlock();
            // Bounded by handed.
            while (first != null)
            {
                WaitRecord? next = first.Next; // before the wake: the record is its thread's after
                Waiter.Wake(first);
                first = next;
            }
            return previous;
        }

        private bool WaitCore(bool timed, long deadlineNanoseconds)
        {
            _lock.Lock();
            if (_count > 0)
            {
                _count--;
                _lock.Unlock();
                return true;
            }
            WaitRecord record = Thread.Current.WaitRecord;
            _waiters.Enqueue(record);
            _lock.Unlock();

            if (timed && !Waiter.WaitUntilWoken(record, deadlineNanoseconds) && WaitList.TryCancel(record))
            {
                // Timed out unclaimed: no unit is ours. Parking on _lock is safe with a cancelled
                // record (WaitList.cs).
                _lock.Lock();
                _waiters.RemoveCancelled(record);
                _lock.Unlock();
                return false;
            }
            // A Release claimed our record and handed us a unit; wait for its wake if not yet.
            Waiter.WaitUntilWoken(record);
            return true;
        }
    }
}
