// GC.GetGCMemoryInfo (RhGetMemoryInfo) while images allocate from the bump ObjectMemory, before
// the collector is wired in (GcExports.Metal.cs has the collector's version, compiled with
// OSV_COLLECTOR, which replaces this file's). CoreLib's thread pool asks on every worker start
// (its gate thread reads the memory load), so Task.Run needs an answer. What is true today:
//   total available = the machine's page frames; the high-load threshold is 90% of it, as
//   .NET's default; memory load, heap size and committed bytes = the bytes allocated so far
//   (nothing is ever freed); no collection has happened (index 0, no pause, nothing promoted).
#if !OSV_COLLECTOR
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Core.Memory;
using OSv.Runtime.Native.Memory;

namespace OSv.Runtime.Native.Gc
{
    internal static class InterimMemoryInfo
    {
        private const long PageBytes = 4096;

        [RuntimeExport("RhGetMemoryInfo")]
        private static void RhGetMemoryInfo(ref byte firstField, int kind)
        {
            long totalBytes = PhysicalMemory.Frames.TotalFrames * PageBytes;
            long allocatedBytes = ObjectMemory.AllocatedBytes;
            var info = new GcMemoryInfoLayout
            {
                HighMemoryLoadThresholdBytes = totalBytes * 9 / 10,
                TotalAvailableMemoryBytes = totalBytes,
                MemoryLoadBytes = allocatedBytes,
                HeapSizeBytes = allocatedBytes,
                TotalCommittedBytes = allocatedBytes,
                Generation = 2,
            };
            Unsafe.As<byte, GcMemoryInfoLayout>(ref firstField) = info;
        }
    }
}
#endif
