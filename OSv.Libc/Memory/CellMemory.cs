// Small, long-lived unmanaged cells the C library hands out by address (errno cells, the data
// objects it exports such as `stdout` and `environ`, ctype tables). They are never freed: each
// is allocated once per thread or once per boot. Carved from pages of the C heap's page source
// under a lock; 16-byte aligned.
namespace OSv.Libc.Memory
{
    public static unsafe class CellMemory
    {
        private const int ChunkBytes = 64 * 1024;
        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();
        private static byte* s_next;
        private static nuint s_left;

        public static byte* AllocateZeroed(nuint bytes)
        {
            nuint rounded = (bytes + 15) & ~(nuint)15;
            OSv.Core.Diagnostics.Invariant.Assert(rounded <= ChunkBytes, "a C library cell is at most 64 KiB");
            s_lock.Lock();
            if (s_left < rounded)
            {
                s_next = PageSource.Allocate(ChunkBytes);
                s_left = ChunkBytes;
            }
            byte* cell = s_next;
            s_next += rounded;
            s_left -= rounded;
            s_lock.Unlock();
            new System.Span<byte>(cell, (int)rounded).Clear();
            return cell;
        }
    }
}
