// One collection, in .NET's order (see GcHeap for the whole design):
//   1. mark from the runtime's roots, strong and pinned handles, the finalization ready queue;
//   2. dependent handles to a fixed point (a live primary marks its secondary; repeat while
//      that marked anything, since a secondary may be another handle's primary);
//   3. clear short weak handles to unmarked objects;
//   4. queue every unmarked object still registered for finalization, then mark through them
//      (resurrection: they and what they reference survive until their finalizer ran), and
//      run dependent handles to a fixed point again;
//   5. clear long weak handles to unmarked objects, and dependent handles with a dead primary;
//   6. sweep.
// The caller has stopped the world; every allocation context is retired or reported by the roots.
using OSv.Core.Diagnostics;
using OSv.Runtime.Gc.Handles;

namespace OSv.Runtime.Gc
{
    internal unsafe partial struct GcHeap<TModel, TPages>
    {
        public void Collect<TRoots>(ref TRoots roots) where TRoots : struct, IRootSource
        {
            Invariant.Assert(_initialized && !_collecting, "GcHeap: one collection at a time");
            _collecting = true;
            ClearMarks();
            _watch.Begin();

            var sink = new MarkingRootSink(Self);
            _windowsReported = 0;
            roots.ReportRoots(ref sink);
            Invariant.Assert(_windowsReported == _windowsOutstanding,
                "GcHeap: every allocation context retired or reported (ReportAllocationWindows) before a collection");
            MarkStrongHandles();
            _watch.Cause = RetentionCause.FinalizationQueue;
            for (int index = 0; index < _ready.Count; index++)
                MarkReference(_ready.At(index));
            DrainMarkStack();
            MarkDependentsToFixedPoint();

            ClearWeakHandles(GcHandleKind.WeakShort);
            _watch.Cause = RetentionCause.FinalizationQueue;
            QueueUnreachableFinalizable();
            DrainMarkStack();
            MarkDependentsToFixedPoint();
            ClearWeakHandles(GcHandleKind.WeakLong);
            ClearDeadDependents();

            Sweep();
            _statistics.CollectionCount++;
            _collecting = false;
        }

        private void ClearMarks()
        {
            for (int index = 0; index < _runs.Count; index++)
            {
                HeapRun* run = _runs[index];
                new System.Span<ulong>(run->MarkedBits, run->BitmapWords).Clear();
                run->NeedsRescan = 0;
            }
            _markOverflowed = false;
        }

        private void MarkStrongHandles()
        {
            for (int index = 0; index < _handles.HighWater; index++)
            {
                HandleEntry* entry = _handles.Entry(index);
                if (entry->Kind == GcHandleKind.Strong || entry->Kind == GcHandleKind.Pinned)
                {
                    _watch.Cause = RetentionCause.Handle;
                    _watch.Slot = (nuint)entry;
                    MarkReference(entry->Target);
                }
            }
        }

        private void MarkDependentsToFixedPoint()
        {
            bool marked;
            do
            {
                marked = false;
                for (int index = 0; index < _handles.HighWater; index++)
                {
                    HandleEntry* entry = _handles.Entry(index);
                    if (entry->Kind != GcHandleKind.Dependent || entry->Target == 0 || entry->Secondary == 0)
                        continue;
                    if (IsLive(entry->Target) && !IsLive(entry->Secondary))
                    {
                        _watch.Cause = RetentionCause.Handle;
                        _watch.Slot = (nuint)entry;
                        MarkReference(entry->Secondary);
                        DrainMarkStack();
                        marked = true;
                    }
                }
            }
            while (marked);
        }

        private void ClearWeakHandles(GcHandleKind kind)
        {
            for (int index = 0; index < _handles.HighWater; index++)
            {
                HandleEntry* entry = _handles.Entry(index);
                if (entry->Kind == kind && entry->Target != 0 && !IsLive(entry->Target))
                    entry->Target = 0;
            }
        }

        private void ClearDeadDependents()
        {
            for (int index = 0; index < _handles.HighWater; index++)
            {
                HandleEntry* entry = _handles.Entry(index);
                if (entry->Kind == GcHandleKind.Dependent && entry->Target != 0 && !IsLive(entry->Target))
                {
                    entry->Target = 0;
                    entry->Secondary = 0;
                }
            }
        }

        // Candidates of a word are computed before any of them is marked, so an unreachable
        // finalizable object referenced by another one is queued too (as .NET does: both
        // finalizers run, in no defined order).
        private void QueueUnreachableFinalizable()
        {
            for (int index = 0; index < _runs.Count; index++)
            {
                HeapRun* run = _runs[index];
                for (int word = 0; word < run->BitmapWords; word++)
                {
                    ulong candidates = run->FinalizableBits[word] & run->AllocatedBits[word] & ~run->MarkedBits[word];
                    while (candidates != 0)
                    {
                        int cell = word * 64 + System.Numerics.BitOperations.TrailingZeroCount(candidates);
                        candidates &= candidates - 1;
                        QueueForFinalization(run, cell);
                    }
                }
            }
        }

        private void QueueForFinalization(HeapRun* run, int cell)
        {
            byte* obj = HeapRun.ObjectAt(run, cell);
            if (_ready.TryEnqueue((nuint)obj))
            {
                CellBitmap.Clear(run->FinalizableBits, cell);
                _statistics.ObjectsQueuedForFinalization++;
            }
            else
            {
                // Full queue: stays registered, kept alive, tried again next collection.
                _statistics.FinalizationQueueOverflows++;
            }
            MarkCell(run, cell);
        }
    }
}
