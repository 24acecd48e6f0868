// Counters for "stats" (protocol.txt, "General-purpose statistics"), named after memcached's
// fields. Plain fields: the store is single-threaded and the server reads them under its lock.
namespace Memcached.Store
{
    public sealed class StoreStats
    {
        public long CurrentItems;     // curr_items
        public long TotalItems;       // total_items: items ever stored
        public long Bytes;            // bytes: header + key + value bytes of live items (ITEM_ntotal)
        public long LimitMaxBytes;    // limit_maxbytes
        public long Evictions;        // evictions: live items removed to make room
        public long Reclaimed;        // reclaimed: dead items whose chunk was reused
        public long CrawlerReclaimed; // crawler_reclaimed
        public long CmdGet;           // cmd_get (one per key)
        public long CmdSet;           // cmd_set (every storage command)
        public long CmdTouch;         // cmd_touch
        public long CmdFlush;         // cmd_flush
        public long GetHits;          // get_hits
        public long GetMisses;        // get_misses
        public long GetExpired;       // get_expired
        public long GetFlushed;       // get_flushed
        public long DeleteHits;       // delete_hits
        public long DeleteMisses;     // delete_misses
        public long IncrHits;         // incr_hits
        public long IncrMisses;       // incr_misses
        public long DecrHits;         // decr_hits
        public long DecrMisses;       // decr_misses
        public long CasHits;          // cas_hits
        public long CasMisses;        // cas_misses
        public long CasBadValue;      // cas_badval
        public long TouchHits;        // touch_hits
        public long TouchMisses;      // touch_misses
        public long OutOfMemory;      // outofmemory
        public long PagesAssigned;    // total_malloced / 1 MB
    }
}
