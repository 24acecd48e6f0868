// How the C library ends the program when C semantics say it ends without exit() running: a
// signal's default action (raise, kill, abort). The program start (owned by the lead, who also
// owns exit and atexit) installs Hook; it must not return: it ends the loaded program with the
// given status (128 + signal, 134 for abort, what a shell shows), hosted by unwinding to the
// program's caller, on metal by stopping the machine. Without a hook, or if it returns, the
// fallback stops the machine (metal) or the process (hosted) through OSv.Core's Machine.Exit.
// (Namespace OSv.Libc.Posix, not ...System: a namespace named System inside OSv.Libc would hide
// the real System namespace from every file in OSv.Libc.)
namespace OSv.Libc.Posix
{
    public static unsafe class ProgramTermination
    {
        /// <summary>Installed by the program start; called with the termination status.</summary>
        public static delegate*<int, void> Hook;

        public static void Terminate(int status)
        {
            delegate*<int, void> hook = Hook;
            if (hook != null)
                hook(status);
            OSv.Core.Machine.Exit(status);
        }
    }
}
