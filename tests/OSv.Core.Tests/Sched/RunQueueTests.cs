// One behaviour per test for the run queue (RunQueue.cs).
// Times start at an arbitrary point inside a generation; "Ms" is a millisecond in nanoseconds.
using System;
using OSv.Core.Sched;
using OSv.Testing;
using Xunit;

namespace OSv.Core.Tests.Sched
{
    public class RunQueueTests
    {
        private const long Ms = 1_000_000;
        private const long StartNs = 5 * RuntimeDecay.GenerationNs + 300 * Ms;

        private sealed class Entity : SchedulingEntity
        {
            public Entity(string name, int priority = PriorityDefault)
            {
                Name = name;
                SetPriority(priority);
            }

            public string Name { get; }
            public override string ToString() => Name;
        }

        // An entity that has run for ranNs ending at nowNs, not queued.
        private static Entity Ran(RunQueue queue, string name, long ranNs, long nowNs, int priority = SchedulingEntity.PriorityDefault)
        {
            var entity = new Entity(name, priority);
            queue.Charge(entity, ranNs, nowNs);
            return entity;
        }

        private static SchedulingEntity Next(RunQueue queue, long nowNs)
        {
            Assert.True(queue.TryDequeueNext(nowNs, out SchedulingEntity? entity));
            return entity!;
        }

        [Fact]
        public void TryDequeueNext_EmptyQueue_ReturnsFalse()
        {
            var queue = new RunQueue(4);
            Assert.False(queue.TryDequeueNext(StartNs, out SchedulingEntity? entity));
            Assert.Null(entity);
        }

        [Fact]
        public void TryDequeueNext_EntitiesThatRanDifferentAmounts_LeastRunFirst()
        {
            var queue = new RunQueue(8);
            Entity most = Ran(queue, "most", 30 * Ms, StartNs);
            Entity least = Ran(queue, "least", 1 * Ms, StartNs);
            Entity middle = Ran(queue, "middle", 10 * Ms, StartNs);
            queue.Enqueue(most, StartNs);
            queue.Enqueue(least, StartNs);
            queue.Enqueue(middle, StartNs);
            Assert.Same(least, Next(queue, StartNs));
            Assert.Same(middle, Next(queue, StartNs));
            Assert.Same(most, Next(queue, StartNs));
            Assert.Equal(0, queue.Count);
        }

        [Fact]
        public void TryDequeueNext_EqualKeys_FirstEnqueuedFirst()
        {
            var queue = new RunQueue(8);
            var entities = new Entity[5];
            for (int index = 0; index < entities.Length; index++)
            {
                entities[index] = new Entity("new " + index);
                queue.Enqueue(entities[index], StartNs);
            }
            foreach (Entity entity in entities)
                Assert.Same(entity, Next(queue, StartNs));
        }

        [Fact]
        public void Enqueue_QueueFull_ReturnsFalseAndCounts()
        {
            var queue = new RunQueue(2);
            Assert.True(queue.Enqueue(new Entity("a"), StartNs));
            Assert.True(queue.Enqueue(new Entity("b"), StartNs));
            var refused = new Entity("c");
            Assert.False(queue.Enqueue(refused, StartNs));
            Assert.Equal(1, queue.RejectedCount);
            Assert.Equal(2, queue.Count);
            Assert.False(refused.IsQueued);
            queue.CheckInvariants();
        }

        [Fact]
        public void Enqueue_AlreadyQueued_FailsInvariant()
        {
            var queue = new RunQueue(2);
            var entity = new Entity("a");
            queue.Enqueue(entity, StartNs);
            Assert.Throws<InvalidOperationException>(() => queue.Enqueue(entity, StartNs));
        }

