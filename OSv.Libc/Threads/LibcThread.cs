// The C library's state for one thread: what glibc keeps in its `struct pthread`. Reached through
// OSv.Core's Thread.LibraryState; created on first use for threads the C library did not start
// (a program's main thread, a test's thread: "foreign" threads), or by pthread_create, which
// reuses the objects of finished threads (ThreadRegistry). Fields that C reads by address (errno)
// live in unmanaged memory owned by this object, so their addresses stay fixed.
//
// Life of a created thread (ThreadLifecycle does the pthread_* side):
//   pthread_create  claims a registry slot and its LibcThread, stores start routine, argument and
//                   stack size, starts a kernel thread running RunOnNewThread.
//   RunOnNewThread  binds to the kernel thread, gets a TLS thread pointer (CreateThreadPointer),
//                   calls start(arg) through RunStartRoutine, then Finish: TSD destructors, the
//                   return value published, the joiner woken or the slot freed.
//   pthread_exit    records the value and calls ExitHook, which unwinds the C frames back into
//                   RunStartRoutine so Finish runs as if start had returned. Without a hook there
//                   is no unwinding: the thread finishes in place and parks forever.
//
// In a running program (OSv.Libc.Process.ProgramThreads) the hooks are set: TLS blocks come from
// the program's linker, RunStartRoutine is libc.S's osv_abi_thread_run, and pthread_exit is
// libc.S's, which leaves to that frame.
using System.Threading;

namespace OSv.Libc.Threads
{
    public sealed unsafe partial class LibcThread
    {
        // Hooks the loader fills; null means the defaults below (enough for hosted tests).
        // Allocates and initialises a new thread's static TLS block; returns its thread pointer
        // (the FS base). Default: 0, no TLS.
        public static delegate*<ulong> CreateThreadPointer;
        // Frees what CreateThreadPointer made, after the thread's C code has finished.
        public static delegate*<ulong, void> ReleaseThreadPointer;
        // Calls start(arg) on the new thread and returns its result; the loader's version is an
        // assembly frame pthread_exit can unwind to. Default: a direct call.
        public static delegate*<nint, nint, nint> RunStartRoutine;
        // Unwinds the calling thread's C frames to its RunStartRoutine frame, which then returns
        // (any value: pthread_exit recorded the real one). Must not return. Default: none.
        public static delegate*<void> ExitHook;

        private static int s_lastTid;

        // Where pthread_exit leaves to on this thread (libc.S osv_abi_thread_run saves it), or
        // null before the thread first runs a start routine; allocated once per object.
        internal long* LeaveContext;

        private LibcThread(OSv.Core.Sched.Thread? kernelThread, bool isCreated)
        {
            KernelThread = kernelThread;
            IsCreated = isCreated;
            ErrnoCell = (int*)OSv.Libc.Memory.CellMemory.AllocateZeroed(sizeof(int));
            Parking = new ParkingRecord(kernelThread!);
            Name = new byte[ThreadLimits.NameBytesMax];
            RunBody = isCreated ? RunOnNewThread : null;
            Tid = NextTid();
            Slot = -1;
        }

        public OSv.Core.Sched.Thread? KernelThread { get; private set; }

        /// <summary>This thread's errno, as returned by __errno_location.</summary>
        public int* ErrnoCell { get; }

        // Identity for mutex and rwlock ownership (glibc uses the kernel tid): unique among
        // live threads, fresh for every thread a reused object serves.
        public int Tid { get; private set; }

        // Registry slot (the pthread_t is its descriptor's address); -1 until one is needed.
        public int Slot { get; internal set; }

        // Started by pthread_create (as opposed to a thread the C library found running).
        public bool IsCreated { get; }

        internal readonly ParkingRecord Parking;
        internal readonly byte[] Name;             // NUL-terminated, at most NameBytesMax with the NUL
        internal bool NameSet;
        internal nint[]? KeyValues;                // ThreadKeys: per-key value and the key generation
        internal long[]? KeyGenerations;           // it was stored under; allocated on first use
        internal nint StartRoutine, Argument, ReturnValue;
        internal bool ExitRequested;
        internal int CancelState, CancelType;      // recorded only: nothing is cancelled
        internal long StackBytes;
        internal nint StackHighestAddress;         // approximate: page-rounded from an early frame
        private readonly System.Action? RunBody;      // created threads: RunOnNewThread, bound once

