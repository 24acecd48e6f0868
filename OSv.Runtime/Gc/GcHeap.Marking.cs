// Marking: from a reference or a conservative word to a marked cell, and the mark loop.
//
// Mark bits live in the runs; the explicit MarkStack holds objects marked but not yet scanned.
// A push to a full stack leaves the object marked, flags its run NeedsRescan and sets
// _markOverflowed; when the stack drains, every marked object of each flagged run is scanned
// again (children already marked are skipped, unmarked ones are marked and pushed), until no
// push failed. Each round marks at least the children of the objects that could not be pushed,
// and marks only grow, so the loop ends; depth of the graph costs rescans, never recursion.
//
// Conservative words: a word keeps an object if it points into an allocated cell (object start,
// its header word, or an interior address); run by RunIndex, cell by division, object by the
// allocated bit. A false positive keeps a dead object (and what it references) for one more
// cycle; it never corrupts anything, because nothing moves.
using System.Runtime.CompilerServices;
using OSv.Core.Diagnostics;

namespace OSv.Runtime.Gc
{
    internal unsafe partial struct GcHeap<TModel, TPages>
    {
        // The object whose cell contains address (start, header or interior), or null when the
        // address is not inside an allocated cell of this heap.
        public byte* FindObject(nuint address)
        {
            byte* pointer = (byte*)address;
            if (pointer < _runs.Lowest || pointer >= _runs.Highest)
                return null;
            HeapRun* run = _runs.Find(pointer);
            if (run == null)
                return null;
            int cell = HeapRun.CellIndexOf(run, pointer);
            if (cell < 0 || !CellBitmap.IsSet(run->AllocatedBits, cell))
                return null;
            return HeapRun.ObjectAt(run, cell);
        }

        // Whether obj is the address of an allocated object of this heap.
        public bool IsAllocatedObject(byte* obj) => obj != null && FindObject((nuint)obj) == obj;

        // Marked in the current (or last) collection; objects outside the heap (frozen objects,
        // statics in the image's data) are never collected and count as live.
        public bool IsLive(nuint reference)
        {
            HeapRun* run = _runs.Find((byte*)reference);
            if (run == null)
                return true;
            int cell = HeapRun.CellIndexOf(run, (byte*)reference);
            return cell >= 0 && CellBitmap.IsSet(run->MarkedBits, cell);
        }

        // A precise reference: null, an object outside the heap (ignored), or an object start.
        internal void MarkReference(nuint reference)
        {
            if (reference == 0)
                return;
            HeapRun* run = _runs.Find((byte*)reference);
            if (run == null)
                return;
            int cell = HeapRun.CellIndexOf(run, (byte*)reference);
            Invariant.Assert(cell >= 0 && HeapRun.ObjectAt(run, cell) == (byte*)reference
                && CellBitmap.IsSet(run->AllocatedBits, cell), "GcHeap: a precise reference is an allocated object");
            MarkCell(run, cell);
        }

        internal void MarkConservative(nuint word)
        {
            byte* pointer = (byte*)word;
            if (pointer < _runs.Lowest || pointer >= _runs.Highest)
                return;
            HeapRun* run = _runs.Find(pointer);
            if (run == null)
                return;
            int cell = HeapRun.CellIndexOf(run, pointer);
            if (cell < 0 || !CellBitmap.IsSet(run->AllocatedBits, cell))
                return;
            MarkCell(run, cell);
        }

