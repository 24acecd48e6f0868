// RhpGetCurrentThreadStackTrace: what System.Diagnostics.StackTrace (and so Exception.StackTrace
// of a task's exception, Environment.StackTrace) asks for the current thread's return addresses.
// CoreLib calls it twice: with an empty buffer to learn the count (a negative result is minus the
// frames needed), then with a buffer of that size. NOT DONE: the walk. We answer "no frames"
// (0 both times), so StackTrace objects are empty and the program goes on; walking needs the
// current thread's registers captured in assembly and the same FrameUnwinder the exception
// dispatch uses (StackFrameWalker), which is the next step for this file. A P/Invoke in CoreLib
// (LibraryImport "*"), so the export has the C convention.
using System.Runtime.InteropServices;

namespace OSv.Runtime.Exceptions
{
    internal static unsafe class StackTraceExports
    {
        [UnmanagedCallersOnly(EntryPoint = "RhpGetCurrentThreadStackTrace")]
        private static int GetCurrentThreadStackTrace(nint* outputBuffer, uint outputBufferLength, nuint addressInCurrentFrame) => 0;
    }
}
