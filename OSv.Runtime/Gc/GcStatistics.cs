// What GC.CollectionCount, GC.GetTotalMemory and GC.GetGCMemoryInfo report, kept by the heap.
// Bytes count cells (an object's cell, not its exact size): what the heap really holds.
namespace OSv.Runtime.Gc
{
    internal struct GcStatistics
    {
        public long CollectionCount;
        public long LiveBytesAfterLastCollection;
        public long BytesAllocatedSinceCollection;   // windows handed out count whole
        public long TotalBytesAllocated;             // since the heap started (net of retired tails)
        public long HeapBytes;                       // pages held for runs
        public long LastPauseNanoseconds;            // measured and recorded by the runtime
        public long MarkStackOverflows;
        public long FinalizationQueueOverflows;
        public long ObjectsQueuedForFinalization;

        public long BytesInUse => LiveBytesAfterLastCollection + BytesAllocatedSinceCollection;
    }
}
