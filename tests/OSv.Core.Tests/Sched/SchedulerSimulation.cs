// A deterministic simulation of the scheduler's policy: a tick clock, N simulated CPUs each with
// a RunQueue and a TimerList, and simulated threads with behaviours (CPU-bound, periodic
// sleepers, short bursts), driven the way the metal scheduler drives the real structures (see
// RunQueue.cs's header): charge the running thread, expire timers (waking sleepers onto their
// CPU's queue), balance every RunQueue.BalanceIntervalNs, then reschedule each CPU (dequeue when
// idle; preempt when ShouldPreempt says so). Every step ends with the safety checks; the tests
// check liveness and fairness on the statistics afterwards.
using System;
using System.Collections.Generic;
using OSv.Core.Sched;
using OSv.Core.Time;
using OSv.Testing;

namespace OSv.Core.Tests.Sched
{
    public enum Behaviour
    {
        CpuBound,
        PeriodicSleeper,
        ShortBursts,
    }

    public enum SimulatedStatus
    {
        Queued,
        Running,
        Sleeping,
    }

    public sealed class SimulatedThread : SchedulingEntity
    {
        public SimulatedThread(int id, Behaviour behaviour, int priority, long burstNs, long sleepNs)
        {
            Id = id;
            Behaviour = behaviour;
            BurstNs = burstNs;
            SleepNs = sleepNs;
            RemainingBurstNs = burstNs;
            WakeTimer = new SimulatedWakeTimer(this);
            SetPriority(priority);
        }

        public int Id { get; }
        public Behaviour Behaviour { get; }
        public long BurstNs { get; }
        public long SleepNs { get; }
        public SimulatedWakeTimer WakeTimer { get; }

        public SimulatedStatus Status;
        public int Cpu;
        public long RemainingBurstNs;
        public long CpuTimeNs;
        public long RunnableSinceNs;
        public long MaxWaitNs;
        public bool WokenAndWaiting;
        public long MaxWakeLatencyNs;
        public int Wakes;

        public override string ToString() =>
            "thread " + Id + " (" + Behaviour + ", priority " + Priority + ", cpu " + Cpu + ", " + Status + ")";
    }

    public sealed class SimulatedWakeTimer : Timer
    {
        public SimulatedWakeTimer(SimulatedThread owner)
        {
            Owner = owner;
        }

        public SimulatedThread Owner { get; }
        public SchedulerSimulation? Simulation;

        protected override void OnExpired(long nowNs) => Simulation!.Wake(Owner, nowNs);
    }

    public sealed class SchedulerSimulation
    {
        private const int QueueCapacity = 64;

        private readonly long[] _chargedUntilNs;
        private readonly SimulationRandom _random;
        private long _nextBalanceNs;
        private long _idleWhileWorkWaitsSinceNs = -1;

        public SchedulerSimulation(int cpuCount, long tickNs, long startNs, SimulationRandom random)
        {
            Queues = new RunQueue[cpuCount];
            Timers = new TimerList[cpuCount];
            Running = new SimulatedThread?[cpuCount];
            _chargedUntilNs = new long[cpuCount];
            for (int cpu = 0; cpu < cpuCount; cpu++)
            {
                Queues[cpu] = new RunQueue(QueueCapacity);
                Timers[cpu] = new TimerList(QueueCapacity);
            }
            TickNs = tickNs;
            NowNs = startNs;
            _nextBalanceNs = startNs + RunQueue.BalanceIntervalNs;
            _random = random;
        }

        public RunQueue[] Queues { get; }
        public TimerList[] Timers { get; }
        public SimulatedThread?[] Running { get; }
        public List<SimulatedThread> Threads { get; } = new List<SimulatedThread>();
        public long TickNs { get; }
        public long NowNs { get; private set; }
        public bool Balancing { get; set; } = true;

        // Wake latencies count from this time on (after the warm-up).
        public long MeasureFromNs { get; set; }

        public int Migrations { get; private set; }
        public int Preemptions { get; private set; }
        public long LongestIdleWhileWorkWaitsNs { get; private set; }

