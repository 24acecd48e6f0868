// Metal threads: each has its own stack and a saved stack pointer; switching is the scheduler's
// (Scheduler.Metal.cs). Park/Unpark and sleeping run with interrupts disabled, which on one CPU
// makes them atomic with respect to the timer interrupt that wakes sleepers.
using System;
using System.Runtime.CompilerServices;
using Internal.Runtime;
using OSv.Core.Arch.X64;

namespace OSv.Core.Sched
{
    // A thread's wait timer: when it expires, its thread becomes runnable again (the scheduler's
    // timer interrupt then decides whether it preempts the running one).
    internal sealed class WakeTimer : Time.Timer
    {
        private readonly Thread _owner;

        public WakeTimer(Thread owner) { _owner = owner; }

        protected internal override void OnExpired(long nowNs) => Scheduler.MakeRunnable(_owner);
    }

    // Stacks of dead threads, kept for new ones: unmapping a guard page splits a large page, so
    // a stack with its guard is worth keeping. Bounded: beyond StacksPooledMax, a dead thread's
    // stack and guard page go back to the page-frame allocator.
    internal static unsafe class StackPool
    {
        private const int StacksPooledMax = 64;
        private static readonly ulong[] s_guards = new ulong[StacksPooledMax];
        private static int s_count;

        // Interrupts must be disabled.
        public static ulong Take()
        {
            if (s_count > 0)
                return s_guards[--s_count];
            byte* guard = Memory.PhysicalMemory.AllocatePages(Thread.StackBytes / (int)PageTables.PageBytes + 1, "a thread stack");
            PageTables.UnmapPage((ulong)guard);
            return (ulong)guard;
        }

        public static void Give(ulong guard)
        {
            if (s_count < StacksPooledMax)
            {
                s_guards[s_count++] = guard;
                return;
            }
            PageTables.MapPage(guard);
            Memory.PhysicalMemory.Frames.FreeRun(guard, Thread.StackBytes / (int)PageTables.PageBytes + 1);
        }
    }

    internal enum ThreadState
    {
        Created,
        Runnable,
        Running,
        Waiting,
        Dead,
    }

    public sealed unsafe partial class Thread : SchedulingEntity
    {
        public const int StackBytes = 64 * 1024;

        // Stack words below the top that PrepareStack fills: r15, r14, r13, r12, rbx, rbp, return.
        private const int InitialFrameWords = 7;

        private readonly Action? _body;
        private bool _permit;
        private Thread? _joiner;

        internal ThreadState State;
        internal ulong SavedStackPointer;

        // The one timer a thread ever needs: a sleep or a wait with a timeout ends it.
        internal readonly WakeTimer WaitTimer;

        // The unmapped page below the stack: an overflow faults there (0 for none).
        internal ulong GuardPageAddress;

        private Thread(string name, Action? body)
        {
            Name = name;
            _body = body;
            WaitRecord = new WaitRecord(this);
            WaitTimer = new WakeTimer(this);
        }

        public static Thread Current => Scheduler.Current;

        // For the panic report: the running thread whose guard page contains address, if any.
        internal static Thread? FindStackOverflow(ulong address)
        {
            Thread? current = Scheduler.CurrentOrNull;
            if (current == null || current.GuardPageAddress == 0)
                return null;
            return address - current.GuardPageAddress < PageTables.PageBytes ? current : null;
        }

        // The boot thread, which becomes the "main" thread running the application, on the boot
        // stack whose guard page the boot stub reserved.
        internal static Thread CreateMain()
        {
            var main = new Thread("main", null);
            main.GuardPageAddress = Cpu.BootStackGuardAddress();
            PageTables.UnmapPage(main.GuardPageAddress);
            return main;
        }

        internal static Thread CreateIdle()
        {
            var idle = new Thread("idle", null);
            idle.SetPriority(PriorityIdle);
            idle.PrepareStack((nint)(delegate*<Thread, void>)&RunIdle);
            return idle;
        }

