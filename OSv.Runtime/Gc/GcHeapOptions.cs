// The sizes one heap is created with. Default is what images use; tests shrink the bounds to
// exercise the full paths (mark-stack overflow, finalization-queue overflow, a small heap).
namespace OSv.Runtime.Gc
{
    internal struct GcHeapOptions
    {
        public long HeapBytesMax;             // runs' pages, headers included
        public int MarkStackEntries;
        public int HandlesMax;
        public int FinalizationReadyMax;
        public long MinimumBudgetBytes;       // allocation between collections, at least
        public int BudgetPercentOfLive;       // … or this share of the live bytes, if more

        public static GcHeapOptions Default => new GcHeapOptions
        {
            HeapBytesMax = GcLimits.HeapBytesMaxDefault,
            MarkStackEntries = GcLimits.MarkStackEntriesDefault,
            HandlesMax = GcLimits.HandlesMaxDefault,
            FinalizationReadyMax = GcLimits.FinalizationReadyMaxDefault,
            MinimumBudgetBytes = GcLimits.MinimumBudgetBytesDefault,
            BudgetPercentOfLive = GcLimits.BudgetPercentOfLiveDefault,
        };
    }
}