        [Fact]
        public void Remove_MiddleEntity_OthersStillInOrder()
        {
            var queue = new RunQueue(8);
            var entities = new Entity[6];
            for (int index = 0; index < entities.Length; index++)
            {
                entities[index] = Ran(queue, "ran " + index, (index + 1) * Ms, StartNs);
                queue.Enqueue(entities[index], StartNs);
            }
            queue.Remove(entities[2]);
            Assert.False(entities[2].IsQueued);
            queue.CheckInvariants();
            foreach (int index in new[] { 0, 1, 3, 4, 5 })
                Assert.Same(entities[index], Next(queue, StartNs));
        }

        [Fact]
        public void Charge_InPieces_AddsWhatOneChargeAdds()
        {
            // Separate queues: one CPU's "now" never goes backwards.
            Entity whole = Ran(new RunQueue(4), "whole", 9 * Ms, StartNs + 9 * Ms);
            var queue = new RunQueue(4);
            var pieces = new Entity("pieces");
            queue.Charge(pieces, 2 * Ms, StartNs + 2 * Ms);
            queue.Charge(pieces, 3 * Ms, StartNs + 5 * Ms);
            queue.Charge(pieces, 4 * Ms, StartNs + 9 * Ms);
            Assert.Equal(whole.RuntimeKey, pieces.RuntimeKey);
        }

        [Fact]
        public void Charge_HalfThePriorityValue_AddsHalfTheKey()
        {
            var queue = new RunQueue(4);
            Entity normal = Ran(queue, "normal", 7 * Ms, StartNs, 1024);
            Entity favoured = Ran(queue, "favoured", 7 * Ms, StartNs, 512);
            Assert.Equal(normal.RuntimeKey, 2 * favoured.RuntimeKey);
        }

        [Fact]
        public void Charge_TwoHalfLivesApart_EarlierRunningCountsAQuarter()
        {
            var queue = new RunQueue(4);
            Entity earlier = Ran(queue, "earlier", 1 * Ms, StartNs);
            Entity later = Ran(queue, "later", 1 * Ms, StartNs + 2 * RuntimeDecay.HalfLifeNs);
            Assert.InRange((double)later.RuntimeKey / earlier.RuntimeKey, 3.99, 4.01);
        }

        [Fact]
        public void ShouldPreempt_EmptyQueue_KeepsRunning()
        {
            var queue = new RunQueue(4);
            Entity running = Ran(queue, "running", 100 * Ms, StartNs);
            Assert.False(queue.ShouldPreempt(running, StartNs));
            Assert.Equal(-1, queue.PreemptionDelayNs(running, StartNs));
        }

        [Fact]
        public void ShouldPreempt_RanLessThanHysteresisBeyondEqual_KeepsRunning()
        {
            var queue = new RunQueue(4);
            queue.Enqueue(new Entity("waiting"), StartNs);
            var running = new Entity("running");
            long ranNs = RunQueue.HysteresisNs - 10_000;
            queue.Charge(running, ranNs, StartNs + ranNs);
            Assert.False(queue.ShouldPreempt(running, StartNs + ranNs));
        }

        [Fact]
        public void ShouldPreempt_RanMoreThanHysteresisBeyondEqual_Preempts()
        {
            var queue = new RunQueue(4);
            queue.Enqueue(new Entity("waiting"), StartNs);
            var running = new Entity("running");
            long ranNs = RunQueue.HysteresisNs + 10_000;
            queue.Charge(running, ranNs, StartNs + ranNs);
            Assert.True(queue.ShouldPreempt(running, StartNs + ranNs));
        }

        [Fact]
        public void PreemptionDelayNs_EqualKeys_IsOneHysteresis()
        {
            var queue = new RunQueue(4);
            queue.Enqueue(new Entity("waiting"), StartNs);
            var running = new Entity("running");
            long delayNs = queue.PreemptionDelayNs(running, StartNs);
            Assert.InRange(delayNs, RunQueue.HysteresisNs, RunQueue.HysteresisNs + RunQueue.PreemptionResolutionNs);
        }

