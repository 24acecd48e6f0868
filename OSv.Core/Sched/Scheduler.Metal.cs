// The metal scheduler: one instance per CPU, OSv's design.
//
// Each CPU owns a RunQueue (OSv's fairness policy: the runnable thread with the smallest decayed
// runtime runs next), a TimerList for every timed wait of its threads, its local APIC timer armed
// one-shot for the earliest of the next timer and the moment the running thread should be
// preempted (no periodic tick), and an idle thread that halts. A CPU touches only its own
// instance, always with interrupts off; that is the whole of the locking. There is no run-queue
// lock to contend on, and a vCPU the host preempts cannot stall the other CPUs' scheduling.
//
// Crossing CPUs (OSv's incoming_wakeups). A thread belongs to one CPU (Thread.CpuIndex). To wake a
// thread of another CPU, the waker claims it (Waiting -> Waking, a compare-and-swap: exactly one
// waker wins), pushes it on that CPU's incoming stack (lock-free) and sends a reschedule IPI only
// when the target would not look soon by itself: when it is halted, or when its own timer is not
// due within RemoteWakeLatencyNs. The target drains the stack at every reschedule, on its timer
// and IPI interrupts and in its idle loop, and queues what it finds. New threads (placed on the
// least-loaded CPU) and migrated ones travel the same way.
//
// Thread states and who moves them:
//   Created  -> Waking    Thread.Start, before delivery to the chosen CPU
//   Waiting  -> Waking    a waker's CAS (Scheduler.Wake): the waker now owns the delivery
//   Waking   -> Runnable  the owning CPU queues it (AcceptLocal)
//   Waking   -> Running   the owning CPU finds it is still its running thread (it was woken
//                         before it could switch away): it simply goes on
//   Runnable -> Running   the owning CPU switches to it
//   Runnable -> Waking    the load balancer of the owning CPU gives it to another CPU
//   Running  -> Waiting   the thread itself, interrupts off, before checking its condition
//   Waiting  -> Running   the thread itself, when its condition already holds (StopWait)
//   Running  -> Dead      Thread exit
// A thread goes Waiting only while Running, and Running only through its owning CPU's drain or
// its own CAS, so a thread is on at most one incoming stack at a time.
//
// Timers stay on the CPU that armed them: a waiting thread never migrates, and a woken thread's
// timer is cancelled by its own CPU when it is queued, before any balancer could move it.
//
// Preemption: the timer interrupt saves the full register state on the running thread's stack
// (cpu.S), then this code switches to the next thread like a voluntary switch would; the
// preempted thread later resumes inside the interrupt handler (possibly on another CPU, after
// migration) and returns through iretq. After any switch, code must re-read the CPU (This): the
// thread may resume elsewhere.
using System.Runtime.CompilerServices;
using System.Threading;
using OSv.Core.Arch.X64;
using OSv.Core.Time;

namespace OSv.Core.Sched
{
    internal sealed unsafe class Scheduler
    {
        // A woken thread on another CPU waits at most about this long without an IPI: when the
        // target's timer is due later, the waker interrupts it.
        public const long RemoteWakeLatencyNs = RunQueue.HysteresisNs;

        // How long an idle CPU polls for deliveries before it halts.
        public const long IdlePollNs = 20_000;

        private static readonly Scheduler?[] s_cpus = new Scheduler?[Smp.CpusMax];

        // CPUs whose scheduler runs (indexes 0 .. s_cpuCount-1); grows as processors start.
        private static int s_cpuCount;

        private static long s_rescheduleIpisSent;

        public readonly int Index;
        public readonly uint ApicId;

        private readonly RunQueue _runQueue = new RunQueue();
        private readonly TimerList _timers = new TimerList();
        private readonly Thread _idle;

        private Thread _current;
        private long _runningSince;

        // When the local APIC timer will fire (long.MaxValue: not armed). Reprogramming the APIC
        // is a device access (slow, under emulation most of all), so the timer is only moved
        // earlier: a needlessly early interrupt costs less than re-arming on every switch. Read
        // by wakers on other CPUs to decide whether an IPI is needed.
        private long _armedDeadline = long.MaxValue;

        // A thread that exited; its stack goes back to the pool once another thread runs.
        private Thread? _deadThread;