        public static Thread Start(Action body, string name)
        {
            var thread = new Thread(name, body);
            thread.PrepareStack((nint)(delegate*<Thread, void>)&Run);
            ulong flags = Cpu.DisableInterrupts();
            if (Scheduler.MakeRunnable(thread))
                Scheduler.Reschedule();
            Cpu.RestoreInterrupts(flags);
            return thread;
        }

        // A stack (reused from a dead thread, or new with an unmapped guard page below it) whose
        // first "return" lands in osv_thread_trampoline, which calls entry(this).
        private void PrepareStack(nint entry)
        {
            GuardPageAddress = StackPool.Take();
            byte* stack = (byte*)GuardPageAddress + PageTables.PageBytes;
            ulong* top = (ulong*)(stack + StackBytes);
            ulong* frame = top - InitialFrameWords - 1; // one spare word keeps the trampoline's rsp aligned
            Thread self = this;
            frame[0] = 0;                                   // r15
            frame[1] = 0;                                   // r14
            frame[2] = (ulong)entry;                        // r13: managed entry point
            frame[3] = *(ulong*)Unsafe.AsPointer(ref self); // r12: this thread (objects never move)
            frame[4] = 0;                                   // rbx
            frame[5] = 0;                                   // rbp
            frame[6] = (ulong)Cpu.ThreadTrampolineAddress();
            SavedStackPointer = (ulong)frame;
        }

        private static void Run(Thread thread)
        {
            Scheduler.ReapDeadThread();
            thread._body!();
            thread.Exit();
        }

        private static void RunIdle(Thread idle) => Scheduler.IdleLoop(idle);

        private void Exit()
        {
            Sync.WaitRecordTable.Release(WaitRecord); // the id goes back for new threads
            Cpu.DisableInterrupts();
            State = ThreadState.Dead;
            if (_joiner != null)
                _joiner.WakeFromWait();
            Scheduler.Reschedule();
            Machine.Panic("a dead thread was scheduled");
        }

        public void Join()
        {
            ulong flags = Cpu.DisableInterrupts();
            while (State != ThreadState.Dead)
            {
                _joiner = Current;
                Current.State = ThreadState.Waiting;
                Scheduler.Reschedule();
            }
            _joiner = null;
            Cpu.RestoreInterrupts(flags);
        }

        public static void Yield()
        {
            ulong flags = Cpu.DisableInterrupts();
            Scheduler.Reschedule(yield: true);
            Cpu.RestoreInterrupts(flags);
        }

        public static void Park()
        {
            ulong flags = Cpu.DisableInterrupts();
            Thread self = Current;
            if (!self._permit)
            {
                self.State = ThreadState.Waiting;
                Scheduler.Reschedule();
            }
            self._permit = false;
            Cpu.RestoreInterrupts(flags);
        }

        // Returns false when the timeout passed without a permit.
        public static bool Park(long timeoutNanoseconds)
        {
            ulong flags = Cpu.DisableInterrupts();
            Thread self = Current;
            if (!self._permit)
            {
                Scheduler.ArmWaitTimer(self, DeadlineAfter(timeoutNanoseconds));
                self.State = ThreadState.Waiting;
                Scheduler.Reschedule();
                Scheduler.CancelWaitTimer(self);
            }
            bool permitted = self._permit;
            self._permit = false;
            Cpu.RestoreInterrupts(flags);
            return permitted;
        }

        public void Unpark()
        {
            ulong flags = Cpu.DisableInterrupts();
            _permit = true;
            if (Scheduler.MakeRunnable(this))
                Scheduler.Reschedule();
            Cpu.RestoreInterrupts(flags);
        }

        // Interrupts must be disabled. Wakes without preempting: the caller is leaving the CPU.
        private void WakeFromWait() => Scheduler.MakeRunnable(this);

        public static void Sleep(long nanoseconds)
        {
            long deadline = DeadlineAfter(nanoseconds);
            ulong flags = Cpu.DisableInterrupts();
            Thread self = Current;
            while (Time.Clock.NowNanoseconds < deadline)
            {
                Scheduler.ArmWaitTimer(self, deadline);
                self.State = ThreadState.Waiting;
                Scheduler.Reschedule();
                Scheduler.CancelWaitTimer(self);
            }
            Cpu.RestoreInterrupts(flags);
        }
    }
}
