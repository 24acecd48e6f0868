// Slab memory: memcached's slabs.c without rebalancing. The budget (-m) is a whole number of
// 1 MB pages; a page is allocated the first time a size class needs one (lazily, never beyond
// the budget, never freed) and carved into that class's chunks on demand. An item lives in one
// chunk: ItemHeader, key bytes, value bytes. A freed chunk goes on its class's free list
// (intrusive, through the header's HashNext) and is reused before any fresh chunk is carved.
//
// Memory accounting (the decision): all per-item bookkeeping is the 56-byte header inside the
// chunk, so it counts against -m exactly as memcached's item header does; outside the budget
// are only O(pages) and O(classes) tables (OverheadBytes): at -m 64, 64 pages, about 1.8 KB
// here plus ItemTable's buckets. (The first version kept ~57 bytes per *possible* handle in
// parallel arrays: 64 × 10922 handles ≈ 40 MB outside a 64 MB budget.) Costs per item: 56
// bytes of header + key + value, rounded up to the class's chunk (≤ 25% slack, as memcached).
//
// Item handles: page * ChunksPerPageMax + chunk index in the page, so a handle names its page,
// hence its class and byte offset, with no per-item table.
//
// Pages come in groups of PagesPerGroup, one array each, allocated when the group's first page
// is assigned. Why groups: the interim heap gave a lone 1 MB array a 2 MB chunk; on the
// collector's heap any large object is a page run of its own (run header + object rounded up to
// 4 KB frames), so a 1 MB array would cost one extra frame and a group costs one per 8 MB. The
// groups stay for that and for fewer, larger objects; pages are never freed (memcached's slabs
// without rebalancing: the budget is held once assigned), so the collector only marks them.
//
// Invariant: a carved chunk is in exactly one of {free list of its class, in use}; chunks past
// carveNextChunk of a class's carve page are uncarved and never read; pages assigned ×
// PageSizeBytes <= budget, so the chunks handed out never exceed the budget.
// Caller rules: single-threaded (the server locks around the store); TryAllocate fails when the
// class has no free chunk and the budget has no page left: the caller evicts and retries.
using System;
using OSv.Core.Diagnostics;

namespace Memcached.Store
{
    public sealed class SlabAllocator
    {
        // Managed array object header (method table + length, padded) counted in OverheadBytes.
        public const int ArrayObjectHeaderBytes = 24;

        private readonly SlabClasses classes;
        public const int PagesPerGroup = 8;
        private const int PagesPerGroupShift = 3;

        private readonly byte[]?[] pageGroups;
        private readonly int[] pageChunkBytes;
        private readonly byte[] pageClass;
        private readonly int[] freeHead = new int[StoreLimits.SizeClassCountMax];
        private readonly int[] freeCount = new int[StoreLimits.SizeClassCountMax];
        private readonly int[] carvePage = new int[StoreLimits.SizeClassCountMax];
        private readonly int[] carveNextChunk = new int[StoreLimits.SizeClassCountMax];
        private readonly int[] classPages = new int[StoreLimits.SizeClassCountMax];
        private int pagesAssigned;

        public int PageCountMax { get; }
        public int PagesAssigned => pagesAssigned;
        public SlabClasses Classes => classes;

        // Bytes this allocator holds outside the budget: its tables, all O(pages) or O(classes).
        public long OverheadBytes =>
            ArrayBytes(pageGroups.Length, 8) + ArrayBytes(pageChunkBytes.Length, 4) + ArrayBytes(pageClass.Length, 1)
            + 5 * ArrayBytes(StoreLimits.SizeClassCountMax, 4) + classes.OverheadBytes;

        public SlabAllocator(long memoryLimitBytes, int itemSizeMaxBytes)
        {
            long pageCount = memoryLimitBytes / StoreLimits.PageSizeBytes;
            Invariant.Assert(pageCount >= 1, "memory limit below one page");
            Invariant.Assert(pageCount * StoreLimits.ChunksPerPageMax <= int.MaxValue, "memory limit too large for int handles");
            PageCountMax = (int)pageCount;
            classes = new SlabClasses(itemSizeMaxBytes);
            pageGroups = new byte[(PageCountMax + PagesPerGroup - 1) / PagesPerGroup][];
            pageChunkBytes = new int[PageCountMax];
            pageClass = new byte[PageCountMax];
            for (int sizeClass = 0; sizeClass < StoreLimits.SizeClassCountMax; sizeClass++)
            {
                freeHead[sizeClass] = -1;
                carvePage[sizeClass] = -1;
            }
        }

        public static long ArrayBytes(long length, int elementBytes) => ArrayObjectHeaderBytes + length * elementBytes;

        // A chunk of sizeClass: from its free list, else carved from its current page, else from
        // a new page while the budget lasts. -1 when all three fail.
        public int TryAllocate(int sizeClass)
        {
            int handle = freeHead[sizeClass];
            if (handle >= 0)
            {
                freeHead[sizeClass] = ItemHeader.HashNext(ref Header(handle));
                freeCount[sizeClass]--;
                return Claim(handle);
            }
            int page = carvePage[sizeClass];
            if (page < 0 || carveNextChunk[sizeClass] == classes.ChunksPerPage(sizeClass))
            {
                if (pagesAssigned == PageCountMax)
                    return -1;
                page = pagesAssigned++;
                AllocateGroupOf(page);
                pageChunkBytes[page] = classes.ChunkSizeBytes(sizeClass);
                pageClass[page] = (byte)sizeClass;
                classPages[sizeClass]++;
                carvePage[sizeClass] = page;
                carveNextChunk[sizeClass] = 0;
            }
            // A fresh chunk's bytes are whatever the page held: set the state, do not read it.
            int fresh = page * StoreLimits.ChunksPerPageMax + carveNextChunk[sizeClass]++;
            ItemHeader.SetState(ref Header(fresh), ItemHeader.StateInUse);
            ItemHeader.SetMetaBits(ref Header(fresh), 0);
            return fresh;
        }

