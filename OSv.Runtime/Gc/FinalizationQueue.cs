// Objects found unreachable that await their finalizer: a fixed ring of object addresses.
// The collector enqueues (world stopped) and marks everything queued as a root of every
// collection until the finalizer thread dequeues it; the finalizer thread dequeues under the
// runtime's heap lock. When the ring is full the collector leaves the object registered and
// keeps it alive for this cycle (GcHeap.Finalization), so overflow delays a finalizer, never
// loses one.
namespace OSv.Runtime.Gc
{
    internal unsafe struct FinalizationQueue
    {
        private nuint* _ring;
        private int _capacity;
        private int _head;
        private int _count;

        public void Initialize(nuint* storage, int capacity)
        {
            _ring = storage;
            _capacity = capacity;
            _head = 0;
            _count = 0;
        }

        public int Count => _count;

        // The index-th queued object, oldest first.
        public nuint At(int index) => _ring[(_head + index) % _capacity];

        public bool TryEnqueue(nuint obj)
        {
            if (_count == _capacity)
                return false;
            _ring[(_head + _count) % _capacity] = obj;
            _count++;
            return true;
        }

        // The oldest queued object, or 0 when none.
        public nuint Dequeue()
        {
            if (_count == 0)
                return 0;
            nuint obj = _ring[_head];
            _ring[_head] = 0;
            _head = (_head + 1) % _capacity;
            _count--;
            return obj;
        }
    }
}
