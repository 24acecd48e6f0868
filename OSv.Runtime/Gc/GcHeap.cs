// The garbage-collected heap: non-moving mark-sweep over size-segregated runs.
//
// Layout. Memory comes in runs of pages from a page source (IPageSource). A small run holds
// cells of one size class (SizeClasses); an object above SmallObjectBytesMax gets a run of its
// own. Each run's header keeps three bitmaps, one bit per cell: allocated, marked, registered
// for finalization (HeapRun). RunIndex maps any address to its run.
//
// Allocation (GcHeap.Allocation.cs). Threads bump through per-class windows of free cells
// (AllocationContext); a refill takes the next span of clear allocated bits from the class's
// runs, or a fresh run. Allocation returns zeroed memory: a window is zeroed when handed out.
// An allocation budget (bytes since the last collection vs. live bytes) turns the slow path
// into a request for a collection (AllocationFailure.BudgetExhausted); GcAllocator wraps the
// retry around the runtime's stop-the-world callback.
//
// Collection (GcHeap.Collection.cs, .Marking.cs, .Sweep.cs), with the world stopped and every
// allocation context retired: mark from the runtime's roots (precise and conservative), strong
// and pinned handles and the finalization ready queue; dependent handles to a fixed point;
// clear short weak handles; queue unreachable finalizable objects and mark through them (they
// and what they reference survive this cycle); clear long weak handles and dead dependents;
// sweep (allocated &= marked; empty runs back to the page source). This is .NET's order.
//
// No managed allocation anywhere in the heap: it runs when memory is short. All state is in
// this struct and in pages; the struct itself must live in unmanaged memory (a static in the
// image, native memory in tests) and must not be copied once initialised (tables point into it).
// Not thread-safe: the runtime serialises slow paths and collections with its heap lock.
using System.Runtime.CompilerServices;
using OSv.Core.Diagnostics;
using OSv.Runtime.Gc.Handles;

