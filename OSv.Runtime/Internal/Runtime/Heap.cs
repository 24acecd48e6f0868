// The interim object heap: a bump allocator over chunks of memory. Boot hands over a small first
// region; when it runs out, the kernel's AllocateHeapChunk service supplies another (from the
// page-frame allocator), and the rest of the old chunk is abandoned. Nothing is freed: a garbage
// collector replaces this with the real base library (issue 4). Objects never move, so an
// object's address is stable for its lifetime.
//
// Layout of one allocation: [header word][MethodTable*][fields...]; the object reference points
// at the MethodTable word, as the NativeAOT ABI requires, and BaseSize counts the header.
using System.Runtime.CompilerServices;

namespace Internal.Runtime
{
    public static unsafe class Heap
    {
        private const nuint Alignment = 8;

        private static byte* s_next;
        private static byte* s_end;
        private static nuint s_allocatedBytes;

        public static nuint AllocatedBytes => s_allocatedBytes;

        public static nuint FreeBytes => (nuint)(s_end - s_next);

        public static void Initialize(byte* start, nuint sizeBytes)
        {
            s_next = (byte*)(((nuint)start + Alignment - 1) & ~(Alignment - 1));
            s_end = start + sizeBytes;
        }

        // Returns zeroed memory for an object of sizeBytes (header included), or panics.
        public static byte* AllocateObject(nuint sizeBytes)
        {
            sizeBytes = (sizeBytes + Alignment - 1) & ~(Alignment - 1);
            if (sizeBytes > (nuint)(s_end - s_next))
                Grow(sizeBytes);
            byte* block = s_next;
            s_next = block + sizeBytes;
            s_allocatedBytes += sizeBytes;
            Clear(block, sizeBytes);
            return block + sizeof(nint);
        }

        // Moves to a new chunk big enough for the request; without a kernel service, out of memory.
        private static void Grow(nuint requestBytes)
        {
            if (KernelServices.AllocateHeapChunk == null)
                RuntimeFailure.OutOfMemory(requestBytes);
            nuint chunkBytes;
            byte* chunk = KernelServices.AllocateHeapChunk(requestBytes, &chunkBytes);
            if (chunk == null || chunkBytes < requestBytes)
                RuntimeFailure.OutOfMemory(requestBytes);
            s_next = chunk;
            s_end = chunk + chunkBytes;
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
