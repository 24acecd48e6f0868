// A CPU's run queue: the runnable entities not running, ordered by OSv's fairness rule (the
// smallest decayed runtime runs next; RuntimeDecay.cs has the measure and its integer frame),
// with OSv's hysteresis for preemption and its load balancer's choice of a thread to migrate.
//
// Structure. A binary min-heap in an array allocated once (Limits.RunQueueCapacity), ordered by
// (key, sequence): each entity carries its heap slot, so enqueue, dequeue and remove are
// O(log n) and allocate nothing. Sequence numbers make equal keys first-in first-out (new
// entities, all at key 0, run in creation order) and make the order total, hence deterministic.
// Invariant: every slot below Count holds an entity whose HeapIndex is that slot, whose Queue is
// this queue and whose key is in this queue's generation, and no child precedes its parent;
// CheckInvariants verifies all of it in O(capacity).
//
// Time. Nothing here reads a clock: every operation takes "now" (Clock.NowNanoseconds, the
// global monotonic clock). A now older than one already seen is treated as that one, so a
// slightly skewed clock on another CPU cannot move a frame backwards. When now enters a new
// generation, every queued key is shifted into it and the heap is rebuilt (O(n), once every
// RuntimeDecay.GenerationNs): shifting preserves order up to rounding, and the rebuild restores
// the sequence tie-break where rounding made keys equal.
//
// How the scheduler uses it (OSv's cpu::reschedule_from_interrupt, with this API):
//   - the running entity is in no queue. Charge(running, now - runningSince, now) accounts its
//     running; then ShouldPreempt(running, now): if true, Enqueue(running, now), take
//     TryDequeueNext(now, out next) and ChargeContextSwitchPenalty(next, now);
//   - a thread that blocks is charged and simply not queued; its key stays frozen (decaying,
//     relative to everyone else) until Enqueue on wake-up. A wake-up calls ShouldPreempt for the
//     CPU's running entity at once: a sleeper's small key preempts a busy thread immediately;
//   - yield: TryDequeueNext first, then Enqueue the yielding entity;
//   - the preemption timer is armed PreemptionDelayNs(running, now) ahead (-1: not needed);
//   - the load balancer, every BalanceIntervalNs: if ImbalanceWarrantsMigration(load here,
//     load of the least loaded CPU), TryStealForMigration here and Enqueue on that CPU.
// Caller rules: one CPU's queue is used only by that CPU, with interrupts off (there is no lock:
// other CPUs hand threads over through the scheduler's incoming stacks, Scheduler.Metal.cs); the
// balancer steals from its own CPU's queue only. Enqueue returns false only when the queue is
// full, which Limits.RunQueueCapacity ≥ Limits.ThreadsMax rules out; the scheduler panics then.
using System.Runtime.CompilerServices;
using OSv.Core.Collections;
using OSv.Core.Diagnostics;

namespace OSv.Core.Sched
{
    // Heap order: smaller key first, then earlier enqueue. Only entities are ever inserted, so
    // the unchecked view is sound.
    public struct RunQueueOrder : IHeapOrder
    {
        public static bool Precedes(HeapNode a, HeapNode b)
        {
            SchedulingEntity first = Unsafe.As<SchedulingEntity>(a), second = Unsafe.As<SchedulingEntity>(b);
            return first.Key < second.Key || (first.Key == second.Key && first.Sequence < second.Sequence);
        }
    }

    public sealed class RunQueue : IntrusiveHeap<RunQueueOrder>
    {
        // OSv's thyst: a running entity keeps the CPU until its key exceeds the best queued key
        // by what it earns in this much running, so two busy entities alternate every 2 · 5 ms.
        public const long HysteresisNs = 5_000_000;

        // OSv's context_switch_penalty: charged to the entity switched in after a preemption, so
        // that entities with nearly equal keys do not ping-pong.
        public const long ContextSwitchPenaltyNs = 10_000;

        // Granularity of PreemptionDelayNs's answer: 1% of the hysteresis. Coarser than the APIC
        // timer on purpose: every halving of the search costs two evaluations of the decay, and
        // the search runs on context switches.
        public const long PreemptionResolutionNs = 50_000;

        // OSv's load balancer period.
        public const long BalanceIntervalNs = 100_000_000;

        private long _generation;
        private ulong _nextSequence;

        // The last two RuntimeDecay.Scale results in this generation (time -1: none). Charges,
        // preemption checks and the preemption search of one switch ask for the same "now"
        // again and again, and a charge starts where the previous one ended; each evaluation
        // is a few hundred instructions, which under emulation is most of a switch.
        private long _scaledTime0 = -1, _scale0, _scaledTime1 = -1, _scale1;
        private long _lastNowNs;
        private long _rejectedCount;

