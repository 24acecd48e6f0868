// The interim object heap: a bump allocator over chunks of memory. Boot hands over a small first
// region; when it runs out, the kernel's AllocateHeapChunk service supplies another (from the
// page-frame allocator), and the rest of the old chunk is abandoned. Nothing is freed: a garbage
// collector replaces this with the real base library (issue 4). Objects never move, so an
// object's address is stable for its lifetime.
//
// Every CPU allocates here, and a thread may be preempted at any instruction, or interrupted by a
// handler that allocates too. So the common path takes no lock: one atomic add on the current
// chunk's bump pointer claims a range, which is the caller's if it ends within the chunk. Each
// chunk keeps its bump pointer and its end together in a header at its start, so a thread that
// read the current chunk just before a switch still checks against that chunk's end, never
// another's; chunks are never freed, so a stale chunk pointer stays harmless. An add that
// overshoots leaves the bump pointer past the end: the chunk's tail is abandoned for everyone.
// Switching chunks takes a spinlock, so that CPUs finding the chunk full together ask the
// kernel for one chunk, not one each. A request that does not fit what is left gets a chunk of
// its own, and the heap moves there only if that leaves more room: one large array does not
// throw away most of a chunk.
//
// Layout of one allocation: [header word][MethodTable*][fields...]; the object reference points
// at the MethodTable word, as the NativeAOT ABI requires, and BaseSize counts the header.
using System.Threading;

namespace Internal.Runtime
{
    public static unsafe class Heap
    {
        private const nuint Alignment = 8;

        // Far above any real request (an array is at most 2^31 elements of 2^16 bytes), and low
        // enough that a bump pointer can never wrap however many adds overshoot.
        private const ulong RequestBytesMax = 1UL << 48;

        private struct ChunkHeader
        {
            public long Next;   // address of the first free byte; past End once the chunk is spent
            public long End;    // fixed when the chunk is set up
        }

        private static nint s_current;              // ChunkHeader*; null until Initialize
        private static long s_allocatedBytes;
        private static InterruptsOffSpinLock s_switchLock;

        public static nuint AllocatedBytes => (nuint)Volatile.Read(ref s_allocatedBytes);

        // What is left in the current chunk; a moment's view while other CPUs allocate.
        public static nuint FreeBytes
        {
            get
            {
                ChunkHeader* chunk = (ChunkHeader*)Volatile.Read(ref s_current);
                if (chunk == null)
                    return 0;
                long free = chunk->End - Volatile.Read(ref chunk->Next);
                return free > 0 ? (nuint)free : 0;
            }
        }

        // At boot, before a second thread or CPU runs.
        public static void Initialize(byte* start, nuint sizeBytes)
        {
            Volatile.Write(ref s_current, (nint)SetUpChunk(start, sizeBytes));
        }

        // Returns zeroed memory for an object of sizeBytes (header included), or panics.
        public static byte* AllocateObject(nuint sizeBytes)
        {
            if ((ulong)sizeBytes > RequestBytesMax)
                RuntimeFailure.OutOfMemory(sizeBytes);
            sizeBytes = (sizeBytes + Alignment - 1) & ~(Alignment - 1);
            byte* block;
            while (true)
            {
                ChunkHeader* chunk = (ChunkHeader*)Volatile.Read(ref s_current);
                if (chunk != null)
                {
                    block = TryBump(chunk, (long)sizeBytes);
                    if (block != null)
                        break;
                }
                block = Grow(chunk, sizeBytes);
                if (block != null)
                    break;
            }
            Interlocked.ExchangeAdd(ref s_allocatedBytes, (long)sizeBytes);
            Clear(block, sizeBytes);
            return block + sizeof(nint);
        }

        // Null when the chunk cannot hold the request. A request that plainly does not fit is not
        // added, so that it leaves the tail to smaller ones; one that loses a race to fit is.
        private static byte* TryBump(ChunkHeader* chunk, long sizeBytes)
        {
            if (Volatile.Read(ref chunk->Next) + sizeBytes > chunk->End)
                return null;
            long start = Interlocked.ExchangeAdd(ref chunk->Next, sizeBytes);
            if (start + sizeBytes > chunk->End)
                return null;
            return (byte*)start;
        }

        // The slow path, after `seen` could not hold the request. Returns null when another thread
        // switched chunks meanwhile (the caller tries the new one), otherwise the block, carved
        // from a chunk the kernel supplies before any other thread can see that chunk.
        private static byte* Grow(ChunkHeader* seen, nuint sizeBytes)
        {
            ulong flags = s_switchLock.Enter();
            ChunkHeader* current = (ChunkHeader*)s_current;
            if (current != seen)
            {
                s_switchLock.Exit(flags);
                return null;
            }
            // A chunk's room only shrinks, so `seen` still cannot hold the request: ask the kernel.
            // With interrupts off, which its frame allocator's lock expects anyway.
            nuint requestBytes = sizeBytes + (nuint)sizeof(ChunkHeader) + Alignment;
            nuint chunkBytes = 0;
            byte* memory = KernelServices.AllocateHeapChunk == null
                ? null
                : KernelServices.AllocateHeapChunk(requestBytes, &chunkBytes);
            if (memory == null || chunkBytes < requestBytes)
            {
                s_switchLock.Exit(flags);
                RuntimeFailure.OutOfMemory(sizeBytes);
            }
            ChunkHeader* fresh = SetUpChunk(memory, chunkBytes);
            byte* block = (byte*)fresh->Next;
            fresh->Next += (long)sizeBytes;
            if (current == null || fresh->End - fresh->Next > current->End - Volatile.Read(ref current->Next))
                Volatile.Write(ref s_current, (nint)fresh);
            s_switchLock.Exit(flags);
            return block;
        }

        private static ChunkHeader* SetUpChunk(byte* start, nuint sizeBytes)
        {
            ChunkHeader* chunk = (ChunkHeader*)(((nuint)start + Alignment - 1) & ~(Alignment - 1));
            chunk->Next = (long)(chunk + 1);
            chunk->End = (long)(start + sizeBytes);
            return chunk;
        }

        // Memory handed over by the kernel is not guaranteed to be zero, and C# requires it.
        private static void Clear(byte* destination, nuint length)
        {
            ulong* words = (ulong*)destination;
            for (nuint i = 0; i < length / 8; i++)
                words[i] = 0;
        }
    }
}
