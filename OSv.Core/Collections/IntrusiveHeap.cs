// A binary min-heap over a fixed array, of nodes that carry their own slot (HeapNode.HeapIndex),
// so that insert, remove-at and remove-top are O(log n), a node can be removed from anywhere
// given only the node, and nothing is allocated after construction. The run queue and the timer
// lists are both this structure with their own order (Precedes) and bookkeeping.
//
// Invariant: every slot below Count holds a node whose HeapIndex is that slot, no node precedes
// its parent, and every slot from Count up is null. TOrder.Precedes must be a strict total order
// over the queued nodes (the users break ties with an insertion sequence), which makes the
// structure deterministic. Not synchronised: the owner's lock guards it.
//
// Speed: the order is a struct type parameter with a static method, so every comparison is a
// direct, inlinable call in the specialised code (a virtual Precedes measured 1.5-1.8x slower
// on the run queue's enqueue+dequeue); slots are structs, so stores need no covariance check.
using OSv.Core.Diagnostics;

namespace OSv.Core.Collections
{
    public abstract class HeapNode
    {
        // Slot in the heap's array, or -1 when in no heap.
        internal int HeapIndex = -1;
    }

    // The order of a heap: whether a must come out before b.
    public interface IHeapOrder
    {
        static abstract bool Precedes(HeapNode a, HeapNode b);
    }

    public abstract class IntrusiveHeap<TOrder> where TOrder : struct, IHeapOrder
    {
        private struct Slot
        {
            public HeapNode? Node;
        }

        private readonly Slot[] _slots;
        private int _count;

        protected IntrusiveHeap(int capacity)
        {
            _slots = new Slot[capacity];
        }

        public int Count => _count;

        public int Capacity => _slots.Length;

        protected bool IsFull => _count == _slots.Length;

        protected HeapNode? Top => _count == 0 ? null : _slots[0].Node;

        private static bool Precedes(HeapNode a, HeapNode b) => TOrder.Precedes(a, b);

        protected HeapNode NodeAt(int index)
        {
            Invariant.Assert(index >= 0 && index < _count, "IntrusiveHeap: index out of range");
            return _slots[index].Node!;
        }

        // The node's slot (-1 when in no heap), for subclasses outside OSv.Core that remove or
        // re-key a node in place (TCP's connection timers).
        protected static int SlotOf(HeapNode node) => node.HeapIndex;

        protected bool Holds(HeapNode node) =>
            node.HeapIndex >= 0 && node.HeapIndex < _count && _slots[node.HeapIndex].Node == node;

        // The caller checked IsFull.
        protected void Insert(HeapNode node)
        {
            Invariant.Assert(node.HeapIndex == -1, "IntrusiveHeap: node already in a heap");
            node.HeapIndex = _count;
            _slots[_count].Node = node;
            _count++;
            SiftUp(_count - 1);
        }

        protected HeapNode RemoveAt(int index)
        {
            HeapNode removed = NodeAt(index);
            int last = _count - 1;
            HeapNode moved = _slots[last].Node!;
            _slots[last].Node = null;
            _count = last;
            removed.HeapIndex = -1;
            if (index == last)
                return removed;
            _slots[index].Node = moved;
            moved.HeapIndex = index;
            if (index > 0 && Precedes(moved, _slots[(index - 1) / 2].Node!))
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
            Invariant.Assert(_count >= 0 && _count <= _slots.Length, "IntrusiveHeap: count out of range");
            for (int index = 0; index < _count; index++)
            {
                HeapNode? node = _slots[index].Node;
                Invariant.Assert(node != null, "IntrusiveHeap: empty slot below count");
                Invariant.Assert(node!.HeapIndex == index, "IntrusiveHeap: heap index does not match slot");
                Invariant.Assert(index == 0 || !Precedes(node, _slots[(index - 1) / 2].Node!), "IntrusiveHeap: child precedes parent");
            }
            bool clean = true;
            for (int index = _count; index < _slots.Length; index++)
                clean &= _slots[index].Node == null;
            Invariant.Assert(clean, "IntrusiveHeap: stale slot above count");
        }

        private void SiftUp(int index)
        {
            HeapNode node = _slots[index].Node!;
            while (index > 0)
            {
                int parent = (index - 1) / 2;
                HeapNode above = _slots[parent].Node!;
                if (!Precedes(node, above))
                    break;
                Place(above, index);
                index = parent;
            }
            Place(node, index);
        }

        private void SiftDown(int index)
        {
            HeapNode node = _slots[index].Node!;
            while (true)
            {
                int child = 2 * index + 1;
                if (child >= _count)
                    break;
                if (child + 1 < _count && Precedes(_slots[child + 1].Node!, _slots[child].Node!))
                    child++;
                HeapNode below = _slots[child].Node!;
                if (!Precedes(below, node))
                    break;
                Place(below, index);
                index = child;
            }
            Place(node, index);
        }

        private void Place(HeapNode node, int index)
        {
            _slots[index].Node = node;
            node.HeapIndex = index;
        }
    }
}