        public RunQueue() : this(Limits.RunQueueCapacity)
        {
        }

        // A smaller capacity is for tests.
        public RunQueue(int capacity) : base(capacity)
        {
            Invariant.Assert(capacity >= 1 && capacity <= Limits.RunQueueCapacity, "RunQueue: capacity out of range");
        }

        public long Generation => _generation;

        // Enqueues refused because the queue was full.
        public long RejectedCount => _rejectedCount;

        // The entity TryDequeueNext would return, or null.
        public SchedulingEntity? PeekNext => Unsafe.As<SchedulingEntity?>(Top);

        // Queued entities in heap order (not sorted), for the balancer and diagnostics.
        public SchedulingEntity EntityAt(int index) => Unsafe.As<SchedulingEntity>(NodeAt(index));

        public bool Contains(SchedulingEntity entity) => entity.Queue == this && Holds(entity);

        // Makes a runnable entity (woken, preempted, migrated or new) wait here.
        public bool Enqueue(SchedulingEntity entity, long nowNs)
        {
            Invariant.Assert(entity.Queue == null && entity.HeapIndex == -1, "RunQueue: entity already queued");
            Advance(nowNs);
            if (IsFull)
            {
                _rejectedCount++;
                return false;
            }
            Normalize(entity);
            entity.Sequence = _nextSequence++;
            entity.Queue = this;
            Insert(entity);
            return true;
        }

        // Takes the entity with the smallest decayed runtime, to run it.
        public bool TryDequeueNext(long nowNs, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SchedulingEntity? entity)
        {
            Advance(nowNs);
            if (Count == 0)
            {
                entity = null;
                return false;
            }
            entity = Take(0);
            return true;
        }

        // Takes a queued entity out (it exits, is pinned elsewhere, or changes priority).
        public void Remove(SchedulingEntity entity)
        {
            Invariant.Assert(Contains(entity), "RunQueue: removing an entity queued elsewhere");
            Take(entity.HeapIndex);
        }

        // Accounts ranNs of running that ended at nowNs to an entity that is not queued (the
        // running one). Charges telescope exactly: charging [a, b] then [b, c] adds what
        // charging [a, c] would.
        public void Charge(SchedulingEntity entity, long ranNs, long nowNs)
        {
            Invariant.Assert(entity.Queue == null, "RunQueue: charging a queued entity");
            Invariant.Assert(ranNs >= 0, "RunQueue: negative running time");
            long now = Advance(nowNs);
            Normalize(entity);
            if (entity.Priority == SchedulingEntity.PriorityIdle)
            {
                entity.Key = RuntimeDecay.IdleKey;
                return;
            }
            long fromNs = ranNs > now ? 0 : now - ranNs;
            long increment = IncrementOf(entity.Priority, fromNs, now);
            entity.Key = RuntimeDecay.AddSaturating(entity.Key, increment);
        }

        public void ChargeContextSwitchPenalty(SchedulingEntity entity, long nowNs) =>
            Charge(entity, ContextSwitchPenaltyNs, nowNs);

        // Whether the running entity (charged up to now) should give the CPU to the head of the
        // queue: the head's key is smaller than the running key minus HysteresisNs of running.
        public bool ShouldPreempt(SchedulingEntity running, long nowNs)
        {
            Invariant.Assert(running.Queue == null, "RunQueue: the running entity is queued");
            long now = Advance(nowNs);
            Normalize(running);
            if (Count == 0 || PeekNext!.Key == RuntimeDecay.IdleKey)
                return false;
            if (running.Priority == SchedulingEntity.PriorityIdle)
                return true;
            return WouldPreemptAfter(running, PeekNext!.Key, now, 0);
        }

        // Nanoseconds of further running after which ShouldPreempt turns true if nothing else
        // changes (0: already; -1: never, the queue holds nothing that could preempt). Exact to
        // PreemptionResolutionNs, rounded up; capped at RuntimeDecay.PreemptionLookaheadMaxNs,
        // after which the caller asks again. OSv computes this with a logarithm
        // (thread_runtime::time_until); a bisection over the same integer arithmetic that
        // Charge and ShouldPreempt use answers exactly, in about 18 steps.
        public long PreemptionDelayNs(SchedulingEntity running, long nowNs)
        {
            if (ShouldPreempt(running, nowNs))
                return 0;
            if (Count == 0 || PeekNext!.Key == RuntimeDecay.IdleKey)
                return -1;
            long now = _lastNowNs;
            long target = PeekNext!.Key;
            long early = 0;
            long late = RuntimeDecay.PreemptionLookaheadMaxNs;
            if (!WouldPreemptAfter(running, target, now, late))
                return late;
            while (late - early > PreemptionResolutionNs)
            {
                long middle = early + (late - early) / 2;
                if (WouldPreemptAfter(running, target, now, middle))
                    late = middle;
                else
                    early = middle;
            }
            return late;
        }