        public void Add(SimulatedThread thread, int cpu)
        {
            thread.WakeTimer.Simulation = this;
            thread.Cpu = cpu;
            thread.Status = SimulatedStatus.Queued;
            thread.RunnableSinceNs = NowNs;
            Threads.Add(thread);
            Require(Queues[cpu].Enqueue(thread, NowNs), "enqueue of a new thread refused");
            Reschedule(cpu);
        }

        public void RunFor(long durationNs)
        {
            long endNs = NowNs + durationNs;
            while (NowNs < endNs)
                Step();
        }

        public long[] CpuTimes()
        {
            var times = new long[Threads.Count];
            for (int index = 0; index < Threads.Count; index++)
                times[index] = Threads[index].CpuTimeNs;
            return times;
        }

        public void Step()
        {
            NowNs += TickNs;
            for (int cpu = 0; cpu < Running.Length; cpu++)
                AccountRunning(cpu);
            for (int cpu = 0; cpu < Timers.Length; cpu++)
                Timers[cpu].Expire(NowNs);
            if (Balancing && NowNs >= _nextBalanceNs)
            {
                BalanceAll();
                _nextBalanceNs += RunQueue.BalanceIntervalNs;
            }
            for (int cpu = 0; cpu < Running.Length; cpu++)
                Reschedule(cpu);
            TrackWorkConservation();
            CheckSafety();
        }

        // A sleeper's timer fired: it becomes runnable on the CPU it last ran on.
        public void Wake(SimulatedThread thread, long nowNs)
        {
            Require(thread.Status == SimulatedStatus.Sleeping, "woken thread was not sleeping");
            thread.Status = SimulatedStatus.Queued;
            thread.RemainingBurstNs = thread.BurstNs;
            thread.RunnableSinceNs = nowNs;
            thread.WokenAndWaiting = true;
            thread.Wakes++;
            Require(Queues[thread.Cpu].Enqueue(thread, nowNs), "enqueue of a woken thread refused");
        }

        private void AccountRunning(int cpu)
        {
            SimulatedThread? thread = Running[cpu];
            if (thread == null)
                return;
            long ranNs = NowNs - _chargedUntilNs[cpu];
            Queues[cpu].Charge(thread, ranNs, NowNs);
            _chargedUntilNs[cpu] = NowNs;
            thread.CpuTimeNs += ranNs;
            if (thread.Behaviour == Behaviour.CpuBound)
                return;
            thread.RemainingBurstNs -= ranNs;
            if (thread.RemainingBurstNs > 0)
                return;
            Running[cpu] = null;
            thread.Status = SimulatedStatus.Sleeping;
            long sleepNs = thread.SleepNs + _random.Between(0, thread.SleepNs / 4);
            Require(Timers[cpu].Add(thread.WakeTimer, NowNs + sleepNs), "timer list full");
        }

        private void Reschedule(int cpu)
        {
            RunQueue queue = Queues[cpu];
            SimulatedThread? current = Running[cpu];
            if (current == null)
            {
                if (queue.TryDequeueNext(NowNs, out SchedulingEntity? next))
                    Start(cpu, (SimulatedThread)next);
                return;
            }
            if (!queue.ShouldPreempt(current, NowNs))
                return;
            current.Status = SimulatedStatus.Queued;
            current.RunnableSinceNs = NowNs;
            Require(queue.Enqueue(current, NowNs), "enqueue of a preempted thread refused");
            Require(queue.TryDequeueNext(NowNs, out SchedulingEntity? successor), "preempted with an empty queue");
            Require(successor != current, "preempted thread chosen again");
            queue.ChargeContextSwitchPenalty(successor!, NowNs);
            Preemptions++;
            Start(cpu, (SimulatedThread)successor!);
        }

        private void Start(int cpu, SimulatedThread thread)
        {
            long waitedNs = NowNs - thread.RunnableSinceNs;
            thread.MaxWaitNs = Math.Max(thread.MaxWaitNs, waitedNs);
            if (thread.WokenAndWaiting && thread.RunnableSinceNs >= MeasureFromNs)
                thread.MaxWakeLatencyNs = Math.Max(thread.MaxWakeLatencyNs, waitedNs);
            thread.WokenAndWaiting = false;
            thread.Status = SimulatedStatus.Running;
            thread.Cpu = cpu;
            Running[cpu] = thread;
            _chargedUntilNs[cpu] = NowNs;
        }

