// A CPU's pending timers, ordered by deadline (OSv's timer_list over its timer_set). The CPU's
// one-shot clock event is programmed for NextDeadlineNs; when it fires, Expire(now) fires every
// timer due by then.
//
// Structure. An IntrusiveHeap (OSv.Core.Collections) allocated once (Limits.TimerListCapacity),
// ordered by (deadline, arming sequence), each timer carrying its slot: Add and Remove are O(log n),
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
// expires it). Departure from OSv: no per-thread list of active timers; a thread migrates only
// with no timer armed (the scheduler cancels a woken thread's timer on its own CPU first).
using System.Runtime.CompilerServices;
using OSv.Core.Collections;
using OSv.Core.Diagnostics;

namespace OSv.Core.Time
{
    // Heap order: earlier deadline first, then earlier arming. Only timers are ever inserted,
    // so the unchecked view is sound.
    public struct TimerOrder : IHeapOrder
    {
        public static bool Precedes(HeapNode a, HeapNode b)
        {
            Timer first = Unsafe.As<Timer>(a), second = Unsafe.As<Timer>(b);
            return first.Deadline < second.Deadline || (first.Deadline == second.Deadline && first.Sequence < second.Sequence);
        }
    }

    public sealed class TimerList : IntrusiveHeap<TimerOrder>
    {
        private ulong _nextSequence;
        private long _rejectedCount;

        public TimerList() : this(Limits.TimerListCapacity)
        {
        }

        // A smaller capacity is for tests.
        public TimerList(int capacity) : base(capacity)
        {
            Invariant.Assert(capacity >= 1 && capacity <= Limits.TimerListCapacity, "TimerList: capacity out of range");
        }

        // Adds refused because the list was full.
        public long RejectedCount => _rejectedCount;

        // The earliest deadline, or long.MaxValue when no timer is armed.
        public long NextDeadlineNs => Count == 0 ? long.MaxValue : Earliest.Deadline;

        private Timer Earliest => Unsafe.As<Timer>(Top!);

        // Arms an idle or expired timer. False (and counted) when the list is full; the timer
        // then stays as it was.
        public bool Add(Timer timer, long deadlineNs)
        {
            Invariant.Assert(timer.State != TimerState.Armed && timer.List == null, "TimerList: timer already armed");
            if (IsFull)
            {
                _rejectedCount++;
                return false;
            }
            timer.Deadline = deadlineNs;
            timer.Sequence = _nextSequence++;
            timer.State = TimerState.Armed;
            timer.List = this;
            Insert(timer);
            return true;
        }

        // Cancels an armed timer: true if it was armed here. A timer that is idle or already
        // expired is left as it is (false), as OSv's timer_base::cancel.
        public bool Remove(Timer timer)
        {
            if (timer.State != TimerState.Armed)
                return false;
            Invariant.Assert(timer.List == this && Holds(timer), "TimerList: timer armed in another list");
            Take(timer.HeapIndex);
            timer.State = TimerState.Idle;
            return true;
        }

        // Takes the earliest timer if it is due (deadline ≤ now), marking it expired without
        // calling OnExpired: for callers that fire timers themselves.
        public bool TryPopExpired(long nowNs, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Timer? timer)
        {
            if (Count == 0 || Earliest.Deadline > nowNs)
            {
                timer = null;
                return false;
            }
            timer = Take(0);
            timer.State = TimerState.Expired;
            return true;
        }

        // Fires every timer due by now, in deadline order (arming order among equal deadlines),
        // each marked expired before its OnExpired runs. Returns how many fired.
        public int Expire(long nowNs)
        {
            int bound = Count;
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
            CheckHeapInvariants();
            for (int index = 0; index < Count; index++)
            {
                Timer timer = Unsafe.As<Timer>(NodeAt(index));
                Invariant.Assert(timer.List == this, "TimerList: timer names another list");
                Invariant.Assert(timer.State == TimerState.Armed, "TimerList: queued timer not armed");
            }
        }

        private Timer Take(int index)
        {
            Timer timer = Unsafe.As<Timer>(RemoveAt(index));
            timer.List = null;
            return timer;
        }
    }
}