        // The load balancer's rule (OSv's cpu::load_balance): move one entity when the loads
        // (queued plus running) differ by two or more; a difference of one would only swap them.
        public static bool ImbalanceWarrantsMigration(int sourceLoad, int destinationLoad) =>
            sourceLoad - destinationLoad >= 2;

        // Takes out the entity to migrate: the unpinned one that would run last here (largest
        // key, latest sequence), as OSv takes the migratable thread at the back of its queue.
        // Its key needs no conversion: generations are global (RuntimeDecay.cs).
        public bool TryStealForMigration(long nowNs, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SchedulingEntity? entity)
        {
            Advance(nowNs);
            int chosen = -1;
            for (int index = 0; index < Count; index++)
            {
                SchedulingEntity candidate = EntityAt(index);
                if (candidate.Pinned)
                    continue;
                if (chosen < 0 || Precedes(EntityAt(chosen), candidate))
                    chosen = index;
            }
            if (chosen < 0)
            {
                entity = null;
                return false;
            }
            entity = Take(chosen);
            return true;
        }

        // O(capacity) check of the structure's invariant (see the top); for tests and debugging.
        public void CheckInvariants()
        {
            CheckHeapInvariants();
            for (int index = 0; index < Count; index++)
            {
                SchedulingEntity entity = EntityAt(index);
                Invariant.Assert(entity.Queue == this, "RunQueue: entity names another queue");
                Invariant.Assert(entity.KeyGeneration == _generation, "RunQueue: key from another generation");
            }
        }

        // Whether the running entity, after runNs more running from now, would be preempted by
        // an entity with key target. The same arithmetic as Charge then ShouldPreempt.
        private bool WouldPreemptAfter(SchedulingEntity running, long target, long now, long runNs)
        {
            int priority = running.Priority;
            long until = now + runNs;
            long key = RuntimeDecay.AddSaturating(running.Key, IncrementOf(priority, now, until));
            long creditFrom = until - HysteresisNs < 0 ? 0 : until - HysteresisNs;
            long credit = IncrementOf(priority, creditFrom, until);
            return target < key - credit;
        }

        // RuntimeDecay.Increment in this queue's generation, through the scale cache.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private long IncrementOf(int priority, long fromNs, long toNs)
        {
            Invariant.Assert(fromNs <= toNs, "RunQueue: interval ends before it starts");
            return RuntimeDecay.IncrementBetween(priority, ScaleAt(fromNs), ScaleAt(toNs));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private long ScaleAt(long timeNs)
        {
            if (timeNs == _scaledTime0)
                return _scale0;
            if (timeNs == _scaledTime1)
                return _scale1;
            long scale = RuntimeDecay.Scale(timeNs, _generation);
            _scaledTime1 = _scaledTime0;
            _scale1 = _scale0;
            _scaledTime0 = timeNs;
            _scale0 = scale;
            return scale;
        }

        private static bool Precedes(SchedulingEntity a, SchedulingEntity b) => RunQueueOrder.Precedes(a, b);

        private SchedulingEntity Take(int index)
        {
            SchedulingEntity entity = Unsafe.As<SchedulingEntity>(RemoveAt(index));
            entity.Queue = null;
            return entity;
        }

        // Clamps now to the latest seen and moves the frame to its generation.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private long Advance(long nowNs)
        {
            if (nowNs > _lastNowNs)
                _lastNowNs = nowNs;
            long generation = RuntimeDecay.GenerationOf(_lastNowNs);
            if (generation > _generation)
                AdvanceGeneration(generation);
            return _lastNowNs;
        }

        // Brings an entity's key into this queue's generation (OSv's update_after_sleep). A key
        // from a later generation (stamped by a CPU whose clock ran ahead) moves the queue on.
        private void Normalize(SchedulingEntity entity)
        {
            if (entity.KeyGeneration > _generation)
                AdvanceGeneration(entity.KeyGeneration);
            entity.Key = RuntimeDecay.ToGeneration(entity.Key, entity.KeyGeneration, _generation);
            entity.KeyGeneration = _generation;
        }

        private void AdvanceGeneration(long generation)
        {
            Invariant.Assert(generation > _generation, "RunQueue: generation moving backwards");
            for (int index = 0; index < Count; index++)
            {
                SchedulingEntity entity = EntityAt(index);
                entity.Key = RuntimeDecay.ToGeneration(entity.Key, entity.KeyGeneration, generation);
                entity.KeyGeneration = generation;
            }
            _generation = generation;
            _scaledTime0 = _scaledTime1 = -1; // the cached scales belong to the old frame
            Rebuild();
        }
    }
}
