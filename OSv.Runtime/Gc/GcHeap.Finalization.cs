// Registration for finalization is one bit per cell (HeapRun.FinalizableBits): registering,
// GC.SuppressFinalize and GC.ReRegisterForFinalize are a bit set or clear, and the collector
// finds unreachable registered objects a word of cells at a time. A bit means "registered
// once": registering twice finalizes once (.NET would run the finalizer twice). An object
// already queued is not affected by SuppressFinalize (the runtime's finalizer thread may check
// its own flag before running it).
using OSv.Core.Diagnostics;

namespace OSv.Runtime.Gc
{
    internal unsafe partial struct GcHeap<TModel, TPages>
    {
        public void RegisterForFinalization(byte* obj) => SetFinalizable(obj, true);

        public void SuppressFinalize(byte* obj) => SetFinalizable(obj, false);

        public bool IsRegisteredForFinalization(byte* obj)
        {
            HeapRun* run = RunOfObject(obj, out int cell);
            return run != null && CellBitmap.IsSet(run->FinalizableBits, cell);
        }

        // The next object whose finalizer should run, oldest first, or null. The finalizer
        // thread calls this; the object stays alive until the next collection after this call
        // finds it unreachable again.
        public byte* DequeueFinalizable() => (byte*)_ready.Dequeue();

        private void SetFinalizable(byte* obj, bool registered)
        {
            HeapRun* run = RunOfObject(obj, out int cell);
            if (run == null)
                return;     // frozen objects are never finalized
            if (registered)
                CellBitmap.Set(run->FinalizableBits, cell);
            else
                CellBitmap.Clear(run->FinalizableBits, cell);
        }

        private HeapRun* RunOfObject(byte* obj, out int cell)
        {
            HeapRun* run = _runs.Find(obj);
            cell = run == null ? -1 : HeapRun.CellIndexOf(run, obj);
            if (run == null)
                return null;
            Invariant.Assert(cell >= 0 && HeapRun.ObjectAt(run, cell) == obj && CellBitmap.IsSet(run->AllocatedBits, cell),
                "GcHeap: finalization registration names an allocated object");
            return run;
        }
    }
}
