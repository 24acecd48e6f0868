// A diagnostic: for objects in cells of at least MinimumCellBytes (large objects, in practice),
// what marked each one first in the last collection: a conservative word (its address and the
// root range it was reported in), a reference field of another object (the parent), a handle, or
// the finalization queue. Answers "why is this released object still alive?" with evidence
// instead of guesses. Off unless a minimum is set (GcHeap.WatchRetention; in images the variable
// OSV_GC_WHY_ALIVE_BYTES, `osv run --env`): the marker then pays one compare per newly marked
// object and one store per reported word or field. Bounded: the first RecordsMax objects per
// collection; the rest are counted.
namespace OSv.Runtime.Gc
{
    internal enum RetentionCause : byte
    {
        None,
        ConservativeWord,   // Slot: the word's address; RangeStart/RangeEnd: the reported root range
        PreciseRoot,        // reported precisely by the runtime's roots
        Field,              // Slot: the field's address; Parent: the object holding it
        Handle,             // Slot: the handle entry
        FinalizationQueue,  // queued for finalization, or on the ready queue
        AllocationWindow,   // the unused tail of a live thread's window
    }

    internal struct RetentionRecord
    {
        public nuint Object;
        public nuint CellBytes;
        public nuint Slot;
        public nuint Parent;
        public nuint RangeStart;
        public nuint RangeEnd;
        public RetentionCause Cause;
    }

    internal unsafe struct RetentionWatch
    {
        public const int RecordsMax = 8;

        public long MinimumCellBytes;   // 0: off
        public int Count;
        public int Dropped;

        // What the marker is doing now (set as it goes; read when a watched cell gets marked).
        public RetentionCause Cause;
        public nuint Slot;
        public nuint Parent;
        public nuint RangeStart;
        public nuint RangeEnd;

        private fixed byte _records[RecordsMax * 56];

        public bool Enabled => MinimumCellBytes != 0;

        public void Begin()
        {
            Count = 0;
            Dropped = 0;
            Cause = RetentionCause.None;
            Slot = Parent = RangeStart = RangeEnd = 0;
        }

        public void Note(byte* obj, nuint cellBytes)
        {
            if (Count == RecordsMax)
            {
                Dropped++;
                return;
            }
            RetentionRecord* record = RecordAt(Count++);
            record->Object = (nuint)obj;
            record->CellBytes = cellBytes;
            record->Slot = Slot;
            record->Parent = Parent;
            record->RangeStart = RangeStart;
            record->RangeEnd = RangeEnd;
            record->Cause = Cause;
        }

        public RetentionRecord* RecordAt(int index)
        {
            fixed (byte* records = _records)
                return (RetentionRecord*)records + index;
        }
    }
}
