// What CoreLib's Thread.StartCore asks of the native runtime before it calls the PAL's
// SystemNative_CreateThread: the default stack size (a kernel thread's pooled stack size, so
// such threads take the scheduler's pooled stacks) and a place to record the thread's name
// (kernel threads are named at creation; CoreLib keeps the managed name itself, so there is
// nothing to do). The entry point (RhGetThreadEntryPointAddress) is in Arch/X64/threads.S.
using System.Runtime;
using System.Runtime.InteropServices;

namespace OSv.Runtime.Native.Startup
{
    internal static unsafe class ThreadServices
    {
        [RuntimeExport("RhGetDefaultStackSize")]
        internal static nint GetDefaultStackSize() => OSv.Core.Sched.Thread.StackBytes;

        // A P/Invoke in CoreLib (LibraryImport): the C ABI, the name as a C string.
        [UnmanagedCallersOnly(EntryPoint = "RhSetCurrentThreadName")]
        private static void SetCurrentThreadName(byte* name)
        {
        }
    }
}
