// A one-shot timer, owned by whoever waits on it (a sleeping thread, a wait with a timeout, the
// preemption timer) and linked into a CPU's TimerList while armed, through the heap slot it
// carries: arming and cancelling allocate nothing. One Timer object is reused for every wait
// of its owner.
//
// States (OSv's timer_base: free, armed, expired):
//   Idle    -> Armed    TimerList.Add
//   Armed   -> Idle     TimerList.Remove (cancel)
//   Armed   -> Expired  TimerList.Expire / TryPopExpired, when now reaches the deadline
//   Expired -> Armed    TimerList.Add again
// HasExpired stays true until the next Add, so a waiter can poll it after waking.
//
// Subclasses override OnExpired to act when the timer fires (wake the owner). It runs on the
// timer's CPU inside TimerList.Expire, with interrupts off: it must be short and must not
// block. It may arm timers, this one included.
using OSv.Core.Collections;

namespace OSv.Core.Time
{
    public enum TimerState
    {
        Idle,
        Armed,
        Expired,
    }

    public class Timer : HeapNode
    {
        // Valid while armed, and after expiry (the deadline it expired at).
        internal long Deadline;

        // Arming order, the tie-break that makes equal deadlines fire first-armed first.
        internal ulong Sequence;

        // The list the timer is armed in (its slot there is HeapNode.HeapIndex), or null.
        internal TimerList? List;
        internal TimerState State;

        public long DeadlineNs => Deadline;
        public TimerState CurrentState => State;
        public bool IsArmed => State == TimerState.Armed;
        public bool HasExpired => State == TimerState.Expired;

        // The list the timer is armed in, or null.
        public TimerList? ArmedIn => List;

        // Called once per expiry, in deadline order, by TimerList.Expire.
        protected internal virtual void OnExpired(long nowNs)
        {
        }
    }
}
