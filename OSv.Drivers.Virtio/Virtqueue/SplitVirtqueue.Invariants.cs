// SplitVirtqueue's O(QueueSize) self-check (style rule 10: checks that cost O(n) live in a
// CheckInvariants method that tests call after each step). Verifies the invariant stated in
// SplitVirtqueue.cs from driver-private state only; allocates nothing (scratch marks are
// allocated with the queue).
using OSv.Core.Diagnostics;

namespace OSv.Drivers.Virtio.Virtqueue
{
    public sealed partial class SplitVirtqueue
    {
        private const byte MarkFree = 1;
        private const byte MarkHeld = 2;

        public void CheckInvariants()
        {
            for (int i = 0; i < _queueSize; i++)
                _checkMarks[i] = 0;

            // The free list: _freeCount distinct descriptors, ending at the sentinel.
            int descriptor = _freeHead;
            for (int i = 0; i < _freeCount; i++)
            {
                Invariant.Assert((uint)descriptor < (uint)_queueSize, "SplitVirtqueue: free list leaves the table");
                Invariant.Assert(_checkMarks[descriptor] == 0, "SplitVirtqueue: free list has a cycle");
                _checkMarks[descriptor] = MarkFree;
                descriptor = _next[descriptor];
            }
            Invariant.Assert(descriptor == _queueSize, "SplitVirtqueue: free list longer than its count");

            // Every in-flight chain: disjoint from the free list and from each other.
            _indirectTables?.BeginCheck();
            int heldDescriptors = 0;
            int inFlightChains = 0;
            int heldTables = 0;
            for (int head = 0; head < _queueSize; head++)
            {
                HeadState state = _heads[head];
                if (!state.InFlight)
                {
                    Invariant.Assert(state.IndirectTable == NoIndirectTable, "SplitVirtqueue: idle head holds a table");
                    continue;
                }
                inFlightChains++;
                heldDescriptors += CheckChainMarks(head, state.DescriptorCount);
                if (state.IndirectTable != NoIndirectTable)
                {
                    heldTables++;
                    Invariant.Assert(state.DescriptorCount == 1, "SplitVirtqueue: indirect chain holds more than one descriptor");
                    _indirectTables!.CheckHeld(state.IndirectTable);
                }
            }
            Invariant.Assert(inFlightChains == _outstandingChains, "SplitVirtqueue: outstanding count differs from in-flight heads");
            Invariant.Assert(heldDescriptors + _freeCount == _queueSize, "SplitVirtqueue: descriptors lost or duplicated");
            if (_indirectTables != null)
                Invariant.Assert(heldTables + _indirectTables.FreeCount == _indirectTables.TableCount, "SplitVirtqueue: indirect tables lost");
            Invariant.Assert((ushort)(_availIndexShadow - _availIndexPublished) <= _outstandingChains, "SplitVirtqueue: more unpublished entries than chains");
        }

        private int CheckChainMarks(int head, int descriptorCount)
        {
            Invariant.Assert(descriptorCount >= 1 && descriptorCount <= _queueSize, "SplitVirtqueue: chain length out of range");
            int descriptor = head;
            for (int i = 0; i < descriptorCount; i++)
            {
                Invariant.Assert((uint)descriptor < (uint)_queueSize, "SplitVirtqueue: chain leaves the table");
                Invariant.Assert(_checkMarks[descriptor] == 0, "SplitVirtqueue: descriptor in two places");
                _checkMarks[descriptor] = MarkHeld;
                descriptor = _next[descriptor];
            }
            return descriptorCount;
        }
    }
}
