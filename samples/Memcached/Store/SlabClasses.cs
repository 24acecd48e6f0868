// The size-class table: memcached's slabs_init. Class 0 holds chunks of ChunkSizeMinBytes; each
// next class is the previous times the growth factor (5/4), rounded up to 8 bytes, while that
// stays at most itemSizeMax / factor; the last class is exactly itemSizeMax, so any accepted
// item has a class. An item goes in the smallest class whose chunk holds it (slabs_clsid).
//
// Invariant: sizes strictly increase, the first is ChunkSizeMinBytes, the last itemSizeMax.
// Caller rule: itemSizeMaxBytes lies in [ChunkSizeMinBytes, PageSizeBytes].
using OSv.Core.Diagnostics;

namespace Memcached.Store
{
    public sealed class SlabClasses
    {
        private readonly int[] chunkSizeBytes = new int[StoreLimits.SizeClassCountMax];

        public int Count { get; }

        public SlabClasses(int itemSizeMaxBytes)
        {
            Invariant.Assert(itemSizeMaxBytes >= StoreLimits.ChunkSizeMinBytes, "item size limit below the smallest chunk");
            Invariant.Assert(itemSizeMaxBytes <= StoreLimits.PageSizeBytes, "item size limit above a page");
            int count = 0;
            int size = StoreLimits.ChunkSizeMinBytes;
            while (count < StoreLimits.SizeClassCountMax - 1
                && (long)size * StoreLimits.GrowthNumerator <= (long)itemSizeMaxBytes * StoreLimits.GrowthDenominator
                && size < itemSizeMaxBytes)
            {
                chunkSizeBytes[count++] = size;
                int next = (int)(((long)size * StoreLimits.GrowthNumerator + StoreLimits.GrowthDenominator - 1) / StoreLimits.GrowthDenominator);
                size = (next + StoreLimits.ChunkAlignBytes - 1) / StoreLimits.ChunkAlignBytes * StoreLimits.ChunkAlignBytes;
            }
            chunkSizeBytes[count++] = itemSizeMaxBytes;
            Count = count;
        }

        public long OverheadBytes => SlabAllocator.ArrayBytes(chunkSizeBytes.Length, 4);

        public int ChunkSizeBytes(int sizeClass) => chunkSizeBytes[sizeClass];

        public int ChunksPerPage(int sizeClass) => StoreLimits.PageSizeBytes / chunkSizeBytes[sizeClass];

        // The smallest class holding itemBytes, or -1 when it exceeds the largest.
        public int ClassOf(int itemBytes)
        {
            for (int sizeClass = 0; sizeClass < Count; sizeClass++)
            {
                if (itemBytes <= chunkSizeBytes[sizeClass])
                    return sizeClass;
            }
            return -1;
        }
    }
}
