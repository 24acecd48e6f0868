// A CPU's pending timers, ordered by deadline (OSv's timer_list over its timer_set). The CPU's
// one-shot clock event is programmed for NextDeadlineNs; when it fires, Expire(now) fires every
// timer due by then.
//
// Structure. A binary min-heap in an array allocated once (Limits.TimerListCapacity), ordered
// by (deadline, arming sequence), each timer carrying its slot: Add and Remove are O(log n),
// NextDeadlineNs is O(1), and nothing allocates. The sequence makes timers with equal deadlines
// fire in arming order and the order total. Invariant: every slot below Count holds an armed
// timer whose HeapIndex is that slot and whose List is this list, and no child precedes its
// parent; CheckInvariants verifies it. When full, Add refuses the timer, counts the refusal and
// returns false: the list never grows (Limits.cs sizes it for one timer per thread plus the
// kernel's, so a refusal means a bound was broken).
//
// Expire fires at most as many timers as were pending when it started, so that a callback that
// re-arms its timer for a deadline already past cannot keep it looping; if that bound stops it,
// NextDeadlineNs ≤ now tells the caller to call again (after the callbacks have run, OSv too
// checks again before reprogramming the clock event).
//
// Caller rules: one CPU's list is used on that CPU with interrupts off (the timer interrupt
// expires it). Departure from OSv: no per-thread list of active timers; a thread that migrates
// removes its armed timer from the old CPU's list and adds it to the new one.
using OSv.Core.Diagnostics;

namespace OSv.Core.Time
{
    public sealed class TimerList
    {
        private readonly Timer?[] _heap;
        private int _count;
        private ulong _nextSequence;
        private long _rejectedCount;

        public TimerList() : this(Limits.TimerListCapacity)
        {
        }

        // A smaller capacity is for tests.
        public TimerList(int capacity)
        {
            Invariant.Assert(capacity >= 1 && capacity <= Limits.TimerListCapacity, "TimerList: capacity out of range");
            _heap = new Timer?[capacity];
        }

        public int Count => _count;
        public int Capacity => _heap.Length;

        // Adds refused because the list was full.
        public long RejectedCount => _rejectedCount;

        // The earliest deadline, or long.MaxValue when no timer is armed.
        public long NextDeadlineNs => _count == 0 ? long.MaxValue : _heap[0]!.Deadline;

        // Arms an idle or expired timer. False (and counted) when the list is full; the timer
        // then stays as it was.
        public bool Add(Timer timer, long deadlineNs)
        {
            Invariant.Assert(timer.State != TimerState.Armed && timer.List == null, "TimerList: timer already armed");
            if (_count == _heap.Length)
            {
                _rejectedCount++;
                return false;
            }
            timer.Deadline = deadlineNs;
            timer.Sequence = _nextSequence++;
            timer.State = TimerState.Armed;
            timer.List = this;
            timer.HeapIndex = _count;
            _heap[_count] = timer;
            _count++;
            SiftUp(_count - 1);
            return true;
        }

        // Cancels an armed timer: true if it was armed here. A timer that is idle or already
        // expired is left as it is (false), as OSv's timer_base::cancel.
        public bool Remove(Timer timer)
        {
            if (timer.State != TimerState.Armed)
                return false;
            Invariant.Assert(timer.List == this && _heap[timer.HeapIndex] == timer, "TimerList: timer armed in another list");
            RemoveAt(timer.HeapIndex);
            timer.State = TimerState.Idle;
            return true;
        }

        // Takes the earliest timer if it is due (deadline ≤ now), marking it expired without
        // calling OnExpired: for callers that fire timers themselves.
        public bool TryPopExpired(long nowNs, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Timer? timer)
        {
            if (_count == 0 || _heap[0]!.Deadline > nowNs)
            {
                timer = null;
                return false;
            }
            timer = _heap[0]!;
            RemoveAt(0);
            timer.State = TimerState.Expired;
            return true;
        }

        // Fires every timer due by now, in deadline order (arming order among equal deadlines),
        // each marked expired before its OnExpired runs. Returns how many fired.
        public int Expire(long nowNs)
        {
            int bound = _count;
            int fired = 0;
            while (fired < bound && TryPopExpired(nowNs, out Timer? timer))
            {
                fired++;
                timer.OnExpired(nowNs);
            }
            return fired;
        }

        // O(capacity) check of the structure's invariant; for tests and debugging.
        public void CheckInvariants()
        {
            Invariant.Assert(_count >= 0 && _count <= _heap.Length, "TimerList: count out of range");
            for (int index = 0; index < _count; index++)
            {
                Timer? timer = _heap[index];
                Invariant.Assert(timer != null, "TimerList: empty slot below count");
                Invariant.Assert(timer!.HeapIndex == index, "TimerList: heap index does not match slot");
                Invariant.Assert(timer.List == this, "TimerList: timer names another list");
                Invariant.Assert(timer.State == TimerState.Armed, "TimerList: queued timer not armed");
                Invariant.Assert(index == 0 || !Precedes(timer, _heap[(index - 1) / 2]!), "TimerList: child precedes parent");
            }
            bool clean = true;
            for (int index = _count; index < _heap.Length; index++)
                clean &= _heap[index] == null;
            Invariant.Assert(clean, "TimerList: stale slot above count");
        }

        // Order of the heap: earlier deadline first, then earlier arming.
        private static bool Precedes(Timer a, Timer b) =>
            a.Deadline < b.Deadline || (a.Deadline == b.Deadline && a.Sequence < b.Sequence);

        private void RemoveAt(int index)
        {
            Timer removed = _heap[index]!;
            int last = _count - 1;
            Timer moved = _heap[last]!;
            _heap[last] = null;
            _count = last;
            removed.HeapIndex = -1;
            removed.List = null;
            if (index == last)
                return;
            _heap[index] = moved;
            moved.HeapIndex = index;
            if (index > 0 && Precedes(moved, _heap[(index - 1) / 2]!))
                SiftUp(index);
            else
                SiftDown(index);
        }

        private void SiftUp(int index)
        {
            Timer timer = _heap[index]!;
            while (index > 0)
            {
                int parent = (index - 1) / 2;
                Timer above = _heap[parent]!;
                if (!Precedes(timer, above))
                    break;
                Place(above, index);
                index = parent;
            }
            Place(timer, index);
        }

        private void SiftDown(int index)
        {
            Timer timer = _heap[index]!;
            while (true)
            {
                int child = 2 * index + 1;
                if (child >= _count)
                    break;
                if (child + 1 < _count && Precedes(_heap[child + 1]!, _heap[child]!))
                    child++;
                Timer below = _heap[child]!;
                if (!Precedes(below, timer))
                    break;
                Place(below, index);
                index = child;
            }
            Place(timer, index);
        }

        private void Place(Timer timer, int index)
        {
            _heap[index] = timer;
            timer.HeapIndex = index;
        }
    }
}
