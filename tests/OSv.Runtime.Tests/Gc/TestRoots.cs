// The roots a collector test reports: precise references and one conservative range (a
// simulated thread stack), both in native memory as the runtime's would be.
using System.Runtime.InteropServices;
using OSv.Runtime.Gc;

namespace OSv.Runtime.Tests.Gc
{
    internal unsafe struct TestRoots : IRootSource
    {
        public nuint* Precise;
        public int PreciseCount;
        public nuint* Stack;
        public int StackWords;
        public byte* Frozen;            // an object outside the heap, or null
        public AllocationContext* Kept; // a live thread's context, kept across collections, or null

        public void ReportRoots<TSink>(ref TSink sink) where TSink : struct, IRootSink
        {
            for (int index = 0; index < PreciseCount; index++)
                sink.ReportPrecise(Precise[index]);
            sink.ReportConservative(Stack, Stack + StackWords);
            if (Frozen != null)
                sink.ReportReferencesOf(Frozen);
            if (Kept != null)
                sink.ReportAllocationWindows(Kept);
        }
    }
}
