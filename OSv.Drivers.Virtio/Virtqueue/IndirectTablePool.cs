// A fixed pool of indirect descriptor tables (2.7.5.3) in memory the caller provides: each table
// holds VirtioLimits.IndirectTableDescriptors descriptors (one whole chain), and a chain that
// goes indirect takes one table until the device returns it. Tables are handed out from a stack
// of free table numbers, so take and return are O(1) and allocate nothing.
//
// Invariant: _free[0.._freeCount) are distinct table numbers in [0, TableCount), none of them
// held by an outstanding chain; together with the held ones they are every table.
// Not synchronised: the queue's owner serialises access, as for the queue.
using OSv.Core.Diagnostics;

namespace OSv.Drivers.Virtio.Virtqueue
{
    internal sealed unsafe class IndirectTablePool
    {
        private readonly DmaRegion _region;
        private const byte MarkFree = 1;
        private const byte MarkHeld = 2;

        private readonly int[] _free;
        private readonly byte[] _checkMarks;
        private int _freeCount;

        // Caller rules: region 16-byte aligned (descriptor alignment, as for the queue's own
        // table); it holds floor(length / IndirectTableBytes) tables, at most tablesMax (the queue
        // size: more could never be outstanding, each indirect chain holding one ring descriptor).
        public IndirectTablePool(DmaRegion region, int tablesMax)
        {
            Invariant.Assert(((ulong)region.Pointer & (VirtqLayout.DescriptorTableAlignmentBytes - 1)) == 0, "IndirectTablePool: region not 16-byte aligned");
            Invariant.Assert((region.PhysicalAddress & (VirtqLayout.DescriptorTableAlignmentBytes - 1)) == 0, "IndirectTablePool: physical address not 16-byte aligned");
            int tableCount = region.LengthBytes / VirtioLimits.IndirectTableBytes;
            if (tableCount > tablesMax)
                tableCount = tablesMax;
            _region = region;
            _free = new int[tableCount];
            _checkMarks = new byte[tableCount];
            for (int table = 0; table < tableCount; table++)
                _free[table] = tableCount - 1 - table; // table 0 on top: handed out first
            _freeCount = tableCount;
        }

        public int TableCount => _free.Length;

        public int FreeCount => _freeCount;

        public bool TryTake(out int table)
        {
            if (_freeCount == 0)
            {
                table = -1;
                return false;
            }
            _freeCount--;
            table = _free[_freeCount];
            return true;
        }

        // Caller rules: table was taken and is returned once (the queue's head state guarantees it).
        public void Return(int table)
        {
            Invariant.Assert((uint)table < (uint)_free.Length, "IndirectTablePool: table number out of range");
            Invariant.Assert(_freeCount < _free.Length, "IndirectTablePool: more returns than takes");
            _free[_freeCount] = table;
            _freeCount++;
        }

        public ulong PhysicalAddress(int table) =>
            _region.PhysicalAddress + (ulong)(table * VirtioLimits.IndirectTableBytes);

        public void WriteDescriptor(int table, int index, ulong address, uint lengthBytes, ushort flags, ushort next)
        {
            Invariant.Assert((uint)table < (uint)_free.Length, "IndirectTablePool: table number out of range");
            // In bounds: table < TableCount, and TableCount tables fit the region (constructor).
            byte* tablePointer = _region.Pointer + table * VirtioLimits.IndirectTableBytes;
            VirtqDescriptor.Write(tablePointer, VirtioLimits.IndirectTableDescriptors, index, address, lengthBytes, flags, next);
        }

        // For SplitVirtqueue.CheckInvariants, O(TableCount): BeginCheck marks the free tables
        // (distinct, in range), then CheckHeld marks each table an in-flight chain holds, which
        // must be neither free nor held twice.
        public void BeginCheck()
        {
            for (int table = 0; table < _checkMarks.Length; table++)
                _checkMarks[table] = 0;
            for (int i = 0; i < _freeCount; i++)
            {
                int table = _free[i];
                Invariant.Assert((uint)table < (uint)_checkMarks.Length, "IndirectTablePool: free table number out of range");
                Invariant.Assert(_checkMarks[table] == 0, "IndirectTablePool: table free twice");
                _checkMarks[table] = MarkFree;
            }
        }

        public void CheckHeld(int table)
        {
            Invariant.Assert((uint)table < (uint)_checkMarks.Length, "IndirectTablePool: held table number out of range");
            Invariant.Assert(_checkMarks[table] == 0, "IndirectTablePool: held table is also free or held twice");
            _checkMarks[table] = MarkHeld;
        }
    }
}
