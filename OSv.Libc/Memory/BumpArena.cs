// Memory handed out once and never freed, in 16-byte-aligned pieces carved from 64 KiB chunks:
// the C library's fixed cells (CellMemory) and the code it writes at run time
// (Abi/ExecutableMemory). A request larger than a chunk gets pages of its own.
namespace OSv.Libc.Memory
{
    public sealed unsafe class BumpArena
    {
        public const int ChunkBytes = 64 * 1024;

        private readonly OSv.Core.Sync.Mutex _lock = new OSv.Core.Sync.Mutex();
        private readonly delegate*<nuint, byte*> _allocatePages;
        private byte* _next;
        private nuint _left;

        /// <param name="allocatePages">Page-aligned memory of at least the size asked; never null.</param>
        public BumpArena(delegate*<nuint, byte*> allocatePages) => _allocatePages = allocatePages;

        public byte* Allocate(nuint bytes)
        {
            nuint rounded = (bytes + 15) & ~(nuint)15;
            if (rounded > ChunkBytes)
                return _allocatePages(rounded);
            _lock.Lock();
            if (_left < rounded)
            {
                _next = _allocatePages(ChunkBytes);
                _left = ChunkBytes;
            }
            byte* piece = _next;
            _next += rounded;
            _left -= rounded;
            _lock.Unlock();
            return piece;
        }
    }
}