        // Threads delivered by other CPUs: a Treiber stack of thread addresses (objects never
        // move) linked through Thread.NextIncoming; only this CPU pops, all at once.
        private long _incomingHead;

        // Threads on the incoming stack: counted in the load, so that a burst of Thread.Start
        // calls spreads out before the targets have drained anything.
        private int _incomingCount;

        // 1 while the idle thread is about to halt or halted: wakers must send an IPI.
        private int _halted;

        // What this CPU's FS base holds (IA32_FS_BASE): a switch writes the MSR only when the next
        // thread's ThreadPointer differs, so threads that run no C code (0) never pay for it.
        private ulong _loadedThreadPointer;

        private Scheduler(int index, uint apicId, Thread idle, Thread running)
        {
            Index = index;
            ApicId = apicId;
            _idle = idle;
            _current = running;
            idle.CpuIndex = index;
            idle.Pinned = true;
            running.CpuIndex = index;
            running.State = ThreadState.Running;
        }

        // This CPU's scheduler. Only meaningful with interrupts off (a thread may migrate).
        private static Scheduler This => s_cpus[Cpu.CurrentIndex()]!;

        public static int CpuCount => Volatile.Read(ref s_cpuCount);

        // The local APIC id of an online CPU (for IPIs: WorldStop).
        public static uint ApicIdOf(int cpu) => s_cpus[cpu]!.ApicId;

        public static long RescheduleIpisSent => Volatile.Read(ref s_rescheduleIpisSent);

        public static Thread Current => Cpu.CurrentThread()!;

        public static Thread? CurrentOrNull => Cpu.CurrentThread();

        // Runnable threads of a CPU, the running one included (the idle thread is not counted).
        // Read racily by other CPUs for placement and balancing.
        private int Load => _runQueue.Count + Volatile.Read(ref _incomingCount) + (_current == _idle ? 0 : 1);

        // On the boot processor, interrupts off: the boot thread becomes "main" on CPU 0.
        public static void Initialize(Thread main)
        {
            var scheduler = new Scheduler(0, LocalApic.Id, Thread.CreateIdle(), main);
            s_cpus[0] = scheduler;
            s_cpuCount = 1;
            Cpu.WriteFsBase(0); // matches _loadedThreadPointer, whatever the firmware left
            Cpu.SetCurrentThread(main);
            Cpu.InstallInterruptHandlers();
        }

        // On the boot processor, before it starts the processor at index (every allocation
        // happens here, not on a processor that is still coming up).
        public static void Prepare(int index, uint apicId, ulong stackTop)
        {
            Thread idle = Thread.CreateProcessorIdle(stackTop);
            s_cpus[index] = new Scheduler(index, apicId, idle, idle);
        }

        // On the processor itself, first thing: its start-up stack becomes its idle thread.
        public static void AttachProcessor(int index)
        {
            Cpu.WriteFsBase(0); // matches _loadedThreadPointer
            Cpu.SetCurrentThread(s_cpus[index]!._idle);
        }

        // Loads a thread pointer into this CPU's FS base, unless it holds it already. Interrupts
        // must be disabled (the caller must not move to another CPU in between).
        public static void LoadThreadPointer(ulong threadPointer) => This.LoadThreadPointerHere(threadPointer);

        private void LoadThreadPointerHere(ulong threadPointer)
        {
            if (threadPointer == _loadedThreadPointer)
                return; // the common case: no MSR write
            Cpu.WriteFsBase(threadPointer);
            _loadedThreadPointer = threadPointer;
        }


        // On the processor itself, interrupts off, once its tables and local APIC are set.
        // Never returns.
        public static void RunProcessor(int index)
        {
            Scheduler scheduler = s_cpus[index]!;
            Interlocked.Increment(ref s_cpuCount);
            scheduler.IdleLoop();
        }

        // Placement of a new thread: the least-loaded CPU, this one on ties (warm caches).
        public static int ChooseCpu()
        {
            int best = Cpu.CurrentIndex();
            int bestLoad = s_cpus[best]!.Load;
            int count = CpuCount;
            for (int i = 0; i < count; i++)
            {
                int load = s_cpus[i]!.Load;
                if (load < bestLoad)
                {
                    best = i;
                    bestLoad = load;
                }
            }
            return best;
        }

        public static bool IsOnline(int cpu) => cpu >= 0 && cpu < CpuCount;

