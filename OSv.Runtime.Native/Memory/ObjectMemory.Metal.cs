// The object heap's one entry point until the collector (Gc/) takes it over: Allocate returns
// zeroed, 8-byte-aligned memory, bump-allocated in chunks. The first chunk is the bootstrap
// region boot hands over (no page allocator exists yet while CoreLib's statics are built); later
// chunks are page runs from OSv.Core's PageMemory. Nothing is freed yet.
//
// Every CPU allocates here and a thread may be preempted anywhere, so the bump takes an
// interrupts-off spinlock: allocation is rare enough in the spine's images that one lock is
// simpler than per-thread allocation contexts (the collector's helper replaces this path).
// Memory handed over by the boot region or the page allocator is not guaranteed zero: Allocate
// clears it, which the object model requires.
//
// Finalizable objects are recorded in a fixed table (RegisterFinalizable) for the collector; when
// it is full the object is simply not recorded and the count of dropped registrations grows.
using System.Threading;
using OSv.Core.Memory;

namespace OSv.Runtime.Native.Memory
{
    internal static unsafe class ObjectMemory
    {
        private const nuint Alignment = 8;
        private const int ChunkPagesMin = 64;           // 256 KiB
        private const int PageBytes = 4096;
        private const int FinalizableTableCapacity = 4096;
        private const ulong RequestBytesMax = 1UL << 40;

        private static byte* s_next;
        private static byte* s_end;
        private static long s_allocatedBytes;
        private static int s_lock;

        // In the image's .bss: finalizable objects appear in CoreLib's eager class constructors,
        // before the page allocator exists.
        private struct FinalizableTable
        {
            public fixed long Objects[FinalizableTableCapacity];
        }

        private static FinalizableTable s_finalizable;
        private static int s_finalizableCount;
        private static int s_finalizableDropped;

        public static long AllocatedBytes => Volatile.Read(ref s_allocatedBytes);
        public static int FinalizableCount => s_finalizableCount;
        public static int FinalizableDropped => s_finalizableDropped;
        public static nint FinalizableAt(int index) => (nint)s_finalizable.Objects[index];

        // At boot, before a second thread runs: the first chunk.
        public static void Initialize(byte* start, nuint sizeBytes)
        {
            s_next = (byte*)(((nuint)start + Alignment - 1) & ~(Alignment - 1));
            s_end = start + sizeBytes;
        }

        // Zeroed memory for an object of `bytes` (header word included); panics when out of memory.
        public static byte* Allocate(nuint bytes)
        {
            if ((ulong)bytes > RequestBytesMax)
                Fail.OutOfMemory(bytes);
            bytes = (bytes + Alignment - 1) & ~(Alignment - 1);
            ulong flags = SpinLock.Enter(ref s_lock);
            if ((nuint)(s_end - s_next) < bytes)
                TakeChunk(bytes);
            byte* block = s_next;
            s_next += bytes;
            SpinLock.Exit(ref s_lock, flags);
            Interlocked.Add(ref s_allocatedBytes, (long)bytes);
            MemoryClear.Words(block, bytes);
            return block;
        }

        // Records an object whose finalizer must run once it is unreachable.
        public static void RegisterFinalizable(nint obj)
        {
            ulong flags = SpinLock.Enter(ref s_lock);
            if (s_finalizableCount < FinalizableTableCapacity)
                s_finalizable.Objects[s_finalizableCount++] = obj;
            else
                s_finalizableDropped++;
            SpinLock.Exit(ref s_lock, flags);
        }

        // Under the lock: the rest of the current chunk is abandoned.
        private static void TakeChunk(nuint bytes)
        {
            int pages = (int)((bytes + PageBytes - 1) / PageBytes);
            if (pages < ChunkPagesMin)
                pages = ChunkPagesMin;
            byte* chunk = PageMemory.TryAllocatePages(pages);
            if (chunk == null)
                Fail.OutOfMemory(bytes);
            s_next = chunk;
            s_end = chunk + (nuint)pages * PageBytes;
        }
    }
}
