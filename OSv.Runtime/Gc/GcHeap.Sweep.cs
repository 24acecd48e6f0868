// Sweep: a cell stays allocated only if it was marked (allocated &= marked, a word at a time),
// a registration for finalization only if its cell stays; a run with no live cell goes back to
// the page source, which is what keeps the heap bounded under short-lived allocation. Surviving
// small runs are rebuilt into their class lists with their scan index reset, so refills find
// every freed cell. Freed cells are not cleared here: a refill zeroes the window it hands out.
// Then the allocation budget for the next cycle: the live bytes times BudgetPercentOfLive, at
// least MinimumBudgetBytes.
using System.Numerics;

namespace OSv.Runtime.Gc
{
    internal unsafe partial struct GcHeap<TModel, TPages>
    {
        private void Sweep()
        {
            for (int sizeClass = 0; sizeClass < SizeClasses.Count; sizeClass++)
            {
                _classRuns[sizeClass] = 0;
                _classRefillRun[sizeClass] = 0;
            }
            long liveBytes = 0;
            int kept = 0;
            int count = _runs.Count;
            for (int index = 0; index < count; index++)
            {
                HeapRun* run = _runs[index];
                int liveCells = SweepRun(run);
                if (liveCells == 0)
                {
                    _statistics.HeapBytes -= (long)run->PageCount * GcLimits.PageBytes;
                    _pages.FreePages((byte*)run, run->PageCount);
                    continue;
                }
                liveBytes += (long)liveCells * run->CellBytes;
                _runs.Overwrite(kept++, run);
                if (!run->IsLarge)
                {
                    run->NextInClass = (HeapRun*)_classRuns[run->SizeClass];
                    _classRuns[run->SizeClass] = (ulong)run;
                    _classRefillRun[run->SizeClass] = (ulong)run;
                }
            }
            _runs.Truncate(kept);
            _statistics.LiveBytesAfterLastCollection = liveBytes;
            _statistics.BytesAllocatedSinceCollection = 0;
            long budget = liveBytes * _options.BudgetPercentOfLive / 100;
            _budgetBytes = budget > _options.MinimumBudgetBytes ? budget : _options.MinimumBudgetBytes;
        }

        // Live cells left in the run.
        private static int SweepRun(HeapRun* run)
        {
            int liveCells = 0;
            for (int word = 0; word < run->BitmapWords; word++)
            {
                ulong live = run->AllocatedBits[word] & run->MarkedBits[word];
                run->AllocatedBits[word] = live;
                run->FinalizableBits[word] &= live;
                liveCells += BitOperations.PopCount(live);
            }
            run->FreeCellCount = run->CellCount - liveCells;
            run->ScanCellIndex = 0;
            run->NeedsRescan = 0;
            return liveCells;
        }
    }
}
