// OSv.Core.Sched.RunQueue: the operations the scheduler runs on every switch and tick, on a
// queue holding N entities (16: a typical CPU; 1024: a deep heap, 10 levels).
//
// Time is synthetic: one field, advanced by StepNs per operation (no clock reads). Each benchmark
// runs OperationsPerInvoke operations in a loop, so the figure is the time of one operation.
// Crossing a decay generation (every RuntimeDecay.GenerationNs, about 2.2 million operations
// here) rescales the queue in O(N); that rare cost is included, amortised.
//
// Setup: N fresh entities (key 0) are queued, so the queue is a round robin among equal shares.
// Keys that differ would decay to 0 within two generations and change the measured path partway
// through a run; equal keys give the same path for the whole run.
//   - EnqueueDequeue: a preemption switch. Enqueue of the running entity puts it at a leaf (its
//     key ties and its sequence is the latest), then TryDequeueNext takes the root and sifts the
//     last leaf down from it, the full depth.
//   - ChargeShouldPreempt: what the tick does to the running (unqueued) entity.
//   - PreemptionDelay: a fresh running entity would be preempted after the hysteresis (5 ms), so
//     each call is the full bisection (about 18 steps), not one of the early returns.
using BenchmarkDotNet.Attributes;
using OSv.Core.Diagnostics;
using OSv.Core.Sched;

namespace OSv.Benchmarks.Hosted
{
    [MemoryDiagnoser]
    public class SchedulerBenchmarks
    {
        private const int OperationsPerInvoke = 1_000;
        private const long StepNs = 1_000;
        private const long StartNs = 1_000_000_000;

        private sealed class BenchmarkEntity : SchedulingEntity
        {
        }

        [Params(16, 1024)]
        public int N;

        private RunQueue _queue = new RunQueue(1);
        private SchedulingEntity _switched = new BenchmarkEntity();
        private readonly SchedulingEntity _running = new BenchmarkEntity();
        private readonly SchedulingEntity _waiting = new BenchmarkEntity();
        private long _nowNs = StartNs;

        [GlobalSetup]
        public void Setup()
        {
            _queue = new RunQueue(N + 1);
            for (int index = 0; index < N; index++)
            {
                bool queued = _queue.Enqueue(new BenchmarkEntity(), _nowNs);
                Invariant.Assert(queued, "SchedulerBenchmarks: queue full");
            }
            long delayNs = _queue.PreemptionDelayNs(_waiting, _nowNs);
            Invariant.Assert(delayNs > 0, "SchedulerBenchmarks: delay case returns early");
            Invariant.Assert(delayNs < RuntimeDecay.PreemptionLookaheadMaxNs, "SchedulerBenchmarks: delay beyond lookahead");
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _queue.CheckInvariants();
            Invariant.Assert(_queue.Count == N, "SchedulerBenchmarks: queue length changed");
        }

        [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
        public void EnqueueDequeue()
        {
            RunQueue queue = _queue;
            SchedulingEntity running = _switched;
            long nowNs = _nowNs;
            for (int i = 0; i < OperationsPerInvoke; i++)
            {
                nowNs += StepNs;
                queue.Enqueue(running, nowNs);
                queue.TryDequeueNext(nowNs, out SchedulingEntity? next);
                running = next!;
            }
            _switched = running;
            _nowNs = nowNs;
        }

        [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
        public int ChargeShouldPreempt()
        {
            RunQueue queue = _queue;
            SchedulingEntity running = _running;
            long nowNs = _nowNs;
            int preempted = 0;
            for (int i = 0; i < OperationsPerInvoke; i++)
            {
                nowNs += StepNs;
                queue.Charge(running, StepNs, nowNs);
                if (queue.ShouldPreempt(running, nowNs))
                    preempted++;
            }
            _nowNs = nowNs;
            return preempted;
        }

        [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
        public long PreemptionDelay()
        {
            RunQueue queue = _queue;
            SchedulingEntity running = _waiting;
            long nowNs = _nowNs;
            long delaySumNs = 0;
            for (int i = 0; i < OperationsPerInvoke; i++)
            {
                nowNs += StepNs;
                delaySumNs += queue.PreemptionDelayNs(running, nowNs);
            }
            _nowNs = nowNs;
            return delaySumNs;
        }
    }
}