        public void Free(int handle)
        {
            ref byte header = ref Header(handle);
            Invariant.Assert(ItemHeader.Has(ref header, ItemHeader.StateInUse), "slab chunk freed twice");
            ItemHeader.SetState(ref header, 0);
            int sizeClass = ClassOfHandle(handle);
            ItemHeader.SetHashNext(ref header, freeHead[sizeClass]);
            freeHead[sizeClass] = handle;
            freeCount[sizeClass]++;
        }

        // Whether handle names a carved chunk that is handed out. Any handle below
        // PagesAssigned * ChunksPerPageMax may be asked (the crawler walks them all).
        public bool InUse(int handle) =>
            handle >= 0 && handle < pagesAssigned * StoreLimits.ChunksPerPageMax
            && handle % StoreLimits.ChunksPerPageMax < ChunksCarved(handle / StoreLimits.ChunksPerPageMax)
            && ItemHeader.Has(ref Header(handle), ItemHeader.StateInUse);

        // Chunks of page handed out at least once: all of it, or up to the carve point.
        public int ChunksCarved(int page)
        {
            int sizeClass = pageClass[page];
            return carvePage[sizeClass] == page ? carveNextChunk[sizeClass] : classes.ChunksPerPage(sizeClass);
        }

        public int ClassOfHandle(int handle) => pageClass[handle / StoreLimits.ChunksPerPageMax];

        // The first byte of handle's chunk, where its ItemHeader starts. The array index is
        // bounds-checked; ItemHeader's accessors stay within the chunk (its invariant).
        public ref byte Header(int handle)
        {
            int page = handle / StoreLimits.ChunksPerPageMax;
            int index = handle - page * StoreLimits.ChunksPerPageMax;
            return ref PageGroup(page)[PageBase(page) + index * pageChunkBytes[page]];
        }

        private void AllocateGroupOf(int page)
        {
            int group = page >> PagesPerGroupShift;
            if (pageGroups[group] != null)
                return;
            int firstPage = group << PagesPerGroupShift;
            int groupPages = PageCountMax - firstPage < PagesPerGroup ? PageCountMax - firstPage : PagesPerGroup;
            pageGroups[group] = new byte[groupPages * StoreLimits.PageSizeBytes];
        }

        private byte[] PageGroup(int page) => pageGroups[page >> PagesPerGroupShift]!;

        private static int PageBase(int page) => (page & (PagesPerGroup - 1)) * StoreLimits.PageSizeBytes;

        // Records the item's shape; its bytes are then written through Key and Value.
        public void Shape(int handle, int keyBytes, int valueBytes)
        {
            Invariant.Assert(ItemHeader.SizeBytes + keyBytes + valueBytes <= classes.ChunkSizeBytes(ClassOfHandle(handle)), "item larger than its chunk");
            ref byte header = ref Header(handle);
            ItemHeader.SetKeyLength(ref header, keyBytes);
            ItemHeader.SetValueLength(ref header, valueBytes);
        }

        // Header, key and value: what the item takes of its chunk (memcached's ITEM_ntotal).
        public int ItemBytes(int handle)
        {
            ref byte header = ref Header(handle);
            return ItemHeader.SizeBytes + ItemHeader.KeyLength(ref header) + ItemHeader.ValueLength(ref header);
        }

        public Span<byte> Key(int handle)
        {
            int page = handle / StoreLimits.ChunksPerPageMax;
            int offset = PageBase(page) + (handle - page * StoreLimits.ChunksPerPageMax) * pageChunkBytes[page];
            byte[] group = PageGroup(page);
            int keyBytes = group[offset + ItemHeader.KeyLengthOffset];
            return new Span<byte>(group, offset + ItemHeader.SizeBytes, keyBytes);
        }

        public Span<byte> Value(int handle)
        {
            int page = handle / StoreLimits.ChunksPerPageMax;
            int offset = PageBase(page) + (handle - page * StoreLimits.ChunksPerPageMax) * pageChunkBytes[page];
            byte[] group = PageGroup(page);
            ref byte header = ref group[offset];
            int start = offset + ItemHeader.SizeBytes + ItemHeader.KeyLength(ref header);
            return new Span<byte>(group, start, ItemHeader.ValueLength(ref header));
        }

        // Per-class figures for "stats slabs".
        public int PagesOfClass(int sizeClass) => classPages[sizeClass];

        public int FreeChunks(int sizeClass) => freeCount[sizeClass];

        // Uncarved chunks at the end of the class's newest page (memcached's free_chunks_end).
        public int FreeChunksEnd(int sizeClass) =>
            carvePage[sizeClass] < 0 ? 0 : classes.ChunksPerPage(sizeClass) - carveNextChunk[sizeClass];

        private int Claim(int handle)
        {
            ref byte header = ref Header(handle);
            Invariant.Assert(!ItemHeader.Has(ref header, ItemHeader.StateInUse), "slab chunk handed out twice");
            ItemHeader.SetState(ref header, ItemHeader.StateInUse);
            ItemHeader.SetMetaBits(ref header, 0);
            return handle;
        }
    }
}