        /// <summary>The TLS thread pointer this thread's C code runs with (its FS base).</summary>
        public ulong ThreadPointer { get; private set; }

        public static LibcThread Current
        {
            get
            {
                OSv.Core.Sched.Thread thread = OSv.Core.Sched.Thread.Current;
                if (thread.LibraryState is LibcThread state)
                    return state;
                return Attach(thread);
            }
        }

        /// <summary>This thread's pthread_t, giving a foreign thread an identity on first use
        /// (0 if ThreadLimits.ThreadsMax identities are taken).</summary>
        public ulong Id
        {
            get
            {
                if (Slot < 0 && ThreadRegistry.ClaimForForeign(this) < 0)
                    return 0;
                return ThreadRegistry.IdOf(Slot);
            }
        }

        internal static LibcThread NewForCreate() => new LibcThread(null, isCreated: true);

        private static LibcThread Attach(OSv.Core.Sched.Thread thread)
        {
            var state = new LibcThread(thread, isCreated: false);
            byte local = 0;
            state.StackHighestAddress = PageRoundUp((nint)(&local));
            state.StackBytes = DefaultStackBytes;
            thread.LibraryState = state;
            return state;
        }

        // pthread_create's side: what the new thread will run. On the creating thread.
        internal void PrepareStart(nint startRoutine, nint argument, long stackBytes, System.ReadOnlySpan<byte> name)
        {
            StartRoutine = startRoutine;
            Argument = argument;
            ReturnValue = 0;
            ExitRequested = false;
            CancelState = 0;
            CancelType = 0;
            StackBytes = stackBytes;
            Tid = NextTid();
            new System.Span<byte>(Name).Clear();
            name.Slice(0, name.Length < ThreadLimits.NameBytesMax ? name.Length : ThreadLimits.NameBytesMax - 1).CopyTo(new System.Span<byte>(Name));
            NameSet = true;
        }

        internal void Start() => StartKernelThread(RunBody!, StackBytes);

        private void RunOnNewThread()
        {
            OSv.Core.Sched.Thread kernel = OSv.Core.Sched.Thread.Current;
            KernelThread = kernel;
            Parking.Owner = kernel;
            kernel.LibraryState = this;
            byte local = 0;
            StackHighestAddress = PageRoundUp((nint)(&local));
            ulong threadPointer = CreateThreadPointer != null ? CreateThreadPointer() : 0;
            ThreadPointer = threadPointer;
            kernel.ThreadPointer = threadPointer;
            LoadThreadPointer(threadPointer);
            nint result = RunStartRoutine != null
                ? RunStartRoutine(StartRoutine, Argument)
                : ((delegate* unmanaged<nint, nint>)StartRoutine)(Argument);
            Finish(result);
        }

        // After start returned (or pthread_exit unwound to here, or, without a hook, from
        // pthread_exit itself): the last use of this object by its thread.
        internal void Finish(nint returned)
        {
            if (!ExitRequested)
                ReturnValue = returned;
            ThreadKeys.RunDestructors(this);
            if (ThreadPointer != 0 && ReleaseThreadPointer != null)
                ReleaseThreadPointer(ThreadPointer);
            ThreadPointer = 0;
            OSv.Core.Sched.Thread kernel = KernelThread!;
            kernel.ThreadPointer = 0;
            kernel.LibraryState = null;
            ThreadLifecycle.PublishExit(this); // after this the object may serve another thread
        }

        // Positive and never 0 ("no owner"); after 2^31 threads ids repeat (a dead thread's id
        // could then match a live one's; glibc's kernel tids are reused too).
        private static int NextTid()
        {
            int tid = Interlocked.Increment(ref s_lastTid) & int.MaxValue;
            return tid != 0 ? tid : 1;
        }

        private static nint PageRoundUp(nint address) => (address + 4095) & ~(nint)4095;
    }
}
