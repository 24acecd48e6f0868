// Slab memory: memcached's slabs.c without rebalancing. The budget (-m) is a whole number of
// 1 MB pages; a page is allocated the first time a size class needs one (lazily, never beyond
// the budget, never freed) and carved into that class's chunks. An item lives in one chunk:
// its key bytes, then its value bytes. A freed chunk goes on its class's free list (intrusive,
// through freeNext) and is reused before any fresh chunk is carved.
//
// Item handles: page * ChunksPerPageMax + chunk index in the page, so a handle names its page,
// hence its class and byte offset, with no per-item allocation; per-item metadata lives in
// arrays indexed by handle, sized once at construction (HandleCount).
// Departure: memcached keeps its ~50-byte item header inside the chunk and counts it against
// -m; here the header is the parallel arrays (about 50 bytes per possible handle), outside the
// budget, and a chunk holds only key and value.
//
// Invariant: a handle is in exactly one of {free list of its class, uncarved, in use}; pages
// assigned * PageSizeBytes <= budget, so the chunks handed out never exceed the budget.
// Caller rules: single-threaded (the server locks around the store); TryAllocate fails when the
// class has no free chunk and the budget has no page left: the caller evicts and retries.
using System;
using OSv.Core.Diagnostics;

namespace Memcached.Store
{
    public sealed class SlabAllocator
    {
        private readonly SlabClasses classes;
        private readonly byte[][] pages;
        private readonly int[] pageClass;
        private readonly int[] freeHead;
        private readonly int[] carvePage;
        private readonly int[] carveNextChunk;
        private readonly int[] freeNext;
        private readonly bool[] inUse;
        private readonly byte[] keyLength;
        private readonly int[] valueLength;
        private int pagesAssigned;

        public int PageCountMax { get; }
        public int HandleCount { get; }
        public int PagesAssigned => pagesAssigned;
        public SlabClasses Classes => classes;

        public SlabAllocator(long memoryLimitBytes, int itemSizeMaxBytes)
        {
            long pageCount = memoryLimitBytes / StoreLimits.PageSizeBytes;
            Invariant.Assert(pageCount >= 1, "memory limit below one page");
            Invariant.Assert(pageCount * StoreLimits.ChunksPerPageMax <= int.MaxValue, "memory limit too large for int handles");
            PageCountMax = (int)pageCount;
            HandleCount = PageCountMax * StoreLimits.ChunksPerPageMax;
            classes = new SlabClasses(itemSizeMaxBytes);
            pages = new byte[PageCountMax][];
            pageClass = new int[PageCountMax];
            freeHead = new int[StoreLimits.SizeClassCountMax];
            carvePage = new int[StoreLimits.SizeClassCountMax];
            carveNextChunk = new int[StoreLimits.SizeClassCountMax];
            freeNext = new int[HandleCount];
            inUse = new bool[HandleCount];
            keyLength = new byte[HandleCount];
            valueLength = new int[HandleCount];
            for (int sizeClass = 0; sizeClass < StoreLimits.SizeClassCountMax; sizeClass++)
            {
                freeHead[sizeClass] = -1;
                carvePage[sizeClass] = -1;
            }
        }

        public bool InUse(int handle) => inUse[handle];

        public int ClassOfHandle(int handle) => pageClass[handle / StoreLimits.ChunksPerPageMax];

        // A chunk of sizeClass: from its free list, else carved from its current page, else from
        // a new page while the budget lasts. -1 when all three fail.
        public int TryAllocate(int sizeClass)
        {
            int handle = freeHead[sizeClass];
            if (handle >= 0)
            {
                freeHead[sizeClass] = freeNext[handle];
                return Claim(handle);
            }
            int page = carvePage[sizeClass];
            if (page < 0 || carveNextChunk[sizeClass] == classes.ChunksPerPage(sizeClass))
            {
                if (pagesAssigned == PageCountMax)
                    return -1;
                page = pagesAssigned++;
                pages[page] = new byte[StoreLimits.PageSizeBytes];
                pageClass[page] = sizeClass;
                carvePage[sizeClass] = page;
                carveNextChunk[sizeClass] = 0;
            }
            return Claim(page * StoreLimits.ChunksPerPageMax + carveNextChunk[sizeClass]++);
        }

        public void Free(int handle)
        {
            Invariant.Assert(inUse[handle], "slab chunk freed twice");
            inUse[handle] = false;
            int sizeClass = ClassOfHandle(handle);
            freeNext[handle] = freeHead[sizeClass];
            freeHead[sizeClass] = handle;
        }

        // Records the item's shape; its bytes are then written through Key and Value.
        public void Shape(int handle, int keyBytes, int valueBytes)
        {
            Invariant.Assert(keyBytes + valueBytes <= classes.ChunkSizeBytes(ClassOfHandle(handle)), "item larger than its chunk");
            keyLength[handle] = (byte)keyBytes;
            valueLength[handle] = valueBytes;
        }

        public int ItemBytes(int handle) => keyLength[handle] + valueLength[handle];

        public Span<byte> Key(int handle) => Chunk(handle).Slice(0, keyLength[handle]);

        public Span<byte> Value(int handle) => Chunk(handle).Slice(keyLength[handle], valueLength[handle]);

        private Span<byte> Chunk(int handle)
        {
            int page = handle / StoreLimits.ChunksPerPageMax;
            int chunkBytes = classes.ChunkSizeBytes(pageClass[page]);
            int offset = (handle % StoreLimits.ChunksPerPageMax) * chunkBytes;
            return new Span<byte>(pages[page], offset, chunkBytes);
        }

        private int Claim(int handle)
        {
            Invariant.Assert(!inUse[handle], "slab chunk handed out twice");
            inUse[handle] = true;
            return handle;
        }
    }
}
