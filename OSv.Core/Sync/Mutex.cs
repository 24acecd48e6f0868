// Mutex: OSv's lock-free, recursive, sleeping mutex (core/lfmutex.cc, include/lockfree/mutex.hh),
// which combines a lock-free MPSC queue of waiters (WaitRecordQueue.cs) with the "responsibility
// hand-off" protocol of Gidenstam and Papatriantafilou, "LFTHREADS: A lock-free thread library"
// (2007). Waiters never spin: they queue their thread's WaitRecord and park until woken.
//
// State:
//   _count    threads that hold the lock or are acquiring it (counted before they queue). The
//             lock is taken by whoever moves it 0 → 1, or is handed to a queued waiter.
//   _owner    the holding thread, for recursion; only the holder stores itself here, and clears it
//             before the decrement that releases, so a thread that reads itself is never wrong.
//   _depth    recursion depth; read and written by the holder only.
//   _waiters  the queued lockers (FIFO).
//   _handoff  0, or a token an unlock left because a counted locker had not queued yet.
//   _sequence source of tokens (never 0), so a stale token never matches a new one.
//
// The cases (each is labelled in the code):
//   uncontended lock   one atomic increment, 0 → 1.
//   recursive lock     the increment found a holder, and it is us: undo it, depth + 1.
//   contended lock     queue our record, take a pending hand-off if there is one, park.
//   uncontended unlock one atomic decrement, 1 → 0.
//   contended unlock   the count says someone is acquiring: pop a waiter and wake it (the lock
//                      passes to it directly, the count never reaching 0); if none has queued
//                      yet, leave a hand-off token instead of waiting for it.
//   hand-off           the unlocker publishes the token with a full fence, then looks at the
//                      queue; a locker pushes (a full fence), then looks at the token. So at least
//                      one of them sees the other: either the unlocker sees the queued record and
//                      takes its token back to pop it, or the locker sees the token, takes it with
//                      a CAS, and so becomes responsible for waking the oldest waiter (possibly
//                      itself, in which case it owns the lock at once). Exactly one CAS on a given
//                      token succeeds, so exactly one thread ends up responsible, and every unlock
//                      with lockers pending results in exactly one wake.
//
// Single consumer (WaitRecordQueue's rule; OSv's argument): Pop runs only (A) in an unlock after
// its decrement, with no token of its own outstanding, or (B) in a lock or SendLock that took a
// token (TryLock takes tokens but never pops). Two threads cannot be at (A): a second unlock needs
// a holder, and while one unlock is at (A) the lock has no holder until it wakes someone. Nobody
// is at (A) or another (B) while one thread is at (B): the unlock that made the token has given up
// the consumer role with it, and each token is taken once. So the queue never sees two pops at
// once, and the unlock loop's second round always pops (it runs only after the unlock saw the
// queue non-empty and took its token back, so nobody could have popped meanwhile).
//
// Wait morphing (used by CondVar and WaitQueue): SendLock(record) acquires the lock on behalf of
// a parked waiter: either the lock was free and the waiter is woken owning it, or its record is
// queued like a locker's and an unlock wakes it. The woken thread calls ReceiveLock.
//
// Departures from OSv: records are linked by id (WaitRecordTable.cs), not pointer, because
// references cannot be CASed here; the wait record is the thread's own, not a stack object;
// Unlock checks ownership (OSv asserts it) and throws; a token is drawn with an atomic increment,
// where OSv relies on unlocks being serialised; OSv's optional brief spinning before queueing is
// left out.
//
// Caller rules: Unlock only on the holding thread, once per Lock or successful TryLock; no
// timeouts (waits that can time out belong to CondVar, WaitQueue and Semaphore).
//
// Fairness and cost: the lock passes to queued waiters oldest first, and a new locker cannot
// overtake them (the count stays above 0 from one holder to the next); only TryLock can take it
// through a pending token. The price is OSv's: under sustained contention each acquisition can
// cost a thread switch (a lock convoy), which is cheap for OSv's scheduler and dear for host
// threads (tens of thousands of hand-offs per second on a small host).
using System.Runtime.CompilerServices;
using System.Threading;
using OSv.Core.Diagnostics;
using Thread = OSv.Core.Sched.Thread;
using WaitRecord = OSv.Core.Sched.WaitRecord;

