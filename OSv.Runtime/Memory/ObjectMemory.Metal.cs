// The boot object memory: where objects live before the collector's heap can take allocation
// over (the page allocator does not exist while CoreLib's InitializeModules builds the statics,
// and the kernel's bring-up allocates before Main). Allocate returns zeroed, 8-byte-aligned
// memory, bump-allocated in chunks: the first is the bootstrap region boot hands over, later
// ones are page runs from OSv.Core's PageMemory. Nothing here is ever freed.
//
// Once GcRuntime.EnableHeapAllocation runs (before Main), new objects come from the GcHeap and
// this memory is sealed: its objects are immortal, and the used part of every chunk is a root
// range the collector scans conservatively (Gc/ImageRoots.Metal.cs: statics objects, the
// kernel's threads and schedulers live here and point into the heap). Conservative rather than
// an object walk: simpler, and a chunk's used part is nothing but objects, so the only cost is
// an occasional false retention.
//
// TakeTablePages carves whole pages from the top of the bootstrap region for the collector's
// tables (handles, mark stack): they sit above the bump pointer, outside the scanned range, so a
// weak handle's slot is never mistaken for a root.
//
// Every CPU may allocate here during boot, so the bump takes an interrupts-off spinlock.
using Internal.Runtime;
using System.Threading;
using OSv.Core.Memory;

namespace OSv.Runtime.Memory
{
    internal static unsafe class ObjectMemory
    {
        private const nuint Alignment = 8;
        private const int ChunkPagesMin = 64;           // 256 KiB
        private const int PageBytes = 4096;
        private const ulong RequestBytesMax = 1UL << 40;
        public const int ChunksMax = 64;

        private struct ChunkTable
        {
            public fixed long Starts[ChunksMax];
            public fixed long Ends[ChunksMax];   // end of the used part once the chunk is left
        }

        private static byte* s_next;
        private static byte* s_end;
        private static long s_allocatedBytes;
        private static InterruptsOffSpinLock s_lock; // OSv.Core's: interrupts off while held
        private static ChunkTable s_chunks;
        private static int s_chunkCount;
        private static bool s_sealed;

        public static long AllocatedBytes => Volatile.Read(ref s_allocatedBytes);

        public static bool IsSealed => Volatile.Read(ref s_sealed);

        public static int ChunkCount => s_chunkCount;

        // The used part of chunk index (the current chunk: up to the bump pointer).
        public static void UsedRange(int index, out byte* start, out byte* end)
        {
            start = (byte*)s_chunks.Starts[index];
            end = index == s_chunkCount - 1 ? s_next : (byte*)s_chunks.Ends[index];
        }

        // At boot, before a second thread runs: the first chunk.
        public static void Initialize(byte* start, nuint sizeBytes)
        {
            s_next = (byte*)(((nuint)start + Alignment - 1) & ~(Alignment - 1));
            s_end = start + sizeBytes;
            s_chunks.Starts[0] = (long)s_next;
            s_chunkCount = 1;
        }

        // count whole pages from the top of the current chunk, for tables the collector keeps
        // for good; null when the chunk cannot spare them. Boot only (single CPU).
        public static byte* TakeTablePages(int count)
        {
            byte* top = (byte*)((nuint)s_end & ~(nuint)(PageBytes - 1));
            byte* pages = top - (nuint)count * PageBytes;
            if (pages < s_next || pages >= top)
                return null;
            s_end = pages;
            new System.Span<byte>(pages, count * PageBytes).Clear();
            return pages;
        }

        // No allocation here after this: the collector's heap takes over. Under the lock, so a
        // racing boot allocation either finished before (inside the scanned range) or panics.
        public static void Seal()
        {
            ulong flags = s_lock.Enter();
            Volatile.Write(ref s_sealed, true);
            s_lock.Exit(flags);
        }

        // Zeroed memory for an object of `bytes` (header word included); panics when out of memory.
        public static byte* Allocate(nuint bytes)
        {
            if ((ulong)bytes > RequestBytesMax)
                Fail.OutOfMemory(bytes);
            bytes = (bytes + Alignment - 1) & ~(Alignment - 1);
            ulong flags = s_lock.Enter();
            if (s_sealed)
                Fail.Stop("runtime: boot object memory used after the collector's heap took over"u8);
            if ((nuint)(s_end - s_next) < bytes)
                TakeChunk(bytes);
            byte* block = s_next;
            s_next += bytes;
            s_lock.Exit(flags);
            Interlocked.Add(ref s_allocatedBytes, (long)bytes);
            MemoryClear.Words(block, bytes);
            return block;
        }

        // Under the lock: the rest of the current chunk is abandoned (its used end recorded).
        private static void TakeChunk(nuint bytes)
        {
            if (s_chunkCount == ChunksMax)
                Fail.Stop("runtime: more boot object chunks than ObjectMemory.ChunksMax"u8);
            int pages = (int)((bytes + PageBytes - 1) / PageBytes);
            if (pages < ChunkPagesMin)
                pages = ChunkPagesMin;
            byte* chunk = PageMemory.TryAllocatePages(pages);
            if (chunk == null)
                Fail.OutOfMemory(bytes);
            s_chunks.Ends[s_chunkCount - 1] = (long)s_next;
            s_chunks.Starts[s_chunkCount] = (long)chunk;
            s_chunkCount++;
            s_next = chunk;
            s_end = chunk + (nuint)pages * PageBytes;
        }
    }
}
