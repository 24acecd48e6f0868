// The thread-exit callback CoreLib registers (RhSetThreadExitCallback, Startup/RuntimeServices):
// NativeAOT's runtime calls it when a thread CoreLib started detaches, and CoreLib's OnThreadExit
// then marks the managed Thread stopped and signals the event Thread.Join waits on. Our threads
// call it when the body returns (ThreadCreation), on the exiting thread, with nothing held.
// One callback per process; registering again replaces it (CoreLib registers once).
namespace OSv.Runtime.Native.Pal
{
    internal static unsafe class ThreadExit
    {
        private static delegate* unmanaged<void> s_callback;

        public static void Register(delegate* unmanaged<void> callback) => s_callback = callback;

        public static void Run()
        {
            delegate* unmanaged<void> callback = s_callback;
            if (callback != null)
                callback();
        }
    }
}
