// The thread-exit callback CoreLib registers (RhSetThreadExitCallback, Startup/RuntimeServices):
// NativeAOT's runtime calls it when a thread CoreLib started detaches, and CoreLib's OnThreadExit
// then marks the managed Thread stopped and signals the event Thread.Join waits on. Our threads
// call it when the body returns (ThreadCreation), on the exiting thread, with nothing held.
// One callback per process; registering again replaces it (CoreLib registers once). After it,
// the runtime's own per-thread cleanup (RegisterRuntimeCleanup: startup installs the release of
// the thread's thread-static slot), since the callback itself still reads thread statics.
namespace OSv.Runtime.Pal
{
    internal static unsafe class ThreadExit
    {
        private static delegate* unmanaged<void> s_callback;
        private static delegate*<void> s_runtimeCleanup;

        public static void Register(delegate* unmanaged<void> callback) => s_callback = callback;

        public static void RegisterRuntimeCleanup(delegate*<void> cleanup) => s_runtimeCleanup = cleanup;

        public static void Run()
        {
            delegate* unmanaged<void> callback = s_callback;
            if (callback != null)
                callback();
            delegate*<void> cleanup = s_runtimeCleanup;
            if (cleanup != null)
                cleanup();
        }
    }
}
