// The collector's sizes and capacities in one place (style rule 3). Every table the collector
// uses is allocated once, from the page source, when the heap is initialised; none grows while
// collecting, because a collection runs exactly when memory is short. GcHeapOptions carries the
// capacities that tests shrink (a tiny mark stack forces the overflow path); the defaults are
// the constants here.
namespace OSv.Runtime.Gc
{
    internal static class GcLimits
    {
        public const int PageBytes = 4096;

        // NativeAOT's object header: the sync-block word that sits before the MethodTable pointer.
        // BaseSize counts it, so a cell of BaseSize bytes holds the header at its start and the
        // object (the address references hold) one word later.
        public const int ObjectHeaderBytes = 8;

        // Object sizes are multiples of a pointer on x64; the smallest object NativeAOT allocates
        // is three words (header, MethodTable pointer, one field or the array length).
        public const int ObjectAlignmentBytes = 8;
        public const int SmallestCellBytes = 24;

        // A run of pages holding one size class. 32 KiB: a few hundred cells of the middle
        // classes, at most 8 cells of the largest, and a header plus bitmaps of under 600 bytes.
        public const int SmallRunPages = 8;
        public const int SmallRunBytes = SmallRunPages * PageBytes;

        // Objects above this get their own page run (a large object); at most 1/8 of a small run,
        // so that no small class wastes more than an eighth of its run to the tail.
        public const int SmallObjectBytesMax = 4096;

        // Cells one refill of an allocation context takes at most, in bytes: a thread does not
        // claim a whole run it may not need, and a refill zeroes no more than this.
        public const int AllocationWindowBytesMax = 8192;

        // Default capacities (GcHeapOptions.Default).
        public const long HeapBytesMaxDefault = 256L << 20;
        public const int MarkStackEntriesDefault = 8192;           // 64 KiB
        public const int HandlesMaxDefault = 16384;                // 384 KiB of entries
        public const int FinalizationReadyMaxDefault = 4096;       // 32 KiB
        public const long MinimumBudgetBytesDefault = 1L << 20;
        public const int BudgetPercentOfLiveDefault = 100;

        // Compile-time relations (a false one makes the constant 256, which a byte cannot hold).
        private const byte LargestClassFitsEightTimesInARun = SmallRunBytes >= 8 * SmallObjectBytesMax ? 0 : 256;
        private const byte WindowHoldsTheLargestCell = AllocationWindowBytesMax >= SmallObjectBytesMax ? 0 : 256;
        private const byte CellsAreWholeWords = SmallestCellBytes % ObjectAlignmentBytes == 0 ? 0 : 256;
    }
}
