// WaitQueue: threads waiting for a condition that a Mutex guards, woken by WakeOne/WakeAll. As
// OSv's waitqueue (include/osv/waitqueue.hh, core/waitqueue.cc): unlike CondVar it has no lock
// of its own; the caller's mutex guards its list, so it must be held to wait and to wake.
//
// Algorithm: Wait links the thread's record at the tail (WaitList), releases the mutex and parks.
// A wake takes the oldest waiting record and morphs it onto the mutex (Mutex.SendLock): since the
// waker holds the mutex, the record joins the mutex's queue, and the waiter is woken by the
// waker's Unlock already holding the lock, instead of waking now only to block on the mutex again.
// The woken thread adopts the lock (ReceiveLock) and returns holding it, as it was called.
//
// Invariant: the mutex is held exactly once by every thread that touches _waiters or _mutex
// (checked), so the list needs no other lock; a record is woken at most once, and a timed-out
// waiter either wins its cancel, re-locks the mutex and unlinks itself, or lost it to a wake that
// is already coming (WaitList.cs explains the claim). All waiters use one mutex (checked): it is
// remembered while the list is non-empty.
//
// Departures from OSv: wakes take no mutex argument (the queue remembers its waiters' mutex);
// timed-out waiters cancel with a lock-free claim instead of scheduler thread states; each
// thread's one WaitRecord serves every wait.
//
// Caller rules: hold the mutex, exactly once (not recursively: Wait could not release it), for
// Wait, WakeOne and WakeAll. Wake-ups can be spurious only as any condition wait's are: re-check
// the condition in a loop. A timed Wait returns false when it timed out; it holds the mutex either
// way.
using OSv.Core.Sched;

namespace OSv.Core.Sync
{
    public sealed class WaitQueue
    {
        private WaitList _waiters;
        private Mutex? _mutex; // the waiters' mutex; null when no record is linked

        public void Wait(Mutex mutex) => WaitCore(mutex, timed: false, deadlineNanoseconds: 0);

        // False when timeoutNanoseconds passed without a wake.
        public bool Wait(Mutex mutex, long timeoutNanoseconds) =>
            WaitCore(mutex, timed: true, Waiter.DeadlineAfter(timeoutNanoseconds));

        // Wakes the oldest waiter; it runs once the caller unlocks the mutex.
        public void WakeOne()
        {
            if (_waiters.IsEmpty)
                return;
            Mutex mutex = HeldWaitersMutex();
            WaitRecord? record = _waiters.DequeueWaiting();
            if (_waiters.IsEmpty)
                _mutex = null;
            if (record != null)
                mutex.SendLock(record); // wait morphing
        }

        // Wakes every waiter; they run one at a time as the mutex passes along.
        public void WakeAll()
        {
            if (_waiters.IsEmpty)
                return;
            Mutex mutex = HeldWaitersMutex();
            WaitRecord? record = _waiters.DequeueAllWaiting();
            _mutex = null;
            // Bounded: the chain holds at most Limits.ThreadsMax records (WaitList.cs).
            while (record != null)
            {
                WaitRecord? next = record.Next; // before SendLock: the record is its thread's after
                mutex.SendLock(record);
                record = next;
            }
        }

        private bool WaitCore(Mutex mutex, bool timed, long deadlineNanoseconds)
        {
            if (!mutex.IsOwnedByCurrentThread || mutex.Depth != 1)
                ThrowHelper.ThrowMutexNotHeldOnce();
            if (_mutex != null && _mutex != mutex)
                ThrowHelper.ThrowMixedMutexes();
            _mutex = mutex;
            WaitRecord record = Thread.Current.WaitRecord;
            _waiters.Enqueue(record);
            mutex.Unlock();

            if (timed && !Waiter.WaitUntilWoken(record, deadlineNanoseconds) && WaitList.TryCancel(record))
            {
                // Timed out, and no wake claimed us: take the mutex back ourselves and unlink.
                mutex.Lock();
                _waiters.RemoveCancelled(record);
                if (_waiters.IsEmpty)
                    _mutex = null;
                return false;
            }
            // Woken, or a wake claimed us before our cancel: it morphed us onto the mutex.
            Waiter.WaitUntilWoken(record);
            mutex.ReceiveLock();
            return true;
        }

        private Mutex HeldWaitersMutex()
        {
            Mutex? mutex = _mutex;
            if (mutex == null || !mutex.IsOwnedByCurrentThread)
                ThrowHelper.ThrowWakeWithoutMutex();
            return mutex!;
        }
    }
}