        // Makes a waiting thread runnable, from any CPU. Interrupts must be disabled. Returns true
        // when the caller should reschedule (the woken thread preempts this CPU's running one).
        public static bool Wake(Thread thread)
        {
            if (!thread.TryChangeState(ThreadState.Waiting, ThreadState.Waking))
                return false; // not waiting, or another waker already owns the delivery
            return Deliver(thread);
        }

        // Hands a Waking thread to its CPU (thread.CpuIndex). Interrupts must be disabled.
        public static bool Deliver(Thread thread)
        {
            Scheduler here = This;
            Scheduler target = s_cpus[thread.CpuIndex]!;
            if (target == here)
                return here.AcceptLocal(thread, Clock.NowNanoseconds);
            target.PushIncoming(thread);
            target.KickIfNeeded();
            return false;
        }

        // A thread that set itself Waiting found its condition true: it runs on. If a waker got
        // there first (Waking), the delivery is under way; reschedule until it completes.
        public static void StopWait(Thread self)
        {
            if (self.TryChangeState(ThreadState.Waiting, ThreadState.Running))
            {
                This.CancelWaitTimer(self);
                return;
            }
            while (self.State != ThreadState.Running)
                Reschedule();
        }

        private void PushIncoming(Thread thread)
        {
            long address = AddressOf(thread);
            Interlocked.Increment(ref _incomingCount);
            long head;
            do
            {
                head = Volatile.Read(ref _incomingHead);
                thread.NextIncoming = head;
            }
            while (Interlocked.CompareExchange(ref _incomingHead, address, head) != head);
        }

        // The push above is a full barrier, and so is the idle loop's store to _halted: either
        // the idle loop sees the thread before halting, or this sees the halt.
        // A CPU whose idle thread is polling (not halted) sees the push by itself.
        private void KickIfNeeded()
        {
            if (Volatile.Read(ref _halted) == 0
                && (_current == _idle || Volatile.Read(ref _armedDeadline) - Clock.NowNanoseconds <= RemoteWakeLatencyNs))
                return;
            Interlocked.Increment(ref s_rescheduleIpisSent);
            LocalApic.SendFixed(ApicId, LocalApic.RescheduleVector);
        }

        // Queues what other CPUs delivered, in arrival order. Returns whether the running thread
        // should be preempted.
        private bool DrainIncoming(long now)
        {
            if (Volatile.Read(ref _incomingHead) == 0)
                return false;
            long head = Interlocked.Exchange(ref _incomingHead, 0);
            long arrivalOrder = 0;
            int drained = 0;
            while (head != 0)
            {
                drained++;
                Thread thread = ThreadAt(head);
                long next = thread.NextIncoming;
                thread.NextIncoming = arrivalOrder;
                arrivalOrder = head;
                head = next;
            }
            Interlocked.Add(ref _incomingCount, -drained);
            bool preempt = false;
            while (arrivalOrder != 0)
            {
                Thread thread = ThreadAt(arrivalOrder);
                arrivalOrder = thread.NextIncoming;
                thread.NextIncoming = 0;
                preempt |= AcceptLocal(thread, now);
            }
            return preempt;
        }

        // A Waking thread of this CPU: queue it (or let it run on, if it never left).
        private bool AcceptLocal(Thread thread, long now)
        {
            CancelWaitTimer(thread);
            if (thread == _current)
            {
                thread.State = ThreadState.Running;
                return false;
            }
            Enqueue(thread, now);
            if (_current == _idle)
                return true;
            ChargeRunning(_current, now);
            bool preempt = _runQueue.ShouldPreempt(_current, now);
            if (!preempt)
                RearmTimer(now);
            return preempt;
        }

        private void Enqueue(Thread thread, long now)
        {
            thread.State = ThreadState.Runnable;
            if (!_runQueue.Enqueue(thread, now))
                Machine.Panic("scheduler: the run queue is full (Limits.RunQueueCapacity)");
        }

        // A caller's "now" may be older than the last charge (a timer callback woke a thread and
        // charged with a fresher reading): then there is nothing more to charge.
        private void ChargeRunning(Thread running, long now)
        {
            if (now <= _runningSince)
                return;
            _runQueue.Charge(running, now - _runningSince, now);
            _runningSince = now;
        }

