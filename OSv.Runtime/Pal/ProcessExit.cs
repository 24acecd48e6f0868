// Ending the program: SystemNative_Exit (Environment.Exit after CoreLib's own shutdown work) ends
// the application, and on metal the machine, with the exit code (OSv.Core's Machine.Exit; codes
// outside 0..125 are reported as 125, see Machine.ClampExitCode). SystemNative_Abort (fail-fast
// paths) stops with a panic, the image's equivalent of SIGABRT: exit status 127 and a message.
using System.Runtime;
using OSv.Core;

namespace OSv.Runtime.Pal
{
    internal static class ProcessExit
    {
        [RuntimeExport("SystemNative_Exit")]
        internal static void Exit(int exitCode) => Machine.Exit(exitCode);

        [RuntimeExport("SystemNative_Abort")]
        internal static void Abort() => Machine.Panic("SystemNative_Abort: the program aborted");
    }
}