        // Each CPU in turn moves at most one queued thread to the least loaded CPU.
        private void BalanceAll()
        {
            for (int source = 0; source < Queues.Length; source++)
            {
                int destination = LeastLoaded();
                if (!RunQueue.ImbalanceWarrantsMigration(Load(source), Load(destination)))
                    continue;
                if (!Queues[source].TryStealForMigration(NowNs, out SchedulingEntity? stolen))
                    continue;
                var thread = (SimulatedThread)stolen;
                thread.Cpu = destination;
                Require(Queues[destination].Enqueue(thread, NowNs), "enqueue of a migrated thread refused");
                Migrations++;
            }
        }

        private int Load(int cpu) => Queues[cpu].Count + (Running[cpu] == null ? 0 : 1);

        private int LeastLoaded()
        {
            int best = 0;
            for (int cpu = 1; cpu < Queues.Length; cpu++)
            {
                if (Load(cpu) < Load(best))
                    best = cpu;
            }
            return best;
        }

        private void TrackWorkConservation()
        {
            bool idle = false;
            bool waiting = false;
            for (int cpu = 0; cpu < Running.Length; cpu++)
            {
                idle |= Running[cpu] == null;
                waiting |= Queues[cpu].Count > 0;
            }
            if (!(idle && waiting))
            {
                _idleWhileWorkWaitsSinceNs = -1;
                return;
            }
            if (_idleWhileWorkWaitsSinceNs < 0)
                _idleWhileWorkWaitsSinceNs = NowNs;
            LongestIdleWhileWorkWaitsNs = Math.Max(LongestIdleWhileWorkWaitsNs, NowNs - _idleWhileWorkWaitsSinceNs + TickNs);
        }

        // Safety, after every step: each thread is in exactly one place (running on one CPU, in
        // one queue, or asleep with its timer armed on one list), and every structure holds its
        // own invariant (heap order included).
        private void CheckSafety()
        {
            int queued = 0;
            int running = 0;
            int sleeping = 0;
            foreach (SimulatedThread thread in Threads)
            {
                switch (thread.Status)
                {
                    case SimulatedStatus.Running:
                        Require(Running[thread.Cpu] == thread, "running thread not on its CPU");
                        Require(!thread.IsQueued && !thread.WakeTimer.IsArmed, "running thread also queued or asleep");
                        running++;
                        break;
                    case SimulatedStatus.Queued:
                        Require(Queues[thread.Cpu].Contains(thread), "queued thread not in its CPU's queue");
                        Require(!thread.WakeTimer.IsArmed, "queued thread also asleep");
                        queued++;
                        break;
                    case SimulatedStatus.Sleeping:
                        Require(!thread.IsQueued, "sleeping thread queued");
                        Require(thread.WakeTimer.ArmedIn == Timers[thread.Cpu], "sleeping thread's timer not on its CPU");
                        sleeping++;
                        break;
                }
            }
            CheckStructures(queued, running, sleeping);
        }

        private void CheckStructures(int queued, int running, int sleeping)
        {
            int queuedInQueues = 0;
            int runningOnCpus = 0;
            int armedTimers = 0;
            for (int cpu = 0; cpu < Queues.Length; cpu++)
            {
                Queues[cpu].CheckInvariants();
                Timers[cpu].CheckInvariants();
                queuedInQueues += Queues[cpu].Count;
                armedTimers += Timers[cpu].Count;
                SimulatedThread? thread = Running[cpu];
                if (thread == null)
                    continue;
                Require(thread.Status == SimulatedStatus.Running && thread.Cpu == cpu, "CPU runs a thread that is not running there");
                runningOnCpus++;
            }
            Require(queuedInQueues == queued, "queues hold a thread more than once, or a thread not queued");
            Require(runningOnCpus == running, "a thread runs on two CPUs");
            Require(armedTimers == sleeping, "timer lists hold timers of threads that are not asleep");
        }

        private void Require(bool condition, string what)
        {
            if (!condition)
                throw new InvalidOperationException("simulation safety: " + what + " at " + NowNs + " ns");
        }
    }
}
