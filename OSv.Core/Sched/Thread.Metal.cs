// Metal threads: each has its own stack and a saved stack pointer; switching is the scheduler's
// (Scheduler.Metal.cs). Every blocking operation follows one pattern, with interrupts off (so
// this CPU's timer interrupt cannot intervene): publish Waiting with a full barrier, re-check the
// condition (permit, exit of the joined thread, time), then either take the wait back
// (Scheduler.StopWait) or reschedule. Wakers on any CPU publish the condition first and then
// claim the waiting thread with a compare-and-swap, so no wake-up falls between the two.
using System;
using System.Threading;
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

        protected internal override void OnExpired(long nowNs) => Scheduler.Wake(_owner);
    }

    // Stacks of dead threads, kept for new ones: unmapping a guard page splits a large page, so
    // a stack with its guard is worth keeping. Bounded: beyond StacksPooledMax, a dead thread's
    // stack and guard page go back to the page-frame allocator. Only stacks of the default size
    // (Thread.StackBytes) are pooled; others (Thread.Start with a stack size, for C threads) are
    // allocated for their thread and freed when it ends.
    internal static unsafe class StackPool
    {
        private const int StacksPooledMax = 64;
        private static readonly ulong[] s_guards = new ulong[StacksPooledMax];
        private static Internal.Runtime.InterruptsOffSpinLock s_lock;
        private static int s_count;

        // A stack of stackBytes (a multiple of the page size) with an unmapped guard page below
        // it; returns the guard page's address.
        public static ulong Take(int stackBytes)
        {
            if (stackBytes != Thread.StackBytes)
                return AllocateWithGuard(stackBytes);
            ulong flags = s_lock.Enter();
            ulong pooled = s_count > 0 ? s_guards[--s_count] : 0;
            s_lock.Exit(flags);
            if (pooled != 0)
                return pooled;
            return AllocateWithGuard(stackBytes);
        }

        private static ulong AllocateWithGuard(int stackBytes)
        {
            byte* guard = Memory.PhysicalMemory.AllocatePages(stackBytes / (int)PageTables.PageBytes + 1, "a thread stack");
            PageTables.UnmapPage((ulong)guard);
            return (ulong)guard;
        }

        public static void Give(ulong guard, int stackBytes)
        {
            if (stackBytes != Thread.StackBytes)
            {
                Free(guard, stackBytes);
                return;
            }
            ulong flags = s_lock.Enter();
            bool pooled = s_count < StacksPooledMax;
            if (pooled)
                s_guards[s_count++] = guard;
            s_lock.Exit(flags);
            if (pooled)
                return;
            Free(guard, stackBytes);
        }

        private static void Free(ulong guard, int stackBytes)
        {
            PageTables.MapPage(guard);
            Memory.PhysicalMemory.Frames.FreeRun(guard, stackBytes / (int)PageTables.PageBytes + 1);
        }
    }

    // The life of a thread; Scheduler.Metal.cs says who moves it between states, and how.
    internal enum ThreadState
    {
        Created,
        Runnable,
        Running,
        Waiting,
        Waking,
        Dead,
    }

    public sealed unsafe partial class Thread : SchedulingEntity
    {
        public const int StackBytes = 64 * 1024;

        // Stack sizes are rounded to StackPageBytes (Thread.cs) and allocated in pages: the same.
        private const byte StackPagesArePages = StackPageBytes == (int)PageTables.PageBytes ? 0 : 256;

        // Stack words below the top that PrepareStack fills: r15, r14, r13, r12, rbx, rbp, return.
        private const int InitialFrameWords = 7;

        private readonly Action? _body;
        private int _permit;
        private int _state;
        private Thread? _joiner;

        // The stack pointer a switch left the thread at (sched.S: its callee-saved registers and
        // return address sit there); read through SavedStackPointer (ThreadStacks.Metal.cs).
        internal ulong SwitchedOutStackPointer;

        // The CPU whose scheduler owns the thread: it queues, runs and times it.
        internal int CpuIndex;

        // Link of the owning CPU's incoming stack (a thread address), while being delivered.
        internal long NextIncoming;

        // The one timer a thread ever needs: a sleep or a wait with a timeout ends it.
        internal readonly WakeTimer WaitTimer;

        // The unmapped page below the stack: an overflow faults there (0 for none).
        internal ulong GuardPageAddress;

        // The stack's size above the guard page (a multiple of the page size).
        internal readonly int StackSizeBytes;

        private Thread(string name, Action? body, int stackBytes = StackBytes)
        {
            Name = name;
            _body = body;
            StackSizeBytes = stackBytes;
            WaitRecord = new WaitRecord(this);
            WaitTimer = new WakeTimer(this);
            Register(); // visible to the collector from now on (ThreadRegistry.cs)
        }

        public static Thread Current => Scheduler.Current;

        // The CPU the thread belongs to (it runs there, unless the balancer moves it).
        public int Processor => Volatile.Read(ref CpuIndex);

        internal ThreadState State
        {
            get => (ThreadState)Volatile.Read(ref _state);
            set => Volatile.Write(ref _state, (int)value);
        }

        internal bool TryChangeState(ThreadState from, ThreadState to) =>
            Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

        // A full barrier: the caller's next read (its wait condition) cannot pass this store.
        private void BeginWait() => Interlocked.Exchange(ref _state, (int)ThreadState.Waiting);

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

        // A started processor's idle thread runs on the stack the processor started on.
        internal static Thread CreateProcessorIdle(ulong stackTop)
        {
            var idle = new Thread("idle", null);
            idle.StackTopOfForeignStack = stackTop;
            idle.SetPriority(PriorityIdle);
            return idle;
        }

        // Starts a thread on the least-loaded CPU; the load balancer may move it later.
        public static Thread Start(Action body, string name) => StartCore(body, name, -1, StackBytes);

        // The same with a stack of stackBytes (rounded up to pages; at most StackBytesMax, else
        // a panic: callers such as pthread_create check first). C code wants more than the
        // default 64 KiB: glibc gives a thread 8 MiB.
        public static Thread Start(Action body, string name, int stackBytes)
        {
            int rounded = RoundStackBytes(stackBytes);
            if (rounded < 0)
                Machine.Panic("Thread.Start: the stack size is not between 1 byte and Thread.StackBytesMax");
            return StartCore(body, name, -1, rounded);
        }

        // Starts a thread pinned to a CPU (0 .. Machine.ProcessorCount-1): it runs only there.
        public static Thread StartOn(int processor, Action body, string name)
        {
            if (!Scheduler.IsOnline(processor))
                Machine.Panic("Thread.StartOn: no such processor");
            return StartCore(body, name, processor, StackBytes);
        }

        // Lets the load balancer move a thread started with StartOn.
        public void Unpin() => Pinned = false;

        // Sets the running thread's ThreadPointer and loads it into this CPU's FS base at once
        // (interrupts off, so no switch comes between the two).
        public static void SetCurrentThreadPointer(ulong threadPointer)
        {
            ulong flags = Cpu.DisableInterrupts();
            Current.ThreadPointer = threadPointer;
            Scheduler.LoadThreadPointer(threadPointer);
            Cpu.RestoreInterrupts(flags);
        }

        private static Thread StartCore(Action body, string name, int processor, int stackBytes)
        {
            var thread = new Thread(name, body, stackBytes);
            thread.PrepareStack((nint)(delegate*<Thread, void>)&Run);
            thread.Pinned = processor >= 0;
            ulong flags = Cpu.DisableInterrupts();
            thread.CpuIndex = processor >= 0 ? processor : Scheduler.ChooseCpu();
            thread.State = ThreadState.Waking;
            if (Scheduler.Deliver(thread))
                Scheduler.Reschedule();
            Cpu.RestoreInterrupts(flags);
            return thread;
        }

        // A stack (reused from a dead thread, or new with an unmapped guard page below it) whose
        // first "return" lands in osv_thread_trampoline, which calls entry(this).
        private void PrepareStack(nint entry)
        {
            GuardPageAddress = StackPool.Take(StackSizeBytes);
            byte* stack = (byte*)GuardPageAddress + PageTables.PageBytes;
            ulong* top = (ulong*)(stack + StackSizeBytes);
            ulong* frame = top - InitialFrameWords - 1; // one spare word keeps the trampoline's rsp aligned
            Thread self = this;
            frame[0] = 0;                                   // r15
            frame[1] = 0;                                   // r14
            frame[2] = (ulong)entry;                        // r13: managed entry point
            frame[3] = *(ulong*)Unsafe.AsPointer(ref self); // r12: this thread (objects never move)
            frame[4] = 0;                                   // rbx
            frame[5] = 0;                                   // rbp
            frame[6] = (ulong)Cpu.ThreadTrampolineAddress();
            SwitchedOutStackPointer = (ulong)frame;
        }

        // A new thread's first code: it arrives from a switch, with interrupts off.
        private static void Run(Thread thread)
        {
            Scheduler.FinishSwitch();
            Cpu.EnableInterrupts();
            thread._body!();
            thread.Exit();
        }

        private static void RunIdle(Thread idle) => Scheduler.RunIdle();

        private void Exit()
        {
            RunRuntimeExitHook(); // while the thread is still registered (ThreadRuntimeState.Metal.cs)
            Sync.WaitRecordTable.Release(WaitRecord); // the id goes back for new threads
            Unregister(); // no longer enumerated: its stack goes back to the pool after the switch
            Cpu.DisableInterrupts();
            Interlocked.Exchange(ref _state, (int)ThreadState.Dead); // before reading _joiner
            Thread? joiner = Volatile.Read(ref _joiner);
            if (joiner != null)
                Scheduler.Wake(joiner); // no preemption: this thread is leaving anyway
            Scheduler.Reschedule();
            Machine.Panic("a dead thread was scheduled");
        }

        // Waits until the thread has exited. One joiner per thread.
        public void Join()
        {
            ulong flags = Cpu.DisableInterrupts();
            Thread self = Current;
            Volatile.Write(ref _joiner, self);
            while (true)
            {
                self.BeginWait();
                if (State == ThreadState.Dead)
                {
                    Scheduler.StopWait(self);
                    break;
                }
                Scheduler.Reschedule();
            }
            Volatile.Write(ref _joiner, null);
            Cpu.RestoreInterrupts(flags);
        }

        public static void Yield()
        {
            ulong flags = Cpu.DisableInterrupts();
            Scheduler.Reschedule(yield: true);
            Cpu.RestoreInterrupts(flags);
        }

        public static void Park() => ParkUntil(long.MaxValue);

        // Returns false when the timeout passed without a permit.
        public static bool Park(long timeoutNanoseconds) => ParkUntil(DeadlineAfter(timeoutNanoseconds));

        // Consumes the permit, waiting for one until the deadline (long.MaxValue: no timer).
        // Waiting is published before the permit is read, and Unpark publishes the permit before
        // it reads the state: one of the two sees the other (both are full barriers).
        private static bool ParkUntil(long deadline)
        {
            ulong flags = Cpu.DisableInterrupts();
            Thread self = Current;
            if (Volatile.Read(ref self._permit) == 0)
            {
                self.BeginWait();
                if (Volatile.Read(ref self._permit) != 0)
                {
                    Scheduler.StopWait(self);
                }
                else
                {
                    if (deadline != long.MaxValue)
                        Scheduler.ArmWaitTimer(self, deadline);
                    Scheduler.Reschedule();
                }
            }
            bool permitted = Interlocked.Exchange(ref self._permit, 0) != 0;
            Cpu.RestoreInterrupts(flags);
            return permitted;
        }

        public void Unpark()
        {
            ulong flags = Cpu.DisableInterrupts();
            Interlocked.Exchange(ref _permit, 1); // before reading the state
            if (Scheduler.Wake(this))
                Scheduler.Reschedule();
            Cpu.RestoreInterrupts(flags);
        }

        public static void Sleep(long nanoseconds)
        {
            long deadline = DeadlineAfter(nanoseconds);
            ulong flags = Cpu.DisableInterrupts();
            Thread self = Current;
            while (Time.Clock.NowNanoseconds < deadline)
            {
                self.BeginWait();
                Scheduler.ArmWaitTimer(self, deadline);
                Scheduler.Reschedule();
            }
            Cpu.RestoreInterrupts(flags);
        }
    }
}