        [Theory]
        [InlineData(1024, 1024, 3)]
        [InlineData(256, 4096, 4)]
        [InlineData(4096, 256, 1)]
        [InlineData(1 << 20, 1, 2)]
        public void PreemptionDelayNs_RunningThatLong_ShouldPreemptTurnsTrueThen(int runningPriority, int waitingPriority, int waitingRanMs)
        {
            var queue = new RunQueue(4);
            queue.Enqueue(Ran(queue, "waiting", waitingRanMs * Ms, StartNs, waitingPriority), StartNs);
            Entity running = Ran(queue, "running", 1 * Ms, StartNs, runningPriority);
            long delayNs = queue.PreemptionDelayNs(running, StartNs);
            Assert.InRange(delayNs, RunQueue.PreemptionResolutionNs, RuntimeDecay.PreemptionLookaheadMaxNs - 1);
            long almostNs = delayNs - RunQueue.PreemptionResolutionNs;
            queue.Charge(running, almostNs, StartNs + almostNs);
            Assert.False(queue.ShouldPreempt(running, StartNs + almostNs));
            queue.Charge(running, delayNs - almostNs, StartNs + delayNs);
            Assert.True(queue.ShouldPreempt(running, StartNs + delayNs));
        }

        [Fact]
        public void TryDequeueNext_GenerationsLater_KeysShiftedAndOrderKept()
        {
            var queue = new RunQueue(8);
            var entities = new Entity[5];
            for (int index = 0; index < entities.Length; index++)
            {
                entities[index] = Ran(queue, "ran " + index, (10 + index) * Ms, StartNs);
                queue.Enqueue(entities[index], StartNs);
            }
            long laterNs = StartNs + 2 * RuntimeDecay.GenerationNs;
            Assert.Same(entities[0], Next(queue, laterNs));
            queue.CheckInvariants();
            Assert.Equal(RuntimeDecay.GenerationOf(laterNs), queue.Generation);
            for (int index = 1; index < entities.Length; index++)
            {
                Assert.Equal(queue.Generation, entities[index].RuntimeKeyGeneration);
                Assert.Same(entities[index], Next(queue, laterNs));
            }
        }

        [Fact]
        public void Enqueue_AfterSleepingManyGenerations_KeyDecaysToZero()
        {
            var queue = new RunQueue(4);
            Entity sleeper = Ran(queue, "sleeper", 50 * Ms, StartNs);
            Assert.True(sleeper.RuntimeKey > 0);
            queue.Enqueue(sleeper, StartNs + 5 * RuntimeDecay.GenerationNs);
            Assert.Equal(0, sleeper.RuntimeKey);
        }

        [Fact]
        public void Enqueue_KeyFromLaterGeneration_MovesQueueOn()
        {
            var behind = new RunQueue(4);
            var ahead = new RunQueue(4);
            behind.Enqueue(new Entity("waiting"), StartNs);
            Entity migrant = Ran(ahead, "migrant", 1 * Ms, StartNs + RuntimeDecay.GenerationNs);
            behind.Enqueue(migrant, StartNs + RuntimeDecay.GenerationNs - 1_000);
            Assert.Equal(migrant.RuntimeKeyGeneration, behind.Generation);
            behind.CheckInvariants();
        }

        [Fact]
        public void TryStealForMigration_PinnedAndUnpinned_TakesUnpinnedThatWouldRunLast()
        {
            var queue = new RunQueue(8);
            Entity pinned = Ran(queue, "pinned", 40 * Ms, StartNs);
            pinned.Pinned = true;
            Entity large = Ran(queue, "large", 30 * Ms, StartNs);
            Entity small = Ran(queue, "small", 1 * Ms, StartNs);
            queue.Enqueue(pinned, StartNs);
            queue.Enqueue(small, StartNs);
            queue.Enqueue(large, StartNs);
            Assert.True(queue.TryStealForMigration(StartNs, out SchedulingEntity? stolen));
            Assert.Same(large, stolen);
            Assert.False(large.IsQueued);
            queue.CheckInvariants();
        }

