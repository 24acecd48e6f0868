// What the startup code does for the PAL before Main, and the calling context every PAL export
// runs in.
//
// Calling context (checked in ilc 10.0.12's output for the console hello, /tmp/rc/h2.o:
// Interop.Sys.Read calls RhpPInvoke, then SystemNative_Read, then RhpPInvokeReturn, then
// SystemNative_GetErrNo; SetErrNo(0) comes before RhpPInvoke). So most SystemNative_* exports
// run while the runtime's bookkeeping says the thread is in a P/Invoke ("preemptive"), although
// they are managed code: a collection may proceed while a thread is inside one. That is what
// blocking calls need (a thread asleep in LowLevelMonitor_Wait must not hold up a collection),
// and it is safe for code that only reads and writes objects rooted elsewhere (the PAL's tables
// live in statics), because the collector does not move objects. It is NOT safe to create an
// object there that only a PAL frame references while a collection runs. The PAL allocates
// managed objects only in: class constructors of its statics (run here, at startup, instead of
// on a first call), LowLevelMonitor_Create for a slot never used before (Preallocate makes the
// first MonitorsPreallocated slots at startup), and CreateThread (the start closure and the
// kernel thread). The runtime's P/Invoke transition and suspension must account for those two
// calls (for instance: a thread in a P/Invoke is only treated as stopped once it is back in
// RhpPInvokeReturn or blocked in a kernel wait); see the report of the PAL task.
// GetErrNo and SetErrNo are [SuppressGCTransition] calls outside the transition.

namespace OSv.Runtime.Pal
{
    internal static class PalStartup
    {
        // Monitors made at startup: CoreLib creates about one per thread plus a few per blocking
        // primitive, so this covers small programs without a later managed allocation.
        public const int MonitorsPreallocated = 64;

        // Runs the PAL's class constructors and preallocates monitors. Call once, at startup,
        // before the program's Main (and before any other thread runs).
        public static void Initialize()
        {
            // Not RuntimeHelpers.RunClassConstructor: in an image that goes through reflection's
            // callbacks, which images do not set up.
            PalHeap.EnsureInitialized();
            FileDescriptorTable.EnsureInitialized();
            FileLocks.EnsureInitialized();
            PageMapping.EnsureInitialized();
            Environment.EnsureInitialized();
            LowLevelMonitors.Preallocate(MonitorsPreallocated);
        }
    }
}
