// The fields of CoreLib's System.GCMemoryInfoData (a sequential-layout class) that
// RhGetMemoryInfo(ref byte firstField, GCKind) fills, mirrored field for field in order and
// type, so that writing this struct over the object's first field writes every field where the
// compiled class has it. A test compares it with the pinned CoreLib's metadata.
using System.Runtime.InteropServices;

namespace OSv.Runtime.Gc
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct GcMemoryInfoLayout
    {
        public long HighMemoryLoadThresholdBytes;
        public long TotalAvailableMemoryBytes;
        public long MemoryLoadBytes;
        public long HeapSizeBytes;
        public long FragmentedBytes;
        public long TotalCommittedBytes;
        public long PromotedBytes;
        public long PinnedObjectsCount;
        public long FinalizationPendingCount;
        public long Index;
        public int Generation;
        public int PauseTimePercentage;
        public byte Compacted;
        public byte Concurrent;
        public GenerationInfo GenerationInfo0;
        public GenerationInfo GenerationInfo1;
        public GenerationInfo GenerationInfo2;
        public GenerationInfo GenerationInfo3;
        public GenerationInfo GenerationInfo4;
        public long PauseDuration0Ticks;       // TimeSpan
        public long PauseDuration1Ticks;

        [StructLayout(LayoutKind.Sequential)]
        public struct GenerationInfo
        {
            public long SizeBeforeBytes;
            public long FragmentationBeforeBytes;
            public long SizeAfterBytes;
            public long FragmentationAfterBytes;
        }

        // What a non-generational, non-compacting heap can say truthfully.
        public static GcMemoryInfoLayout From(in GcStatistics statistics, long totalAvailableMemoryBytes, int finalizationPending)
        {
            var info = new GcMemoryInfoLayout
            {
                HighMemoryLoadThresholdBytes = totalAvailableMemoryBytes * 9 / 10,
                TotalAvailableMemoryBytes = totalAvailableMemoryBytes,
                MemoryLoadBytes = statistics.HeapBytes,
                HeapSizeBytes = statistics.BytesInUse,
                FragmentedBytes = statistics.HeapBytes - statistics.BytesInUse,
                TotalCommittedBytes = statistics.HeapBytes,
                PromotedBytes = statistics.LiveBytesAfterLastCollection,
                FinalizationPendingCount = finalizationPending,
                Index = statistics.CollectionCount,
                Generation = 2,
                PauseDuration0Ticks = statistics.LastPauseNanoseconds / 100,
            };
            info.GenerationInfo2.SizeAfterBytes = statistics.LiveBytesAfterLastCollection;
            return info;
        }
    }
}
