// MINIMAL, for the spine: sched_getcpu for CoreLib (Thread.GetCurrentProcessorId, which spreads
// the shared array pool's per-core stacks): the index of the CPU running the caller, from the
// kernel's per-CPU data. A thread may move right after; callers treat it as a hint. The PAL
// helper owns this export.
using System.Runtime;
using OSv.Core.Arch.X64;

namespace OSv.Runtime.Native.Pal
{
    internal static class ProcessorMinimal
    {
        [RuntimeExport("SystemNative_SchedGetCpu")]
        internal static int SchedGetCpu()
        {
            int index = Cpu.CurrentIndex();
            return index >= 0 ? index : 0;
        }
    }
}
