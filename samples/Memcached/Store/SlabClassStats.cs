// One size class's figures for "stats slabs" and "stats items", named after memcached 1.6.18's
// fields (checked against its output); the server formats them as "STAT <id>:<name> <value>"
// and "STAT items:<id>:<name> <value>". memcached numbers classes from 1 (ClassId), prints a
// class in "stats slabs" only when it has pages and in "stats items" only when Number > 0.
// Fields memcached prints that this store has no mechanism for (number_hot/warm/cold,
// age_hot/warm, tailrepairs, evicted_active, lrutail_reflocked, moves_*, direct_reclaims,
// hits_to_*) are 0 in this store: one LRU per class, no sub-LRUs, no reference-locked tails.
// A plain value snapshot: ItemStore.GetClassStats fills one without allocating.
namespace Memcached.Store
{
    public struct SlabClassStats
    {
        public int ClassId;             // memcached's slab class id: index + 1

        // stats slabs
        public int ChunkSizeBytes;      // chunk_size
        public int ChunksPerPage;       // chunks_per_page
        public long TotalPages;         // total_pages
        public long TotalChunks;        // total_chunks
        public long UsedChunks;         // used_chunks
        public long FreeChunks;         // free_chunks: freed or not yet carved
        public long FreeChunksEnd;      // free_chunks_end: 0, as memcached 1.6 prints
        public long GetHits;            // get_hits
        public long CmdSet;             // cmd_set: storage commands whose item as sent is this class
        public long DeleteHits;         // delete_hits
        public long IncrHits;           // incr_hits
        public long DecrHits;           // decr_hits
        public long CasHits;            // cas_hits
        public long CasBadValue;        // cas_badval
        public long TouchHits;          // touch_hits

        // stats items
        public long Number;             // number: items linked
        public long AgeSeconds;         // age: seconds since the LRU tail item was accessed
        public long MemRequestedBytes;  // mem_requested: header + key + value of those items
        public long Evicted;            // evicted: live items removed to make room
        public long EvictedNonzero;     // evicted_nonzero: of those, with an exptime set
        public long EvictedTimeSeconds; // evicted_time: the last evicted item's idle seconds
        public long OutOfMemory;        // outofmemory: stores of this class that found no chunk
        public long Reclaimed;          // reclaimed: dead items whose chunk a store reused
        public long ExpiredUnfetched;   // expired_unfetched: reclaimed expired, never fetched
        public long EvictedUnfetched;   // evicted_unfetched: evicted, never fetched
        public long CrawlerReclaimed;   // crawler_reclaimed
        public long CrawlerItemsChecked; // crawler_items_checked
    }
}
