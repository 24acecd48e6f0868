// The metal scheduler, one CPU: OSv's fairness policy (RunQueue: the runnable thread with the
// smallest decayed runtime runs next), one TimerList for every timed wait, the local APIC timer
// armed one-shot for the earliest of the next timer and the moment the running thread should be
// preempted (no periodic tick), and an idle thread that halts. Every operation runs with
// interrupts disabled: on one CPU that is the whole of the locking. SMP comes next: per-CPU
// instances of this state, each behind its own lock.
//
// Preemption: the timer interrupt saves the full register state on the running thread's stack
// (cpu.S), then this code switches to the next thread like a voluntary switch would; the
// preempted thread later resumes inside the interrupt handler and returns through iretq. A
// wake-up (Unpark, a sleep's end) preempts the running thread at once when the policy says the
// woken one should run (RunQueue.ShouldPreempt), as in OSv.
using System.Runtime.CompilerServices;
using OSv.Core.Arch.X64;
using OSv.Core.Time;

namespace OSv.Core.Sched
{
    internal static unsafe class Scheduler
    {
        private static readonly RunQueue s_runQueue = new RunQueue();
        private static readonly TimerList s_timers = new TimerList();

        private static Thread? s_current;
        private static Thread? s_idle;
        private static long s_runningSince;

        // When the local APIC timer will fire (long.MaxValue: not armed). Reprogramming the APIC
        // is a device access (slow, under emulation most of all), so the timer is only moved
        // earlier: a needlessly early interrupt costs less than re-arming on every switch.
        private static long s_armedDeadline = long.MaxValue;

        // A thread that exited; its stack goes back to the pool once another thread runs.
        private static Thread? s_deadThread;

        public static Thread Current => s_current!;

        public static Thread? CurrentOrNull => s_current;

        // Called on the boot thread, interrupts off. The boot thread becomes "main".
        public static void Initialize(Thread main)
        {
            s_current = main;
            main.State = ThreadState.Running;
            s_idle = Thread.CreateIdle();
            Cpu.InstallInterruptHandlers();
        }

        // A created or waiting thread becomes runnable; a wake-up may race with the thread
        // already running, which needs nothing. Interrupts must be disabled. Returns whether the
        // woken thread should preempt the running one (the caller reschedules when it can).
        public static bool MakeRunnable(Thread thread)
        {
            if (thread.State != ThreadState.Created && thread.State != ThreadState.Waiting)
                return false;
            long now = Clock.NowNanoseconds;
            Enqueue(thread, now);
            Thread current = s_current!;
            if (current == s_idle)
                return true;
            ChargeRunning(current, now);
            bool preempt = s_runQueue.ShouldPreempt(current, now);
            if (!preempt)
                RearmTimer(now);
            return preempt;
        }

        private static void Enqueue(Thread thread, long now)
        {
            thread.State = ThreadState.Runnable;
            if (!s_runQueue.Enqueue(thread, now))
                Machine.Panic("scheduler: the run queue is full (Limits.RunQueueCapacity)");
        }

        private static void ChargeRunning(Thread running, long now)
        {
            s_runQueue.Charge(running, now - s_runningSince, now);
            s_runningSince = now;
        }

