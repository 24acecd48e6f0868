// How the C library ends the program when C semantics say it ends without exit() running: a
// signal's default action (raise or kill of the program itself; abort() itself is libc.S's and
// leaves through the program's exit path). It runs inside C# frames, which cannot be skipped to
// return to the program's caller, so without a Hook it stops the machine (metal: one program per
// VM) or the .NET process (hosted) through OSv.Core's Machine.Exit with the status (128 +
// signal). Hook lets an embedder do otherwise; it must not return.
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
