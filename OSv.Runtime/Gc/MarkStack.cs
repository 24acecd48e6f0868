// The marker's work list: object addresses marked but not yet scanned. Fixed capacity, in
// pages allocated when the heap starts; a push to a full stack fails and the caller records the
// object's run for a rescan (GcHeap.Marking), so deep or wide graphs cost time, never memory
// and never recursion.
namespace OSv.Runtime.Gc
{
    internal unsafe struct MarkStack
    {
        private nuint* _entries;
        private int _count;
        private int _capacity;

        public void Initialize(nuint* storage, int capacity)
        {
            _entries = storage;
            _count = 0;
            _capacity = capacity;
        }

        public int Count => _count;

        public bool TryPush(nuint obj)
        {
            if (_count == _capacity)
                return false;
            _entries[_count++] = obj;
            return true;
        }

        public bool TryPop(out nuint obj)
        {
            if (_count == 0)
            {
                obj = 0;
                return false;
            }
            obj = _entries[--_count];
            return true;
        }
    }
}
