// CondVar: a condition variable with wait morphing, after OSv's condvar (core/condvar.cc,
// include/osv/condvar.h). Signal and Broadcast may be called with or without the mutex held.
//
// Algorithm: an internal Mutex (_lock) guards the FIFO of waiters (WaitList) and the waiters'
// mutex. Wait links the thread's record, releases the user's mutex, releases _lock, and parks. A
// signal takes the oldest waiting record and, instead of waking it, morphs it onto the user's
// mutex (Mutex.SendLock): if the mutex is free the waiter wakes owning it; otherwise its record
// joins the mutex's queue and the unlock that frees the mutex wakes it. Either way the waiter runs
// once, already holding the mutex (ReceiveLock), rather than waking to block on the mutex again.
// Broadcast claims all waiting records under _lock, then morphs them one by one outside it; they
// then pass the mutex along in turn.
//
// Invariants: a waiter's record is linked while its claim is Waiting, and exactly one of a wake
// and the waiter's own cancel claims it (WaitList.cs), so each wait ends once: woken holding the
// mutex (true), or timed out, unlinked, and re-locked (false). The record is linked before the
// user's mutex is released, so a signaller that changes the condition under the mutex after that
// release finds the record (its lock-free IsEmpty peek reads what the waiter's release of the
// mutex published). All concurrent waits use one mutex (checked); it is forgotten when the list
// empties. _lock is a leaf: held only for list work, never while waiting or taking another lock.
//
// Departures from OSv: timed-out waiters cancel with a lock-free claim and re-lock with the
// ordinary Lock (OSv removes the stack record under its lock, and waits again if a wake already
// took it, as we do); OSv's Broadcast groups waiters by CPU, ours keeps FIFO order.
//
// Caller rules: Wait with the mutex held exactly once by the calling thread (not recursively);
// re-check the condition in a loop after Wait returns (wakes can be stolen by a thread that took
// the mutex first). A timed Wait returns false when it timed out; it holds the mutex either way.
using OSv.Core.Sched;

namespace OSv.Core.Sync
{
    public sealed class CondVar
    {
        private readonly Mutex _lock = new Mutex();
        private WaitList _waiters;
        private Mutex? _mutex; // the waiters' mutex; null when no record is linked

        public void Wait(Mutex mutex) => WaitCore(mutex, timed: false, deadlineNanoseconds: 0);

        // False when timeoutNanoseconds passed without a signal.
        public bool Wait(Mutex mutex, long timeoutNanoseconds) =>
            WaitCore(mutex, timed: true, Waiter.DeadlineAfter(timeoutNanoseconds));

        public void Signal()
        {
            if (_waiters.IsEmpty) // lock-free peek: no waiter, no work
                return;
            _lock.Lock();
            WaitRecord? record = _waiters.DequeueWaiting();
            Mutex? mutex = _mutex;
            if (_waiters.IsEmpty)
                _mutex = null;
            _lock.Unlock();
            if (record != null)
                mutex!.SendLock(record); // wait morphing; the record is ours until then
        }

        public void Broadcast()
        {
            if (_waiters.IsEmpty)
                return;
            _lock.Lock();
            WaitRecord? record = _waiters.DequeueAllWaiting();
            Mutex? mutex = _mutex;
            _mutex = null;
            _lock.Unlock();
            // Bounded: the chain holds at most Limits.ThreadsMax records (WaitList.cs).
            while (record != null)
            {
                WaitRecord? next = record.Next; // before SendLock: the record is its thread's after
                mutex!.SendLock(record);
                record = next;
            }
        }

        private bool WaitCore(Mutex mutex, bool timed, long deadlineNanoseconds)
        {
            if (!mutex.IsOwnedByCurrentThread || mutex.Depth != 1)
                ThrowHelper.ThrowMutexNotHeldOnce();
            WaitRecord record = Thread.Current.WaitRecord;
            // _lock may park us, on this same record: it is in no list yet.
            _lock.Lock();
            if (_mutex != null && _mutex != mutex)
            {
                _lock.Unlock();
                ThrowHelper.ThrowMixedMutexes();
            }
            _mutex = mutex;
            _waiters.Enqueue(record);
            mutex.Unlock();
            _lock.Unlock();

            if (timed && !Waiter.WaitUntilWoken(record, deadlineNanoseconds) && WaitList.TryCancel(record))
            {
                // Timed out, and no signal claimed us. Parking on _lock is safe now: nobody
                // will wake or morph a cancelled record (WaitList.cs).
                _lock.Lock();
                _waiters.RemoveCancelled(record);
                if (_waiters.IsEmpty)
                    _mutex = null;
                _lock.Unlock();
                mutex.Lock();
                return false;
            }
            // Signalled, or a signal claimed us before our cancel: it morphed us onto the mutex.
            Waiter.WaitUntilWoken(record);
            mutex.ReceiveLock();
            return true;
        }
    }
}