        [Fact]
        public void TryStealForMigration_AllPinned_ReturnsFalse()
        {
            var queue = new RunQueue(4);
            var pinned = new Entity("pinned") { Pinned = true };
            queue.Enqueue(pinned, StartNs);
            Assert.False(queue.TryStealForMigration(StartNs, out SchedulingEntity? stolen));
            Assert.Null(stolen);
            Assert.True(pinned.IsQueued);
        }

        [Theory]
        [InlineData(2, 0, true)]
        [InlineData(5, 3, true)]
        [InlineData(2, 1, false)]
        [InlineData(1, 1, false)]
        [InlineData(0, 3, false)]
        public void ImbalanceWarrantsMigration_LoadDifference_MigratesFromTwo(int sourceLoad, int destinationLoad, bool expected)
        {
            Assert.Equal(expected, RunQueue.ImbalanceWarrantsMigration(sourceLoad, destinationLoad));
        }

        [Fact]
        public void ShouldPreempt_IdlePriorityRunning_AnyOtherEntityPreempts()
        {
            var queue = new RunQueue(4);
            queue.Enqueue(Ran(queue, "busy", 100 * Ms, StartNs), StartNs);
            var idle = new Entity("idle", SchedulingEntity.PriorityIdle);
            queue.Charge(idle, 1_000, StartNs);
            Assert.True(queue.ShouldPreempt(idle, StartNs));
            Assert.Equal(0, queue.PreemptionDelayNs(idle, StartNs));
        }

        [Fact]
        public void ShouldPreempt_OnlyIdlePriorityWaiting_NeverPreempts()
        {
            var queue = new RunQueue(4);
            queue.Enqueue(new Entity("idle", SchedulingEntity.PriorityIdle), StartNs);
            Entity busy = Ran(queue, "busy", 100 * Ms, StartNs + 100 * Ms);
            Assert.False(queue.ShouldPreempt(busy, StartNs + 100 * Ms));
            Assert.Equal(-1, queue.PreemptionDelayNs(busy, StartNs + 100 * Ms));
        }

        [Fact]
        public void SetPriority_WhileQueued_FailsInvariant()
        {
            var queue = new RunQueue(4);
            var entity = new Entity("queued");
            queue.Enqueue(entity, StartNs);
            Assert.Throws<InvalidOperationException>(() => entity.SetPriority(512));
        }

        [Fact]
        public void Operations_AfterConstruction_AllocateNothing()
        {
            var queue = new RunQueue(16);
            var entities = new Entity[8];
            for (int index = 0; index < entities.Length; index++)
                entities[index] = new Entity("entity " + index);
            long nowNs = StartNs;
            RoundTrip(queue, entities, nowNs);
            // Each round leaves the queue empty; time moves on from window to window.
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int round = 0; round < 100; round++)
                {
                    nowNs += 10 * Ms;
                    RoundTrip(queue, entities, nowNs);
                }
            });
            Assert.Equal(0, allocated);
            Assert.Equal(StartNs + 100 * (1 + AllocationMeter.Windows) * 10 * Ms, nowNs);
        }

        private static void RoundTrip(RunQueue queue, Entity[] entities, long nowNs)
        {
            foreach (Entity entity in entities)
                queue.Enqueue(entity, nowNs);
            queue.TryDequeueNext(nowNs, out SchedulingEntity? running);
            queue.Charge(running!, 3 * Ms, nowNs);
            queue.ShouldPreempt(running!, nowNs);
            queue.PreemptionDelayNs(running!, nowNs);
            queue.TryStealForMigration(nowNs, out SchedulingEntity? _);
            while (queue.TryDequeueNext(nowNs, out SchedulingEntity? _))
            {
            }
        }
    }
}
