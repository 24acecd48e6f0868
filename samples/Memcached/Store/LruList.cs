// Least-recently-used order per size class: memcached's per-class LRU (items.c), one doubly
// linked list per class threaded through the item headers (LruPrevious/LruNext, StateLinked),
// so the links cost no memory outside the budget. The head is the most recently used item,
// the tail the eviction candidate.
// Departure: memcached moves an item to the head at most once a minute (ITEM_UPDATE_INTERVAL)
// and splits each class into hot/warm/cold sub-LRUs; here every hit moves it to the head.
//
// Invariant: a handle is linked in at most one list (StateLinked says whether); count[c] is the
// length of list c. Caller rule: link a handle only into the list of its own class.
using OSv.Core.Diagnostics;

namespace Memcached.Store
{
    public sealed class LruList
    {
        private readonly SlabAllocator slab;
        private readonly int[] head = new int[StoreLimits.SizeClassCountMax];
        private readonly int[] tail = new int[StoreLimits.SizeClassCountMax];
        private readonly int[] count = new int[StoreLimits.SizeClassCountMax];

        public LruList(SlabAllocator slab)
        {
            this.slab = slab;
            for (int sizeClass = 0; sizeClass < StoreLimits.SizeClassCountMax; sizeClass++)
            {
                head[sizeClass] = -1;
                tail[sizeClass] = -1;
            }
        }

        public long OverheadBytes => 3 * SlabAllocator.ArrayBytes(StoreLimits.SizeClassCountMax, 4);

        public int Tail(int sizeClass) => tail[sizeClass];

        public int Count(int sizeClass) => count[sizeClass];

        // The next item towards the head from handle, or -1.
        public int Newer(int handle) => ItemHeader.LruPrevious(ref slab.Header(handle));

        public bool IsLinked(int handle) => ItemHeader.Has(ref slab.Header(handle), ItemHeader.StateLinked);

        public void PushHead(int sizeClass, int handle)
        {
            ref byte item = ref slab.Header(handle);
            Invariant.Assert(!ItemHeader.Has(ref item, ItemHeader.StateLinked), "lru link of a linked item");
            ItemHeader.Raise(ref item, ItemHeader.StateLinked);
            ItemHeader.SetLruPrevious(ref item, -1);
            ItemHeader.SetLruNext(ref item, head[sizeClass]);
            if (head[sizeClass] >= 0)
                ItemHeader.SetLruPrevious(ref slab.Header(head[sizeClass]), handle);
            else
                tail[sizeClass] = handle;
            head[sizeClass] = handle;
            count[sizeClass]++;
        }

        public void Remove(int sizeClass, int handle)
        {
            ref byte item = ref slab.Header(handle);
            Invariant.Assert(ItemHeader.Has(ref item, ItemHeader.StateLinked), "lru unlink of an unlinked item");
            ItemHeader.Clear(ref item, ItemHeader.StateLinked);
            int before = ItemHeader.LruPrevious(ref item);
            int after = ItemHeader.LruNext(ref item);
            if (before >= 0)
                ItemHeader.SetLruNext(ref slab.Header(before), after);
            else
                head[sizeClass] = after;
            if (after >= 0)
                ItemHeader.SetLruPrevious(ref slab.Header(after), before);
            else
                tail[sizeClass] = before;
            count[sizeClass]--;
        }

        // A hit: the item becomes the most recently used of its class.
        public void Bump(int sizeClass, int handle)
        {
            if (head[sizeClass] == handle)
                return;
            Remove(sizeClass, handle);
            PushHead(sizeClass, handle);
        }
    }
}