namespace OSv.Runtime.Gc
{
    internal unsafe partial struct GcHeap<TModel, TPages>
        where TModel : unmanaged, IObjectModel
        where TPages : unmanaged, IPageSource
    {
        private TPages _pages;
        private GcHeapOptions _options;
        private RunIndex _runs;
        private MarkStack _markStack;
        private HandleTable _handles;
        private FinalizationQueue _ready;
        private GcStatistics _statistics;
        private long _budgetBytes;
        private int _windowsOutstanding;
        private int _windowsReported;   // during a collection: windows of contexts the roots reported
        private bool _markOverflowed;
        private bool _collecting;
        private bool _initialized;
        private AllocationFailure _lastFailure;
        private RetentionWatch _watch;  // diagnostic, off unless WatchRetention set a minimum

        // Per size class: the head of its run list, and the run refills try next (runs before
        // it had no free cells since the last sweep).
        private fixed ulong _classRuns[SizeClasses.Count];
        private fixed ulong _classRefillRun[SizeClasses.Count];

        // The tables' pages, for Dispose.
        private byte* _runIndexPages;
        private byte* _markStackPages;
        private byte* _handlePages;
        private byte* _readyPages;
        private int _runIndexPageCount;
        private int _markStackPageCount;
        private int _handlePageCount;
        private int _readyPageCount;

        private GcHeap<TModel, TPages>* Self => (GcHeap<TModel, TPages>*)Unsafe.AsPointer(ref this);

        public GcStatistics Statistics => _statistics;

        public AllocationFailure LastFailure => _lastFailure;

        public long BudgetBytes => _budgetBytes;

        public long HeapBytesMax => _options.HeapBytesMax;

        public int HandlesInUse => _handles.InUse;

        public int FinalizationQueueCount => _ready.Count;

        // Takes the tables' pages from pages; false (and nothing held) if it cannot.
        public bool Initialize(TPages pages, GcHeapOptions options)
        {
            Invariant.Assert(!_initialized, "GcHeap: initialised once");
            Invariant.Assert(options.HeapBytesMax >= GcLimits.SmallRunBytes, "GcHeap: room for one run");
            Invariant.Assert(options.MarkStackEntries > 0 && options.HandlesMax > 0 && options.FinalizationReadyMax > 0,
                "GcHeap: tables have capacity");
            this = default;
            _pages = pages;
            _options = options;
            int runCapacity = RunIndex.CapacityFor(options.HeapBytesMax);
            _runIndexPageCount = PagesFor((long)runCapacity * sizeof(HeapRun*));
            _markStackPageCount = PagesFor((long)options.MarkStackEntries * sizeof(nuint));
            _handlePageCount = PagesFor((long)options.HandlesMax * sizeof(HandleEntry));
            _readyPageCount = PagesFor((long)options.FinalizationReadyMax * sizeof(nuint));
            _runIndexPages = _pages.TryAllocatePages(_runIndexPageCount);
            _markStackPages = _pages.TryAllocatePages(_markStackPageCount);
            _handlePages = _pages.TryAllocatePages(_handlePageCount);
            _readyPages = _pages.TryAllocatePages(_readyPageCount);
            if (_runIndexPages == null || _markStackPages == null || _handlePages == null || _readyPages == null)
            {
                FreeTables();
                return false;
            }
            _runs.Initialize((HeapRun**)_runIndexPages, runCapacity);
            _markStack.Initialize((nuint*)_markStackPages, options.MarkStackEntries);
            _handles.Initialize((HandleEntry*)_handlePages, options.HandlesMax);
            _ready.Initialize((nuint*)_readyPages, options.FinalizationReadyMax);
            _budgetBytes = options.MinimumBudgetBytes;
            _initialized = true;
            return true;
        }

        // Gives every run and table back to the page source (hosted tests; an image never does).
        public void Dispose()
        {
            for (int index = 0; index < _runs.Count; index++)
            {
                HeapRun* run = _runs[index];
                _pages.FreePages((byte*)run, run->PageCount);
            }
            _runs.Truncate(0);
            FreeTables();
            _initialized = false;
        }

        // Lowers the heap bound (never above the capacity its tables were sized for at
        // Initialize) and sets the minimum allocation between collections. The image's runtime
        // calls it once, when it knows how much RAM is free.
        public void Resize(long heapBytesMax, long minimumBudgetBytes)
        {
            Invariant.Assert(heapBytesMax >= GcLimits.SmallRunBytes && heapBytesMax <= _options.HeapBytesMax,
                "GcHeap: a new bound within the tables' capacity");
            Invariant.Assert(minimumBudgetBytes > 0, "GcHeap: a positive budget");
            _options.HeapBytesMax = heapBytesMax;
            _options.MinimumBudgetBytes = minimumBudgetBytes;
            _budgetBytes = minimumBudgetBytes;
        }

        // Watch what marks objects in cells of at least minimumCellBytes (0: stop watching).
        public void WatchRetention(long minimumCellBytes) => _watch.MinimumCellBytes = minimumCellBytes;

        // The last collection's records (RetentionWatch); valid until the next collection.
        public RetentionWatch* Retention => &Self->_watch;

        public void RecordPause(long pauseNanoseconds) => _statistics.LastPauseNanoseconds = pauseNanoseconds;

        private static int PagesFor(long bytes) => (int)((bytes + GcLimits.PageBytes - 1) / GcLimits.PageBytes);

        private void FreeTables()
        {
            if (_runIndexPages != null)
                _pages.FreePages(_runIndexPages, _runIndexPageCount);
            if (_markStackPages != null)
                _pages.FreePages(_markStackPages, _markStackPageCount);
            if (_handlePages != null)
                _pages.FreePages(_handlePages, _handlePageCount);
            if (_readyPages != null)
                _pages.FreePages(_readyPages, _readyPageCount);
            _runIndexPages = _markStackPages = _handlePages = _readyPages = null;
        }
    }
}
