// Per-thread state of the managed runtime (OSv.Runtime keeps the thread's allocation context
// here), and the hook the runtime runs when a thread exits.
//
// Why inline in the Thread: the allocation fast path reaches it from the running thread (one GS
// load, Cpu.CurrentThread) plus a constant offset, with nothing to look up or allocate, and its
// lifetime is the thread's. Objects never move, so its address is stable. The kernel never reads
// it; the bytes are opaque here and hold no references (the collector does not scan them as
// fields: the runtime reports what they own itself).
//
// The exit hook runs on the exiting thread, interrupts on, before it leaves the registry: the
// runtime gives back what the thread still owns (its allocation windows) while the collector
// can still see the thread. One hook per image; set once at start-up.
namespace OSv.Core.Sched
{
    public unsafe struct RuntimeThreadState
    {
        public const int Bytes = 512;

        public fixed ulong Words[Bytes / 8];
    }

    public sealed unsafe partial class Thread
    {
        private static delegate*<Thread, void> s_runtimeExitHook;

        // Owned by the runtime (see above).
        public RuntimeThreadState RuntimeState;

        public static void SetRuntimeExitHook(delegate*<Thread, void> hook) => s_runtimeExitHook = hook;

        private void RunRuntimeExitHook()
        {
            delegate*<Thread, void> hook = s_runtimeExitHook;
            if (hook != null)
                hook(this);
        }
    }
}
