// A binary min-heap over a fixed array, of nodes that carry their own slot (HeapNode.HeapIndex),
// so that insert, remove-at and remove-top are O(log n), a node can be removed from anywhere
// given only the node, and nothing is allocated after construction. The run queue and the timer
// lists are both this structure with their own order (Precedes) and bookkeeping.
//
// Invariant: every slot below Count holds a node whose HeapIndex is that slot, no node precedes
// its parent, and every slot from Count up is null. Precedes must be a strict total order over
// the queued nodes (the users break ties with an insertion sequence), which makes the structure
// deterministic. Not synchronised: the owner's lock guards it.
using OSv.Core.Diagnostics;

namespace OSv.Core.Collections
{
    public abstract class HeapNode
    {
        // Slot in the heap's array, or -1 when in no heap.
        internal int HeapIndex = -1;
    }

    public abstract class IntrusiveHeap
    {
        private readonly HeapNode?[] _nodes;
        private int _count;

        protected IntrusiveHeap(int capacity)
        {
            _nodes = new HeapNode?[capacity];
        }

        public int Count => _count;

        public int Capacity => _nodes.Length;

        protected bool IsFull => _count == _nodes.Length;

        protected HeapNode? Top => _count == 0 ? null : _nodes[0];

        // Whether a must come out before b.
        protected abstract bool Precedes(HeapNode a, HeapNode b);

        protected HeapNode NodeAt(int index)
        {
            Invariant.Assert(index >= 0 && index < _count, "IntrusiveHeap: index out of range");
            return _nodes[index]!;
        }

        protected bool Holds(HeapNode node) =>
            node.HeapIndex >= 0 && node.HeapIndex < _count && _nodes[node.HeapIndex] == node;

        // The caller checked IsFull.
        protected void Insert(HeapNode node)
        {
            Invariant.Assert(node.HeapIndex == -1, "IntrusiveHeap: node already in a heap");
            node.HeapIndex = _count;
            _nodes[_count] = node;
            _count++;
            SiftUp(_count - 1);
        }

        protected HeapNode RemoveAt(int index)
        {
            HeapNode removed = NodeAt(index);
            int last = _count - 1;
            HeapNode moved = _nodes[last]!;
            _nodes[last] = null;
            _count = last;
            removed.HeapIndex = -1;
            if (index == last)
                return removed;
            _nodes[index] = moved;
            moved.HeapIndex = index;
            if (index > 0 && Precedes(moved, _nodes[(index - 1) / 2]!))
                SiftUp(index);
            else
                SiftDown(index);
            return removed;
        }

        // Restores the order after every node's sort key changed together (O(n)).
        protected void Rebuild()
        {
            for (int index = _count / 2 - 1; index >= 0; index--)
                SiftDown(index);
        }

        // O(capacity) check of the invariant above; for tests and debugging.
        protected void CheckHeapInvariants()
        {
            Invariant.Assert(_count >= 0 && _count <= _nodes.Length, "IntrusiveHeap: count out of range");
            for (int index = 0; index < _count; index++)
            {
                HeapNode? node = _nodes[index];
                Invariant.Assert(node != null, "IntrusiveHeap: empty slot below count");
                Invariant.Assert(node!.HeapIndex == index, "IntrusiveHeap: heap index does not match slot");
                Invariant.Assert(index == 0 || !Precedes(node, _nodes[(index - 1) / 2]!), "IntrusiveHeap: child precedes parent");
            }
            bool clean = true;
            for (int index = _count; index < _nodes.Length; index++)
                clean &= _nodes[index] == null;
            Invariant.Assert(clean, "IntrusiveHeap: stale slot above count");
        }

        private void SiftUp(int index)
        {
            HeapNode node = _nodes[index]!;
            while (index > 0)
            {
                int parent = (index - 1) / 2;
                HeapNode above = _nodes[parent]!;
                if (!Precedes(node, above))
                    break;
                Place(above, index);
                index = parent;
            }
            Place(node, index);
        }

        private void SiftDown(int index)
        {
            HeapNode node = _nodes[index]!;
            while (true)
            {
                int child = 2 * index + 1;
                if (child >= _count)
                    break;
                if (child + 1 < _count && Precedes(_nodes[child + 1]!, _nodes[child]!))
                    child++;
                HeapNode below = _nodes[child]!;
                if (!Precedes(below, node))
                    break;
                Place(below, index);
                index = child;
            }
            Place(node, index);
        }

        private void Place(HeapNode node, int index)
        {
            _nodes[index] = node;
            node.HeapIndex = index;
        }
    }
}