        // Gives up the CPU. The current thread is Waiting, Waking or Dead (it leaves), or Running
        // (it is requeued: preemption; with yield, after the next thread is chosen, so it goes
        // last). Interrupts must be disabled; they are disabled again when this returns, possibly
        // on another CPU.
        public static void Reschedule(bool yield = false) => This.Switch(yield);

        private void Switch(bool yield)
        {
            // Yielding with nothing else to run is free (as in OSv): no clock, no charge.
            if (yield && _runQueue.Count == 0 && Volatile.Read(ref _incomingHead) == 0)
                return;
            long now = Clock.NowNanoseconds;
            DrainIncoming(now);
            Thread previous = _current;
            bool stillRunnable = previous.State == ThreadState.Running && previous != _idle;
            if (previous != _idle)
                ChargeRunning(previous, now);
            if (stillRunnable && !yield)
                Enqueue(previous, now);
            Thread next = _runQueue.TryDequeueNext(now, out SchedulingEntity? entity) ? (Thread)entity : _idle;
            if (stillRunnable && yield)
                Enqueue(previous, now);
            if (next == previous || (next == _idle && previous.State == ThreadState.Runnable))
            {
                // Nothing better to run: keep going (the idle thread never queues itself).
                if (next != previous)
                    _runQueue.Remove(previous);
                previous.State = ThreadState.Running;
                _runningSince = now;
                RearmTimer(now);
                return;
            }
            if (stillRunnable && next != _idle)
                _runQueue.ChargeContextSwitchPenalty(next, now);
            next.State = ThreadState.Running;
            _current = next;
            Cpu.SetCurrentThread(next);
            _runningSince = now;
            RearmTimer(now);
            if (previous.State == ThreadState.Dead)
                _deadThread = previous;
            // Voluntary and preemptive switches both come here: C code on the next thread finds
            // its own thread pointer in FS from its first instruction on.
            LoadThreadPointerHere(next.ThreadPointer);
            // Objects never move (no compacting collector), so the field's address stays valid
            // while this thread is switched out.
            Cpu.SwitchStack((ulong*)Unsafe.AsPointer(ref previous.SwitchedOutStackPointer), next.SwitchedOutStackPointer);
            FinishSwitch();
        }

        // Runs on the thread switched to (after a switch, or first thing in a new thread), on
        // whatever CPU that is: the dead thread is off its stack now. Interrupts must be disabled.
        public static void FinishSwitch()
        {
            Scheduler here = This;
            Thread? dead = here._deadThread;
            if (dead == null)
                return;
            here._deadThread = null;
            StackPool.Give(dead.GuardPageAddress, dead.StackSizeBytes);
        }

        // Arms the running thread's wait timer on this CPU. Interrupts must be disabled.
        public static void ArmWaitTimer(Thread thread, long deadlineNanoseconds)
        {
            if (!This._timers.Add(thread.WaitTimer, deadlineNanoseconds))
                Machine.Panic("scheduler: the timer list is full (Limits.TimerListCapacity)");
        }

        private void CancelWaitTimer(Thread thread)
        {
            if (!thread.WaitTimer.IsArmed)
                return;
            if (thread.WaitTimer.ArmedIn != _timers)
                Machine.Panic("scheduler: a thread's wait timer is armed on another CPU");
            _timers.Remove(thread.WaitTimer);
        }

        // The local APIC timer fired: expire due timers (waking their threads), then let the
        // policy decide whether the running thread keeps the CPU.
        public static void OnTimerInterrupt()
        {
            Scheduler here = This;
            long now = Clock.NowNanoseconds;
            here._armedDeadline = long.MaxValue;
            here._timers.Expire(now);
            here.DrainIncoming(now);
            here.PreemptOrRearm(now);
        }

        // Another CPU delivered threads here and wants them looked at now.
        public static void OnRescheduleInterrupt()
        {
            Scheduler here = This;
            long now = Clock.NowNanoseconds;
            if (here.DrainIncoming(now))
                here.Switch(yield: false);
        }

        private void PreemptOrRearm(long now)
        {
            bool switchNeeded;
            if (_current == _idle)
            {
                switchNeeded = _runQueue.Count != 0;
            }
            else
            {
                ChargeRunning(_current, now);
                switchNeeded = _runQueue.ShouldPreempt(_current, now);
            }
            if (switchNeeded)
                Switch(yield: false);
            else
                RearmTimer(now, searchPreemption: true);
        }

