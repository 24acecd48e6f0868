// Allocation: the bump fast path, the refill slow path, large objects, and retiring a context.
// See AllocationContext for why windows are per class, GcHeap for the whole design.
using System.Runtime.CompilerServices;
using OSv.Core.Diagnostics;

namespace OSv.Runtime.Gc
{
    internal unsafe partial struct GcHeap<TModel, TPages>
    {
        // A zeroed object of objectBytes (header word included), or null with LastFailure saying
        // why. respectBudget false is the retry after a collection: only the heap bound refuses.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte* TryAllocate(AllocationContext* context, nuint objectBytes, bool respectBudget = true)
        {
            // Fast path: a bump inside the class's window.
            byte* cell = TryBump(context, objectBytes);
            if (cell != null)
                return cell;
            return AllocateSlow(context, objectBytes, respectBudget);
        }

        // The fast path alone: a bump in the class's window, or null (then the caller takes the
        // heap lock and calls TryAllocate). Touches only the context.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte* TryBump(AllocationContext* context, nuint objectBytes)
        {
            if (objectBytes > GcLimits.SmallObjectBytesMax)
                return null;
            byte* cell = AllocationContext.TryBump(context, SizeClasses.ClassOf(objectBytes));
            return cell == null ? null : cell + GcLimits.ObjectHeaderBytes;
        }

        // The object's cell is also registered for finalization (types with a finalizer).
        public byte* TryAllocateFinalizable(AllocationContext* context, nuint objectBytes, bool respectBudget = true)
        {
            byte* obj = TryAllocate(context, objectBytes, respectBudget);
            if (obj != null)
                RegisterForFinalization(obj);
            return obj;
        }

