// The per-thread services CoreLib's System.Threading.Thread asks of NativeAOT's native runtime,
// on OSv.Core's kernel threads:
// - RhGetThreadEntryPointAddress (Arch/X64/threads.S): CoreLib's own [UnmanagedCallersOnly]
//   ThreadEntryPoint, which SystemNative_CreateThread (Pal/ThreadCreation) starts the kernel
//   thread at.
// - RhGetDefaultStackSize: 0, "the platform's default": the PAL then gives the kernel's default
//   stack (OSv.Core Thread.StackBytes), as pthread_create without a size would.
// - RhGetCurrentThreadStackBounds: the kernel thread's stack, from its guard page (stacks are
//   StackSizeBytes above one unmapped guard page); a thread on a start-up stack without a guard
//   page reports StackTop - StackSizeBytes.
// - RhSetCurrentThreadName: nothing to record. The managed Thread keeps its name; the kernel
//   thread's name is fixed at creation (".NET thread") and only shows in panics.
// (RhYield, in RuntimeServices, yields the CPU for real: CoreLib's spin-waits rely on it.)
using System.Runtime;
using OSv.Core.Arch.X64;
using OSv.Core.Sched;

namespace OSv.Runtime.Startup
{
    internal static unsafe class ThreadServices
    {
        [RuntimeExport("RhGetDefaultStackSize")]
        internal static nuint GetDefaultStackSize() => 0;

        [RuntimeExport("RhGetCurrentThreadStackBounds")]
        internal static void GetCurrentThreadStackBounds(nint* stackLow, nint* stackHigh)
        {
            Thread current = Thread.Current;
            ulong high = current.StackTop;
            ulong low = current.GuardPageAddress != 0
                ? current.GuardPageAddress + PageTables.PageBytes
                : high - (ulong)current.StackSizeBytes;
            *stackLow = (nint)low;
            *stackHigh = (nint)high;
        }

        [RuntimeExport("RhSetCurrentThreadName")]
        internal static void SetCurrentThreadName(char* name)
        {
        }
    }
}
