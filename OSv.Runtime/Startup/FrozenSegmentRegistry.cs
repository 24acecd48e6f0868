// The frozen object segments the collector must know about: the module's preinitialised objects
// (ilc's FrozenObjectRegion, registered by CoreLib's InitializeModules) and any segment CoreLib's
// FrozenObjectHeapManager creates later. Objects in them are never collected or moved but may
// hold references the collector must treat as roots. A fixed table: registration past the
// capacity fails (returns a null handle), which CoreLib reports as out of memory.
//
// Plain logic over addresses, so the hosted tests drive it; the exports are in
// FrozenSegmentExports.Metal.cs.
namespace OSv.Runtime.Startup
{
    internal struct FrozenSegment
    {
        public nint Start;
        public nint Allocated;   // end of the objects written so far
        public nint Committed;
        public nint Reserved;    // end of the address range
    }

    internal unsafe struct FrozenSegmentRegistry
    {
        public const int Capacity = 32;

        private fixed long _segments[Capacity * 4];
        private int _count;

        public readonly int Count => _count;

        // Returns the segment's handle (its index + 1), or 0 when the table is full or the
        // range is empty.
        public nint Register(nint start, nuint allocatedBytes, nuint committedBytes, nuint reservedBytes)
        {
            if (_count == Capacity || start == 0 || reservedBytes == 0 || allocatedBytes > reservedBytes)
                return 0;
            int index = _count++;
            _segments[index * 4 + 0] = start;
            _segments[index * 4 + 1] = start + (nint)allocatedBytes;
            _segments[index * 4 + 2] = start + (nint)committedBytes;
            _segments[index * 4 + 3] = start + (nint)reservedBytes;
            return index + 1;
        }

        // False for an unknown handle or a range outside the segment.
        public bool Update(nint handle, nint allocated, nint committed)
        {
            if (handle < 1 || handle > _count)
                return false;
            int index = (int)handle - 1;
            long start = _segments[index * 4 + 0];
            long reserved = _segments[index * 4 + 3];
            if (allocated < start || allocated > reserved || committed > reserved)
                return false;
            _segments[index * 4 + 1] = allocated;
            _segments[index * 4 + 2] = committed;
            return true;
        }

        public readonly FrozenSegment this[int index] => new FrozenSegment
        {
            Start = (nint)_segments[index * 4 + 0],
            Allocated = (nint)_segments[index * 4 + 1],
            Committed = (nint)_segments[index * 4 + 2],
            Reserved = (nint)_segments[index * 4 + 3],
        };

        // True when the address lies inside the objects of a registered segment.
        public readonly bool Contains(nint address)
        {
            for (int i = 0; i < _count; i++)
            {
                if (address >= _segments[i * 4 + 0] && address < _segments[i * 4 + 1])
                    return true;
            }
            return false;
        }
    }
}