        // Tickless: one interrupt at the earliest of the next timer's deadline and, while another
        // thread waits for this CPU, the moment the policy would preempt the running one; none
        // when neither exists (an interrupt armed earlier may still come: the handler then finds
        // nothing to do and re-arms). That moment is a search (RunQueue.PreemptionDelayNs, a
        // bisection over the decay), too costly for every switch: a switch only makes sure an
        // interrupt comes within one hysteresis, and the timer interrupt, at most once per
        // hysteresis, searches for the exact moment. So preemption is late by at most the
        // hysteresis the policy tolerates anyway, and threads that never block are preempted
        // exactly when the policy says.
        private void RearmTimer(long now, bool searchPreemption = false)
        {
            long deadline = _timers.NextDeadlineNs;
            if (_current != _idle && _runQueue.Count != 0)
            {
                long preemptAt = now + RunQueue.HysteresisNs;
                if (searchPreemption)
                {
                    long delay = _runQueue.PreemptionDelayNs(_current, now);
                    preemptAt = delay < 0 ? long.MaxValue : now + delay;
                }
                if (preemptAt < deadline)
                    deadline = preemptAt;
            }
            if (deadline >= _armedDeadline)
                return;
            Volatile.Write(ref _armedDeadline, deadline);
            LocalApic.ArmOneShot(deadline - now);
        }

        // The idle thread: run what arrives, otherwise poll the incoming stack for a moment, then
        // halt until an interrupt. Polling first (as OSv's idle loop does) spares a thread woken
        // from another CPU soon after the halt-and-IPI round trip, which under a hypervisor means
        // waking a descheduled vCPU: tens of microseconds. The halted flag goes up before the
        // last look at the incoming stack (see KickIfNeeded).
        private void IdleLoop()
        {
            Cpu.DisableInterrupts();
            while (true)
            {
                DrainIncoming(Clock.NowNanoseconds);
                if (_runQueue.Count != 0)
                {
                    Switch(yield: false);
                    continue;
                }
                if (PollIncoming())
                    continue;
                Interlocked.Exchange(ref _halted, 1);
                if (Volatile.Read(ref _incomingHead) == 0)
                    Cpu.WaitForInterrupt();
                Volatile.Write(ref _halted, 0);
            }
        }

        // True when something arrived within IdlePollNs. Only another CPU can deliver while
        // interrupts are off here, so polling is pointless on one CPU.
        private bool PollIncoming()
        {
            if (CpuCount < 2)
                return false;
            long deadline = Clock.NowNanoseconds + IdlePollNs;
            while (Volatile.Read(ref _incomingHead) == 0)
            {
                if (Clock.NowNanoseconds >= deadline)
                    return false;
                Cpu.Pause();
            }
            return true;
        }

        public static void RunIdle()
        {
            FinishSwitch();
            This.IdleLoop();
        }

        // The load balancer of this CPU (OSv's load_balance): when this CPU has at least two
        // runnable threads more than the least-loaded one, give that CPU the unpinned thread that
        // would run last here. The balancer thread calls this; it is running, so it is not
        // counted in this CPU's load.
        public static void Balance()
        {
            ulong flags = Cpu.DisableInterrupts();
            Scheduler here = This;
            Scheduler? least = null;
            int count = CpuCount;
            for (int i = 0; i < count; i++)
            {
                Scheduler other = s_cpus[i]!;
                if (other != here && (least == null || other.Load < least.Load))
                    least = other;
            }
            long now = Clock.NowNanoseconds;
            if (least != null && RunQueue.ImbalanceWarrantsMigration(here._runQueue.Count, least.Load)
                && here._runQueue.TryStealForMigration(now, out SchedulingEntity? entity))
            {
                var thread = (Thread)entity;
                thread.State = ThreadState.Waking;
                thread.CpuIndex = least.Index;
                least.PushIncoming(thread);
                least.KickIfNeeded();
            }
            Cpu.RestoreInterrupts(flags);
        }

        // A thread's address: its identity for lock-free links (objects never move); 0 for null.
        public static long AddressOf(Thread? thread) => *(long*)Unsafe.AsPointer(ref thread);

        private static Thread ThreadAt(long address) => Unsafe.As<long, Thread>(ref address);
    }
}
