// The memory interface dispatch caches live in: runtime memory, never the collector's heap (the
// stub reads caches with no object header and no GC reporting). A bump arena over chunks taken
// from a page source on demand, at most ChunkCountMax chunks of ChunkBytes: the bound on all
// dispatch caches, live and retired, of an image. Nothing is ever freed (DispatchCellCache says
// why retired caches must outlive their readers); when the bound is reached Allocate returns null
// and cells stop gaining entries, which costs speed, never correctness.
//
// Caller rules: Allocate only while holding UpdateLock (DispatchCellCache.Update); memory the
// page source returns is zeroed (Pal/PalPages guarantees it; tests pass zeroed blocks).
namespace OSv.Runtime.Interop
{
    internal unsafe struct DispatchCacheArena
    {
        public const int ChunkBytes = 64 * 1024;
        public const int ChunkCountMax = 16; // 1 MiB: ~32,000 monomorphic caches

        public int UpdateLock;                 // 0 free, 1 held (DispatchCellCache.Update)
        public int ChunkCount;
        public byte* Chunk;
        public nuint ChunkUsedBytes;
        public delegate*<nuint, byte*> TakeZeroedChunk; // ChunkBytes, 16-byte aligned, or null

        public static byte* Allocate(DispatchCacheArena* arena, nuint bytes)
        {
            bytes = (bytes + DispatchCellCache.Alignment - 1) & ~(nuint)(DispatchCellCache.Alignment - 1);
            if (bytes > ChunkBytes)
                return null;
            if (arena->Chunk == null || arena->ChunkUsedBytes + bytes > ChunkBytes)
            {
                if (arena->ChunkCount >= ChunkCountMax)
                    return null;
                byte* chunk = arena->TakeZeroedChunk(ChunkBytes);
                if (chunk == null)
                    return null;
                arena->Chunk = chunk;
                arena->ChunkUsedBytes = 0;
                arena->ChunkCount++;
            }
            byte* block = arena->Chunk + arena->ChunkUsedBytes;
            arena->ChunkUsedBytes += bytes;
            return block;
        }
    }
}
