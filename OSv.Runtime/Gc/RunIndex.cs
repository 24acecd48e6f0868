// Every run of the heap, sorted by address: the map from an arbitrary address (a conservative
// stack word, an interior pointer, a reference to check) to the run holding it, or to nothing.
// The page source hands out pages anywhere, so runs are not aligned to a size that masking could
// find; a binary search over at most HeapBytesMax / (2 pages) runs is ~15 steps for 256 MiB.
//
// Invariant: runs do not overlap and _runs[0.._count) is sorted by start, so the last run has
// the highest end and [Lowest, Highest) bounds every heap address (a cheap first reject for
// conservative words). Capacity is fixed at initialisation from the heap's page bound: a large
// run is at least 2 pages (a large object exceeds a page), a small run 8, so HeapBytesMax / 2
// pages runs can never be exceeded.
namespace OSv.Runtime.Gc
{
    internal unsafe struct RunIndex
    {
        private HeapRun** _runs;
        private int _count;
        private int _capacity;

        public static int CapacityFor(long heapBytesMax) => (int)(heapBytesMax / (2 * GcLimits.PageBytes)) + 1;

        public void Initialize(HeapRun** storage, int capacity)
        {
            _runs = storage;
            _count = 0;
            _capacity = capacity;
        }

        public int Count => _count;

        public HeapRun* this[int index] => _runs[index];

        public byte* Lowest => _count == 0 ? null : (byte*)_runs[0];

        public byte* Highest => _count == 0 ? null : HeapRun.EndOf(_runs[_count - 1]);

        public void Insert(HeapRun* run)
        {
            OSv.Core.Diagnostics.Invariant.Assert(_count < _capacity, "RunIndex: capacity derives from the heap bound");
            int position = _count;
            while (position > 0 && _runs[position - 1] > run)
            {
                _runs[position] = _runs[position - 1];
                position--;
            }
            _runs[position] = run;
            _count++;
        }

        // The run whose pages contain address, or null.
        public HeapRun* Find(byte* address)
        {
            int low = 0;
            int high = _count - 1;
            while (low <= high)
            {
                int middle = (low + high) >> 1;
                HeapRun* run = _runs[middle];
                if (address < (byte*)run)
                    high = middle - 1;
                else if (address >= HeapRun.EndOf(run))
                    low = middle + 1;
                else
                    return run;
            }
            return null;
        }

        // Sweep's compaction: keeps the runs for which keep[i] was decided, in order. The caller
        // overwrites entries in place (index kept <= index read), then sets the new count.
        public void Overwrite(int index, HeapRun* run) => _runs[index] = run;

        public void Truncate(int count)
        {
            OSv.Core.Diagnostics.Invariant.Assert(count <= _count, "RunIndex: truncate shrinks");
            _count = count;
        }
    }
}