namespace OSv.Core.Sync
{
    public sealed class Mutex
    {
        private int _count;
        private int _depth;
        private Thread? _owner;
        private int _handoff;
        private int _sequence;
        private WaitRecordQueue _waiters;

        // Ordered load; exact for the calling thread, since only it stores itself into _owner.
        public bool IsOwnedByCurrentThread => Volatile.Read(ref _owner) == Thread.Current;

        // Recursion depth; meaningful to the holding thread only.
        internal int Depth => _depth;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Lock()
        {
            Thread current = Thread.Current;
            // Uncontended lock: count 0 → 1 makes us the holder (increment: full fence, acquire).
            if (Interlocked.Increment(ref _count) == 1)
            {
                BecomeOwner(current);
                return;
            }
            LockContended(current);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryLock()
        {
            Thread current = Thread.Current;
            // Uncontended: the lock was free and nobody was acquiring it (CAS: full fence, acquire).
            if (Interlocked.CompareExchange(ref _count, 1, 0) == 0)
            {
                BecomeOwner(current);
                return true;
            }
            return TryLockContended(current);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Unlock()
        {
            if (Volatile.Read(ref _owner) != Thread.Current) // ordered load; exact for the caller (see top)
                ThrowHelper.ThrowNotOwner();
            // Recursive unlock: still held.
            if (--_depth != 0)
                return;
            // Clear before releasing: after the decrement another thread may become the holder.
            Volatile.Write(ref _owner, null);
            // Uncontended unlock: 1 → 0 (decrement: full fence, release of the critical section).
            if (Interlocked.Decrement(ref _count) == 0)
                return;
            UnlockContended();
        }

        // `using (mutex.Acquire()) { ... }`: Lock now, Unlock when the scope ends.
        public Scope Acquire()
        {
            Lock();
            return new Scope(this);
        }

        public ref struct Scope
        {
            private Mutex? _mutex;

            internal Scope(Mutex mutex) { _mutex = mutex; }

            public void Dispose()
            {
                Mutex? mutex = _mutex;
                _mutex = null; // a second Dispose does nothing
                mutex?.Unlock();
            }
        }

        // Wait morphing: acquire the lock for the parked thread that owns `record` (not for the
        // caller). The record must be in no queue, its Woken clear, its thread not holding this
        // mutex. The thread is woken holding the lock, now or by a later unlock, and must then
        // call ReceiveLock. The caller must not touch the record afterwards.
        internal void SendLock(WaitRecord record)
        {
            // Uncontended: the lock was free; it is the record's thread's now (full fence).
            if (Interlocked.Increment(ref _count) == 1)
            {
                Waiter.Wake(record);
                return;
            }
            // Contended: queue the record as its thread would, then do a locker's part of the
            // hand-off, since an unlock may have missed it between our increment and push.
            _waiters.Push(record.Id);
            if (TakeHandoff())
                WakeOldest();
        }

        // Completes wait morphing on the woken thread: the lock is already ours.
        internal void ReceiveLock() => BecomeOwner(Thread.Current);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void BecomeOwner(Thread current)
        {
            Volatile.Write(ref _owner, current); // ordering only for the recursive check; see top
            _depth = 1;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void LockContended(Thread current)
        {
            // Recursive lock: the holder is us. Undo our increment; the count keeps the holder's 1.
            if (Volatile.Read(ref _owner) == current) // ordered load; a stale value is never `current`
            {
                Interlocked.Decrement(ref _count); // atomic: lockers may be incrementing concurrently
                if (_depth == int.MaxValue)
                    ThrowHelper.ThrowRecursionTooDeep();
                _depth++;
                return;
            }

            // Contended lock: queue our record, then take part in the hand-off.
            WaitRecord record = current.WaitRecord;
            int id = WaitRecordTable.IdOf(record);
            record.Woken = false; // volatile store, ordered before the push's CAS
            _waiters.Push(id);
            if (TakeHandoff())
            {
                // Hand-off: an unlock left the lock to whoever queued; we took that on. Pop the
                // oldest waiter; if it is us, the lock is ours already.
                int oldest = _waiters.Pop();
                Invariant.Assert(oldest != 0, "mutex hand-off taken with an empty queue");
                if (oldest == id)
                {
                    BecomeOwner(current);
                    return;
                }
                Waiter.Wake(WaitRecordTable.Record(oldest));
            }
            Waiter.WaitUntilWoken(record);
            // Woken by an unlock or a hand-off: the lock was passed to us, the count unchanged.
            BecomeOwner(current);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool TryLockContended(Thread current)
        {
            // Recursive: we hold it already (the count is untouched on this path).
            if (Volatile.Read(ref _owner) == current) // ordered load; a stale value is never `current`
            {
                if (_depth == int.MaxValue)
                    ThrowHelper.ThrowRecursionTooDeep();
                _depth++;
                return true;
            }
            // Hand-off: a pending token means the lock is free, with lockers still on their way
            // to the queue. Taking the token makes us the holder; we add ourselves to the count.
            int token = Volatile.Read(ref _handoff); // ordered load; the CAS below validates it
            // CAS (full fence, acquire): exactly one taker per token.
            if (token != 0 && Interlocked.CompareExchange(ref _handoff, 0, token) == token)
            {
                Interlocked.Increment(ref _count); // atomic: lockers increment concurrently
                BecomeOwner(current);
                return true;
            }
            return false;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void UnlockContended()
        {
            // Contended unlock. At most two rounds: a second one runs only after we saw a queued
            // record and took our token back, and as the only consumer our Pop then succeeds.
            for (int round = 1; ; round++)
            {
                int oldest = _waiters.Pop();
                if (oldest != 0)
                {
                    Waiter.Wake(WaitRecordTable.Record(oldest));
                    return;
                }
                Invariant.Assert(round == 1, "mutex unlock: queue seen non-empty, then empty to its only consumer");
                // Hand-off: a counted locker has not queued yet. Leave it a token.
                int token = NextToken();
                Interlocked.Exchange(ref _handoff, token); // full fence: publish, then read the queue
                if (_waiters.IsEmpty)
                    return; // the locker will find the token after its push
                // Someone queued meanwhile: take the token back and pop, unless a locker (or a
                // TryLock) took it first, in which case waking is its job now.
                if (Interlocked.CompareExchange(ref _handoff, 0, token) != token) // full fence
                    return;
            }
        }

        // A locker's side of the hand-off, after its push: take a pending token if a record is
        // queued. The push's CAS is a full fence, so the token read comes after the push is seen.
        private bool TakeHandoff()
        {
            int token = Volatile.Read(ref _handoff); // after the push's full fence; the CAS validates it
            // CAS (full fence, acquire): exactly one taker per token.
            return token != 0 && !_waiters.IsEmpty && Interlocked.CompareExchange(ref _handoff, 0, token) == token;
        }

        private void WakeOldest()
        {
            int oldest = _waiters.Pop();
            Invariant.Assert(oldest != 0, "mutex hand-off taken with an empty queue");
            Waiter.Wake(WaitRecordTable.Record(oldest));
        }

        private int NextToken()
        {
            // Atomic increment: unique tokens even if unlocks were not serialised; skips 0.
            int token = Interlocked.Increment(ref _sequence);
            return token != 0 ? token : Interlocked.Increment(ref _sequence);
        }
    }
}