        // Gives up the CPU. The current thread is Waiting or Dead (it leaves), or Running (it is
        // requeued: preemption; with yield, after the next thread is chosen, so it goes last).
        // Interrupts must be disabled; they are disabled again when this returns.
        public static void Reschedule(bool yield = false)
        {
            Thread previous = s_current!;
            long now = Clock.NowNanoseconds;
            bool stillRunnable = previous.State == ThreadState.Running && previous != s_idle;
            if (previous != s_idle)
                ChargeRunning(previous, now);
            if (stillRunnable && !yield)
                Enqueue(previous, now);
            Thread next = s_runQueue.TryDequeueNext(now, out SchedulingEntity? entity) ? (Thread)entity : s_idle!;
            if (stillRunnable && yield)
                Enqueue(previous, now);
            if (next == previous || (next == s_idle && previous.State == ThreadState.Runnable))
            {
                // Nothing better to run: keep going (the idle thread never queues itself).
                if (next != previous)
                    s_runQueue.Remove(previous);
                previous.State = ThreadState.Running;
                s_runningSince = now;
                RearmTimer(now);
                return;
            }
            if (stillRunnable && next != s_idle)
                s_runQueue.ChargeContextSwitchPenalty(next, now);
            next.State = ThreadState.Running;
            s_current = next;
            s_runningSince = now;
            RearmTimer(now);
            if (previous.State == ThreadState.Dead)
                s_deadThread = previous;
            // Objects never move (no compacting collector), so the field's address stays valid
            // while this thread is switched out.
            Cpu.SwitchStack((ulong*)Unsafe.AsPointer(ref previous.SavedStackPointer), next.SavedStackPointer);
            ReapDeadThread();
        }

        // Runs on the thread switched to (after a switch, or first thing in a new thread): the
        // dead thread is off its stack now. Interrupts must be disabled or the thread new.
        public static void ReapDeadThread()
        {
            Thread? dead = s_deadThread;
            if (dead == null)
                return;
            s_deadThread = null;
            StackPool.Give(dead.GuardPageAddress);
        }

        // Arms the thread's wait timer. Interrupts must be disabled.
        public static void ArmWaitTimer(Thread thread, long deadlineNanoseconds)
        {
            if (!s_timers.Add(thread.WaitTimer, deadlineNanoseconds))
                Machine.Panic("scheduler: the timer list is full (Limits.TimerListCapacity)");
        }

        public static void CancelWaitTimer(Thread thread)
        {
            if (thread.WaitTimer.IsArmed)
                s_timers.Remove(thread.WaitTimer);
        }

        // The local APIC timer fired: expire due timers (waking their threads), then let the
        // policy decide whether the running thread keeps the CPU.
        public static void OnTimerInterrupt()
        {
            long now = Clock.NowNanoseconds;
            s_armedDeadline = long.MaxValue;
            s_timers.Expire(now);
            Thread current = s_current!;
            bool switchNeeded;
            if (current == s_idle)
            {
                switchNeeded = s_runQueue.Count != 0;
            }
            else
            {
                ChargeRunning(current, now);
                switchNeeded = s_runQueue.ShouldPreempt(current, now);
            }
            if (switchNeeded)
                Reschedule();
            else
                RearmTimer(now);
        }

        // Tickless: one interrupt at the earliest of the next timer's deadline and the moment
        // the policy would preempt the running thread; none when neither exists (an interrupt
        // armed earlier may still come: the handler then finds nothing to do and re-arms).
        // Computing the preemption moment is a search (RunQueue.PreemptionDelayNs); while an
        // interrupt is already due within one hysteresis, it is skipped: that interrupt
        // re-evaluates, so preemption is late by at most the hysteresis the policy tolerates.
        private static void RearmTimer(long now)
        {
            long deadline = s_timers.NextDeadlineNs;
            Thread current = s_current!;
            bool interruptDueSoon = s_armedDeadline - now <= RunQueue.HysteresisNs;
            if (current != s_idle && !interruptDueSoon)
            {
                long delay = s_runQueue.PreemptionDelayNs(current, now);
                if (delay >= 0 && now + delay < deadline)
                    deadline = now + delay;
            }
            if (deadline >= s_armedDeadline)
                return;
            s_armedDeadline = deadline;
            LocalApic.ArmOneShot(deadline - now);
        }

        // The idle thread: halt until an interrupt makes something runnable.
        public static void IdleLoop(Thread idle)
        {
            Cpu.DisableInterrupts();
            while (true)
            {
                if (s_runQueue.Count != 0)
                    Reschedule();
                else
                    Cpu.WaitForInterrupt();
            }
        }
    }
}
