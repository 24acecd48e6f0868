// Least-recently-used order per size class: memcached's per-class LRU (items.c), one doubly
// linked list per class threaded through prev/next arrays indexed by item handle. The head is
// the most recently used item, the tail the eviction candidate.
// Departure: memcached moves an item to the head at most once a minute (ITEM_UPDATE_INTERVAL)
// and splits each class into hot/warm/cold sub-LRUs; here every hit moves it to the head.
//
// Invariant: a handle is linked in at most one list (linked[] says which); count[c] is the
// length of list c. Caller rule: link a handle only into the list of its own class.
using OSv.Core.Diagnostics;

namespace Memcached.Store
{
    public sealed class LruList
    {
        private readonly int[] previous;
        private readonly int[] next;
        private readonly bool[] linked;
        private readonly int[] head = new int[StoreLimits.SizeClassCountMax];
        private readonly int[] tail = new int[StoreLimits.SizeClassCountMax];
        private readonly int[] count = new int[StoreLimits.SizeClassCountMax];

        public LruList(int handleCount)
        {
            previous = new int[handleCount];
            next = new int[handleCount];
            linked = new bool[handleCount];
            for (int sizeClass = 0; sizeClass < StoreLimits.SizeClassCountMax; sizeClass++)
            {
                head[sizeClass] = -1;
                tail[sizeClass] = -1;
            }
        }

        public int Tail(int sizeClass) => tail[sizeClass];

        public int Count(int sizeClass) => count[sizeClass];

        // The next item towards the head from handle, or -1.
        public int Newer(int handle) => previous[handle];

        public bool IsLinked(int handle) => linked[handle];

        public void PushHead(int sizeClass, int handle)
        {
            Invariant.Assert(!linked[handle], "lru link of a linked item");
            linked[handle] = true;
            previous[handle] = -1;
            next[handle] = head[sizeClass];
            if (head[sizeClass] >= 0)
                previous[head[sizeClass]] = handle;
            else
                tail[sizeClass] = handle;
            head[sizeClass] = handle;
            count[sizeClass]++;
        }

        public void Remove(int sizeClass, int handle)
        {
            Invariant.Assert(linked[handle], "lru unlink of an unlinked item");
            linked[handle] = false;
            int before = previous[handle];
            int after = next[handle];
            if (before >= 0)
                next[before] = after;
            else
                head[sizeClass] = after;
            if (after >= 0)
                previous[after] = before;
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