        // Marks the cell's object and queues it for scanning if it has references.
        private void MarkCell(HeapRun* run, int cell)
        {
            if (CellBitmap.TestAndSet(run->MarkedBits, cell))
                return;
            byte* obj = HeapRun.ObjectAt(run, cell);
            if (_watch.Enabled && run->CellBytes >= _watch.MinimumCellBytes)
                _watch.Note(obj, (nuint)run->CellBytes);
            if (!HasReferences(obj))
                return;
            if (!_markStack.TryPush((nuint)obj))
            {
                run->NeedsRescan = 1;
                _markOverflowed = true;
                _statistics.MarkStackOverflows++;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool HasReferences(byte* obj) => *(nuint*)obj != 0 && default(TModel).HasReferences(obj);

        // Marks the unused tail of each of the context's windows: zeroed cells (a zero MethodTable
        // word: nothing to scan) that sweep then leaves allocated. Counts the windows, so that
        // Collect can check every outstanding window was either retired or reported.
        private void KeepWindows(AllocationContext* context)
        {
            for (int sizeClass = 0; sizeClass < SizeClasses.Count; sizeClass++)
            {
                ulong limit = context->Limit[sizeClass];
                if (limit == 0)
                    continue;
                _windowsReported++;
                ulong cursor = context->Cursor[sizeClass];
                if (cursor >= limit)
                    continue;
                HeapRun* run = _runs.Find((byte*)cursor);
                Invariant.Assert(run != null && !run->IsLarge, "GcHeap: a window lies in a small run");
                int first = HeapRun.CellIndexOf(run, (byte*)cursor);
                int cells = (int)((nuint)(limit - cursor) / (nuint)run->CellBytes);
                CellBitmap.SetRange(run->MarkedBits, first, first + cells);
            }
        }

        // Scans until no marked object is left unscanned.
        private void DrainMarkStack()
        {
            while (true)
            {
                PopAndScanAll();
                if (!_markOverflowed)
                    return;
                _markOverflowed = false;
                RescanFlaggedRuns();
            }
        }

        private void PopAndScanAll()
        {
            while (_markStack.TryPop(out nuint obj))
                ScanObject((byte*)obj);
        }

        private void RescanFlaggedRuns()
        {
            for (int index = 0; index < _runs.Count; index++)
            {
                HeapRun* run = _runs[index];
                if (run->NeedsRescan == 0)
                    continue;
                run->NeedsRescan = 0;
                for (int cell = CellBitmap.NextSet(run->MarkedBits, 0, run->CellCount); cell < run->CellCount;
                     cell = CellBitmap.NextSet(run->MarkedBits, cell + 1, run->CellCount))
                {
                    byte* obj = HeapRun.ObjectAt(run, cell);
                    if (HasReferences(obj))
                    {
                        ScanObject(obj);
                        PopAndScanAll();
                    }
                }
            }
        }

        // The retention watch's bookkeeping (which parent and slot marked an object) is done only
        // while it is on: the marker's loops stay as they were without it.
        private void ScanObject(byte* obj)
        {
            if (!_watch.Enabled)
            {
                var visitor = new MarkingVisitor(Self);
                default(TModel).VisitReferences(obj, ref visitor);
                return;
            }
            var watching = new WatchingMarkingVisitor(Self);
            RetentionCause cause = _watch.Cause;
            nuint parent = _watch.Parent;
            _watch.Cause = RetentionCause.Field;
            _watch.Parent = (nuint)obj;
            default(TModel).VisitReferences(obj, ref watching);
            _watch.Cause = cause;
            _watch.Parent = parent;
        }

        private struct MarkingVisitor : IReferenceVisitor
        {
            private readonly GcHeap<TModel, TPages>* _heap;

            public MarkingVisitor(GcHeap<TModel, TPages>* heap) => _heap = heap;

            public void Visit(nuint* slot) => _heap->MarkReference(*slot);
        }

        private struct WatchingMarkingVisitor : IReferenceVisitor
        {
            private readonly GcHeap<TModel, TPages>* _heap;

            public WatchingMarkingVisitor(GcHeap<TModel, TPages>* heap) => _heap = heap;

            public void Visit(nuint* slot)
            {
                _heap->_watch.Slot = (nuint)slot;
                _heap->MarkReference(*slot);
            }
        }

        // What Collect hands the runtime's IRootSource.
        internal struct MarkingRootSink : IRootSink
        {
            private readonly GcHeap<TModel, TPages>* _heap;

            public MarkingRootSink(GcHeap<TModel, TPages>* heap) => _heap = heap;

            public void ReportPrecise(nuint reference)
            {
                _heap->_watch.Cause = RetentionCause.PreciseRoot;
                _heap->MarkReference(reference);
            }

            public void ReportConservative(nuint* start, nuint* end)
            {
                if (!_heap->_watch.Enabled)
                {
                    for (nuint* word = start; word < end; word++)
                        _heap->MarkConservative(*word);
                    return;
                }
                _heap->_watch.Cause = RetentionCause.ConservativeWord;
                _heap->_watch.RangeStart = (nuint)start;
                _heap->_watch.RangeEnd = (nuint)end;
                for (nuint* word = start; word < end; word++)
                {
                    _heap->_watch.Slot = (nuint)word;
                    _heap->MarkConservative(*word);
                }
            }

            public void ReportReferencesOf(byte* obj)
            {
                if (HasReferences(obj))
                    _heap->ScanObject(obj);
            }

            public void ReportAllocationWindows(AllocationContext* context) => _heap->KeepWindows(context);
        }
    }
}
