// GC handles: a fixed table of entries allocated when the heap starts. A handle is the address
// of its entry, whose first word is the target: CoreLib reads a handle's target with a plain
// load (GCHandle.InternalGet), so that word must be the object reference. Dependent handles
// keep their secondary in the second word.
//
// Free entries form a LIFO list through NextFree; HighWater bounds the entries a collection
// walks. Allocation and free are the runtime's to serialise (its handle lock); the collector
// reads and clears entries with the world stopped. A full table returns 0: CoreLib turns a zero
// handle into OutOfMemoryException.
using System.Runtime.InteropServices;

namespace OSv.Runtime.Gc.Handles
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct HandleEntry
    {
        public nuint Target;        // first: a handle's address is the address of its target
        public nuint Secondary;     // dependent handles only
        public GcHandleKind Kind;
        public int NextFree;        // index of the next free entry, or -1
    }

    internal unsafe struct HandleTable
    {
        private HandleEntry* _entries;
        private int _capacity;
        private int _highWater;
        private int _freeHead;
        private int _inUse;

        public void Initialize(HandleEntry* storage, int capacity)
        {
            _entries = storage;
            _capacity = capacity;
            _highWater = 0;
            _freeHead = -1;
            _inUse = 0;
        }

        public int HighWater => _highWater;

        public int InUse => _inUse;

        public HandleEntry* Entry(int index) => _entries + index;

        // A new handle, or 0 when the table is full.
        public nint Allocate(nuint target, GcHandleKind kind, nuint secondary)
        {
            int index;
            if (_freeHead >= 0)
            {
                index = _freeHead;
                _freeHead = _entries[index].NextFree;
            }
            else if (_highWater < _capacity)
            {
                index = _highWater++;
            }
            else
            {
                return 0;
            }
            HandleEntry* entry = _entries + index;
            entry->Target = target;
            entry->Secondary = kind == GcHandleKind.Dependent ? secondary : 0;
            entry->Kind = kind;
            entry->NextFree = -1;
            _inUse++;
            return (nint)entry;
        }

        public void Free(nint handle)
        {
            HandleEntry* entry = EntryOf(handle);
            OSv.Core.Diagnostics.Invariant.Assert(entry->Kind != GcHandleKind.Free, "HandleTable: double free");
            entry->Target = 0;
            entry->Secondary = 0;
            entry->Kind = GcHandleKind.Free;
            entry->NextFree = _freeHead;
            _freeHead = (int)(entry - _entries);
            _inUse--;
        }

        public static nuint GetTarget(nint handle) => ((HandleEntry*)handle)->Target;

        public static void SetTarget(nint handle, nuint target) => ((HandleEntry*)handle)->Target = target;

        public static nuint GetSecondary(nint handle) => ((HandleEntry*)handle)->Secondary;

        public static void SetSecondary(nint handle, nuint secondary) => ((HandleEntry*)handle)->Secondary = secondary;

        public static GcHandleKind KindOf(nint handle) => ((HandleEntry*)handle)->Kind;

        public bool Owns(nint handle)
        {
            var entry = (HandleEntry*)handle;
            return entry >= _entries && entry < _entries + _highWater
                && ((nuint)entry - (nuint)_entries) % (nuint)sizeof(HandleEntry) == 0;
        }

        private HandleEntry* EntryOf(nint handle)
        {
            OSv.Core.Diagnostics.Invariant.Assert(Owns(handle), "HandleTable: handle belongs to this table");
            return (HandleEntry*)handle;
        }
    }
}
