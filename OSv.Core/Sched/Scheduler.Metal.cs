// The metal scheduler, first cut: one CPU, a FIFO run queue, sleeping threads on a deadline-
// ordered list, the local APIC timer armed one-shot for the earliest deadline or the end of the
// running thread's time slice (no periodic tick), and an idle thread that halts. Every
// operation runs with interrupts disabled: on one CPU that is the whole of the locking.
//
// Preemption: the timer interrupt saves the full register state on the running thread's stack
// (cpu.S), then this code switches to the next thread like a voluntary switch would; the
// preempted thread later resumes inside the interrupt handler and returns through iretq.
using System.Runtime.CompilerServices;
using OSv.Core.Arch.X64;
using OSv.Core.Time;

namespace OSv.Core.Sched
{
    internal static unsafe class Scheduler
    {
        // Long enough that TCG emulation overhead does not dominate, short enough to stay fair.
        public const long TimeSliceNanoseconds = 4 * Clock.NanosecondsPerMillisecond;

        private static Thread? s_current;
        private static Thread? s_idle;
        private static Thread? s_runHead;
        private static Thread? s_runTail;
        private static Thread? s_sleepHead;
        private static long s_sliceStart;
        private static long s_switchCount;

        public static Thread Current => s_current!;

        public static Thread? CurrentOrNull => s_current;

        public static long SwitchCount => s_switchCount;

        // Called on the boot thread, interrupts off. The boot thread becomes "main".
        public static void Initialize(Thread main)
        {
            s_current = main;
            main.State = ThreadState.Running;
            s_idle = Thread.CreateIdle();
            Cpu.InstallInterruptHandlers();
        }

        // A created or waiting thread becomes runnable; others are left alone (a wake-up may race
        // with the thread running already). Interrupts must be disabled.
        public static void MakeRunnable(Thread thread)
        {
            if (thread.State == ThreadState.Created || thread.State == ThreadState.Waiting)
                Enqueue(thread);
        }

        private static void Enqueue(Thread thread)
        {
            thread.State = ThreadState.Runnable;
            thread.RunNext = null;
            if (s_runTail == null)
                s_runHead = thread;
            else
                s_runTail.RunNext = thread;
            s_runTail = thread;
            RearmTimer();
        }

        // Gives up the CPU; the current thread must already be Waiting or Dead, or is requeued.
        // Interrupts must be disabled; they are disabled again when this returns.
        public static void Reschedule()
        {
            Thread previous = s_current!;
            if (previous.State == ThreadState.Running && previous != s_idle)
                Enqueue(previous);
            Thread next = TakeNext();
            if (next == previous)
            {
                previous.State = ThreadState.Running;
                return;
            }
            next.State = ThreadState.Running;
            s_current = next;
            s_sliceStart = Clock.NowNanoseconds;
            s_switchCount++;
            RearmTimer();
            // Objects never move (no compacting collector), so the field's address stays valid
            // while this thread is switched out.
            Cpu.SwitchStack((ulong*)Unsafe.AsPointer(ref previous.SavedStackPointer), next.SavedStackPointer);
        }

        private static Thread TakeNext()
        {
            Thread? next = s_runHead;
            if (next == null)
                return s_idle!;
            s_runHead = next.RunNext;
            if (s_runHead == null)
                s_runTail = null;
            next.RunNext = null;
            return next;
        }

        // Puts the current thread to sleep until the deadline (or an earlier wake-up).
        // Interrupts must be disabled.
        public static void SleepUntil(Thread thread, long deadlineNanoseconds)
        {
            thread.WakeDeadline = deadlineNanoseconds;
            Thread? previous = null;
            Thread? cursor = s_sleepHead;
            while (cursor != null && cursor.WakeDeadline <= deadlineNanoseconds)
            {
                previous = cursor;
                cursor = cursor.SleepNext;
            }
            thread.SleepNext = cursor;
            if (previous == null)
                s_sleepHead = thread;
            else
                previous.SleepNext = thread;
            thread.IsSleeping = true;
        }

        public static void CancelSleep(Thread thread)
        {
            if (!thread.IsSleeping)
                return;
            Thread? previous = null;
            for (Thread? cursor = s_sleepHead; cursor != null; previous = cursor, cursor = cursor.SleepNext)
            {
                if (cursor != thread)
                    continue;
                if (previous == null)
                    s_sleepHead = cursor.SleepNext;
                else
                    previous.SleepNext = cursor.SleepNext;
                break;
            }
            thread.SleepNext = null;
            thread.IsSleeping = false;
        }

        // The local APIC timer fired: wake due sleepers, preempt a thread whose slice is over.
        public static void OnTimerInterrupt()
        {
            long now = Clock.NowNanoseconds;
            while (s_sleepHead != null && s_sleepHead.WakeDeadline <= now)
            {
                Thread due = s_sleepHead;
                s_sleepHead = due.SleepNext;
                due.SleepNext = null;
                due.IsSleeping = false;
                MakeRunnable(due);
            }
            Thread current = s_current!;
            if (current == s_idle ? s_runHead != null : s_runHead != null && now - s_sliceStart >= TimeSliceNanoseconds)
                Reschedule();
            else
                RearmTimer();
        }

        // Tickless: one interrupt at the earliest of the next sleeper's deadline and, if another
        // thread is waiting for the CPU, the end of the current slice; none when neither exists.
        private static void RearmTimer()
        {
            long deadline = long.MaxValue;
            if (s_sleepHead != null)
                deadline = s_sleepHead.WakeDeadline;
            if (s_runHead != null && s_current != s_idle)
                deadline = System.Math.Min(deadline, s_sliceStart + TimeSliceNanoseconds);
            if (deadline == long.MaxValue)
            {
                LocalApic.Disarm();
                return;
            }
            LocalApic.ArmOneShot(deadline - Clock.NowNanoseconds);
        }

        // The idle thread: halt until an interrupt makes something runnable.
        public static void IdleLoop(Thread idle)
        {
            Cpu.DisableInterrupts();
            while (true)
            {
                if (s_runHead != null)
                    Reschedule();
                else
                    Cpu.WaitForInterrupt();
            }
        }
    }
}
