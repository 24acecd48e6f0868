// Bounds of the item store, in one place (style rule 3). memcached's own figures come from its
// command line (-m, -I, -n, -f) and slabs.c; the rest are ours and say why.
namespace Memcached.Store
{
    public static class StoreLimits
    {
        // memcached's slab page ("settings.slab_page_size", 1 MB): the unit a size class is given
        // memory in. A page, once assigned to a class, stays with it (no slab rebalancing yet).
        public const int PageSizeBytes = 1024 * 1024;

        // -I default: the largest item (key plus value here) the store accepts. At most one page.
        public const int ItemSizeMaxDefaultBytes = PageSizeBytes;

        // -n 48 plus memcached's item header makes its smallest chunk 96 bytes; ours holds the
        // 56-byte ItemHeader and 40 bytes of key and value.
        public const int ChunkSizeMinBytes = 96;

        // -f 1.25, as the integer ratio 5/4; chunk sizes are 8-byte aligned (CHUNK_ALIGN_BYTES).
        public const int GrowthNumerator = 5;
        public const int GrowthDenominator = 4;
        public const int ChunkAlignBytes = 8;

        // memcached's MAX_NUMBER_OF_SLAB_CLASSES; 96 bytes to 1 MB at 1.25 needs 42.
        public const int SizeClassCountMax = 64;

        // The most chunks one page can hold: every item handle is page * this + chunk.
        public const int ChunksPerPageMax = PageSizeBytes / ChunkSizeMinBytes;

        // The key index (ItemTable): 2^10 buckets to start (4 KB; memcached starts at 2^16 and
        // -o hashpower), doubling when items exceed 3/2 per bucket (assoc.c's trigger), and
        // migrating this many old buckets per insert while it grows.
        public const int HashBucketCountInitial = 1024;
        public const int HashGrowthLoadNumerator = 3;
        public const int HashGrowthLoadDenominator = 2;
        public const int HashMigrationBucketsPerStep = 4;

        // protocol.txt, "Storage commands": an exptime above 30 days is an absolute Unix time.
        public const long RelativeExptimeMaxSeconds = 60 * 60 * 24 * 30;

        // memcached's item_alloc tries this many LRU tail items for an expired one before it
        // evicts a live one (lru_pull_tail's search depth).
        public const int EvictionSearchDepth = 5;

        // Compile-time relations (a false one makes the constant 256, which a byte cannot hold).
        private const byte ItemFitsPage = ItemSizeMaxDefaultBytes <= PageSizeBytes ? 0 : 256;
        private const byte HeaderFitsSmallestChunk = ItemHeader.SizeBytes < ChunkSizeMinBytes ? 0 : 256;
        private const byte HeaderKeepsKeyAligned = ItemHeader.SizeBytes % ChunkAlignBytes == 0 ? 0 : 256;
        private const byte ClassFitsHeaderByte = SizeClassCountMax <= 256 ? 0 : 256;
        private const byte SmallestChunkAligned = ChunkSizeMinBytes % ChunkAlignBytes == 0 ? 0 : 256;
    }
}