        // Gives the unused tails of the context's windows back; the context is then empty (its
        // BytesTaken keeps counting what it handed out). A context not retired must be reported
        // to every Collect (IRootSink.ReportAllocationWindows; the heap counts windows to check).
        public void RetireContext(AllocationContext* context)
        {
            for (int sizeClass = 0; sizeClass < SizeClasses.Count; sizeClass++)
            {
                ulong limit = context->Limit[sizeClass];
                if (limit == 0)
                    continue;
                ulong cursor = context->Cursor[sizeClass];
                if (cursor < limit)
                {
                    ReturnWindowTail((byte*)cursor, (byte*)limit);
                    context->BytesTaken -= (long)(limit - cursor);
                }
                context->Cursor[sizeClass] = 0;
                context->Limit[sizeClass] = 0;
                _windowsOutstanding--;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private byte* AllocateSlow(AllocationContext* context, nuint objectBytes, bool respectBudget)
        {
            Invariant.Assert(_initialized && !_collecting, "GcHeap: allocation outside a collection");
            _lastFailure = AllocationFailure.None;
            if (respectBudget && _statistics.BytesAllocatedSinceCollection >= _budgetBytes)
            {
                _lastFailure = AllocationFailure.BudgetExhausted;
                return null;
            }
            if (objectBytes > GcLimits.SmallObjectBytesMax)
                return AllocateLarge(context, objectBytes);

            // The fast path may have lost only its exchange to an interrupt handler (its window is
            // not used up): bump again, now that nothing can interrupt (the caller's lock).
            byte* cell = TryBump(context, objectBytes);
            if (cell != null)
                return cell;
            int sizeClass = SizeClasses.ClassOf(objectBytes);
            if (!TryRefillWindow(sizeClass, out byte* start, out byte* end))
            {
                _lastFailure = AllocationFailure.OutOfMemory;
                return null;
            }
            // The old window is used up (the fast path failed), so this replaces it.
            if (context->Limit[sizeClass] == 0)
                _windowsOutstanding++;
            // Cursor first: a fast path this interrupted (a handler's refill) fails its exchange.
            context->Cursor[sizeClass] = (ulong)(start + SizeClasses.CellBytes(sizeClass));
            context->Limit[sizeClass] = (ulong)end;
            context->BytesTaken += end - start;
            return start + GcLimits.ObjectHeaderBytes;
        }

        // Next span of free cells of the class: from the runs refills have not yet found full
        // since the last sweep, else from a fresh run.
        private bool TryRefillWindow(int sizeClass, out byte* start, out byte* end)
        {
            var run = (HeapRun*)_classRefillRun[sizeClass];
            while (run != null)
            {
                if (run->FreeCellCount > 0 && TryTakeSpan(run, out start, out end))
                    return true;
                run = run->NextInClass;
                _classRefillRun[sizeClass] = (ulong)run;
            }
            run = TryAcquireSmallRun(sizeClass);
            if (run == null)
            {
                start = end = null;
                return false;
            }
            run->NextInClass = (HeapRun*)_classRuns[sizeClass];
            _classRuns[sizeClass] = (ulong)run;
            _classRefillRun[sizeClass] = (ulong)run;
            return TryTakeSpan(run, out start, out end);
        }

        // Claims the next run of consecutive free cells at or after the run's scan index (at
        // most AllocationWindowBytesMax), marks them allocated and zeroes them.
        private bool TryTakeSpan(HeapRun* run, out byte* start, out byte* end)
        {
            int first = CellBitmap.NextClear(run->AllocatedBits, run->ScanCellIndex, run->CellCount);
            if (first == run->CellCount)
            {
                run->ScanCellIndex = run->CellCount;
                start = end = null;
                return false;
            }
            int cellsMax = GcLimits.AllocationWindowBytesMax / run->CellBytes;
            int limit = first + cellsMax < run->CellCount ? first + cellsMax : run->CellCount;
            int stop = CellBitmap.NextSet(run->AllocatedBits, first, limit);
            CellBitmap.SetRange(run->AllocatedBits, first, stop);
            int cells = stop - first;
            run->FreeCellCount -= cells;
            run->ScanCellIndex = stop;
            Invariant.Assert(run->FreeCellCount >= 0, "GcHeap: free cells never negative");
            start = run->Cells + (nuint)first * (nuint)run->CellBytes;
            end = start + (nuint)cells * (nuint)run->CellBytes;
            new System.Span<byte>(start, (int)(end - start)).Clear();
            CountAllocated((long)cells * run->CellBytes);
            return true;
        }

        private void ReturnWindowTail(byte* cursor, byte* limit)
        {
            HeapRun* run = _runs.Find(cursor);
            Invariant.Assert(run != null && !run->IsLarge, "GcHeap: a window lies in a small run");
            int first = HeapRun.CellIndexOf(run, cursor);
            int cells = (int)((nuint)(limit - cursor) / (nuint)run->CellBytes);
            CellBitmap.ClearRange(run->AllocatedBits, first, first + cells);
            run->FreeCellCount += cells;
            if (first < run->ScanCellIndex)
                run->ScanCellIndex = first;
            CountAllocated(-(long)cells * run->CellBytes);
        }

        private byte* AllocateLarge(AllocationContext* context, nuint objectBytes)
        {
            // Larger than the heap can ever hold (and page counts computed from it would overflow).
            if (objectBytes > (nuint)_options.HeapBytesMax)
            {
                _lastFailure = AllocationFailure.OutOfMemory;
                return null;
            }
            nuint cellBytes = (objectBytes + GcLimits.ObjectAlignmentBytes - 1) & ~(nuint)(GcLimits.ObjectAlignmentBytes - 1);
            int pageCount = HeapRun.LargeRunPages(cellBytes);
            byte* pages = TryTakePages(pageCount);
            if (pages == null)
            {
                _lastFailure = AllocationFailure.OutOfMemory;
                return null;
            }
            HeapRun* run = HeapRun.Format(pages, pageCount, (int)cellBytes, 1, HeapRun.LargeSizeClass);
            _runs.Insert(run);
            CellBitmap.Set(run->AllocatedBits, 0);
            run->FreeCellCount = 0;
            new System.Span<byte>(run->Cells, (int)cellBytes).Clear();
            CountAllocated((long)cellBytes);
            context->BytesTaken += (long)cellBytes;
            return run->Cells + GcLimits.ObjectHeaderBytes;
        }

        private HeapRun* TryAcquireSmallRun(int sizeClass)
        {
            byte* pages = TryTakePages(GcLimits.SmallRunPages);
            if (pages == null)
                return null;
            int cellBytes = SizeClasses.CellBytes(sizeClass);
            int cellCount = HeapRun.SmallRunCellCount(cellBytes, out _);
            HeapRun* run = HeapRun.Format(pages, GcLimits.SmallRunPages, cellBytes, cellCount, sizeClass);
            _runs.Insert(run);
            return run;
        }

        // Pages for a run, within the heap bound.
        private byte* TryTakePages(int pageCount)
        {
            long bytes = (long)pageCount * GcLimits.PageBytes;
            if (_statistics.HeapBytes + bytes > _options.HeapBytesMax)
                return null;
            byte* pages = _pages.TryAllocatePages(pageCount);
            if (pages != null)
                _statistics.HeapBytes += bytes;
            return pages;
        }

        private void CountAllocated(long bytes)
        {
            _statistics.BytesAllocatedSinceCollection += bytes;
            _statistics.TotalBytesAllocated += bytes;
        }
    }
}
