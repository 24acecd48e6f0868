// What the run queue knows about a runnable thing: its priority value, its decayed-runtime key
// (RuntimeDecay.cs) and the intrusive heap slot that lets a RunQueue queue, dequeue and remove it
// without allocating. The metal Thread derives from it; the simulation tests derive their
// simulated threads from it.
//
// Priority follows OSv (sched::thread::set_priority): a value in [PriorityMin, PriorityMax] or
// PriorityIdle, where a smaller value gets proportionally more CPU. An entity with half the
// value of another gets twice its share when both are busy; PriorityIdle runs only when nothing
// else wants the CPU. OSv uses floats with default 1.0; here the default is 1024, so the
// proportions hold in integers down to 1/1024 of the default value and up to 1024 times it.
//
// Ownership: every field but Pinned belongs to the RunQueue the entity is in or, when it is in
// none, to the scheduler of the CPU it runs or last ran on; all of it is touched only by that
// CPU with interrupts off, so nothing here is atomic.
using OSv.Core.Collections;
using OSv.Core.Diagnostics;

namespace OSv.Core.Sched
{
    public abstract class SchedulingEntity : HeapNode
    {
        public const int PriorityMin = 1;
        public const int PriorityDefault = 1 << 10;
        public const int PriorityMax = 1 << 20;
        public const int PriorityIdle = int.MaxValue;

        // The decayed runtime in RuntimeDecay's frame, expressed in generation KeyGeneration.
        // A new entity has run for nothing: key 0, so it runs soon (as OSv's new threads do).
        internal long Key;
        internal long KeyGeneration;

        // Tie-break among equal keys: lower sequence (earlier enqueue) first.
        internal ulong Sequence;

        // The queue the entity waits in (its slot there is HeapNode.HeapIndex), or null.
        internal RunQueue? Queue;

        private int _priority = PriorityDefault;

        // The load balancer never migrates a pinned entity (OSv's migration lock counter).
        public bool Pinned;

        public int Priority => _priority;

        // The entity's key and its generation, for diagnostics and tests.
        public long RuntimeKey => Key;
        public long RuntimeKeyGeneration => KeyGeneration;

        public bool IsQueued => Queue != null;
        public RunQueue? CurrentQueue => Queue;

        // Changes the priority value for the entity's future running. Not while queued: the key
        // order must not change under the heap. Leaving the idle priority restarts the key at
        // zero (an idle entity's key is infinite); entering it makes the key infinite.
        public void SetPriority(int priority)
        {
            Invariant.Assert(Queue == null, "SchedulingEntity: priority changed while queued");
            Invariant.Assert(IsValidPriority(priority), "SchedulingEntity: priority out of range");
            if (priority == PriorityIdle)
                Key = RuntimeDecay.IdleKey;
            else if (_priority == PriorityIdle)
                Key = 0;
            _priority = priority;
        }

        public static bool IsValidPriority(int priority) =>
            priority == PriorityIdle || (priority >= PriorityMin && priority <= PriorityMax);
    }
}
