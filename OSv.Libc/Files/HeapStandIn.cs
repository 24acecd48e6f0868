// TEMPORARY STAND-IN (H5, stdio): the C heap contract from the shared brief of issue 8
// (OSv.Libc.Memory.Heap, owned by H4). It exists only so that getline, getcwd(NULL) and
// in-memory files build before H4's allocator merges; delete it when Memory/Heap.cs lands.
// Each block is whole pages from PageSource with its size in a 16-byte header.
namespace OSv.Libc.Memory
{
    public static unsafe class Heap
    {
        private const int HeaderBytes = 16;

        public static byte* Allocate(nuint bytes)
        {
            byte* pages = PageSource.Allocate(bytes + HeaderBytes);
            if (pages == null)
                return null;
            *(nuint*)pages = bytes;
            return pages + HeaderBytes;
        }

        public static void Free(byte* block)
        {
            if (block == null)
                return;
            byte* pages = block - HeaderBytes;
            PageSource.Free(pages, *(nuint*)pages + HeaderBytes);
        }

        public static byte* Reallocate(byte* block, nuint bytes)
        {
            if (block == null)
                return Allocate(bytes);
            nuint old = *(nuint*)(block - HeaderBytes);
            byte* grown = Allocate(bytes);
            if (grown == null)
                return null;
            System.Buffer.MemoryCopy(block, grown, (long)bytes, (long)(old < bytes ? old : bytes));
            Free(block);
            return grown;
        }

        public static byte* AllocateAligned(nuint alignment, nuint bytes) =>
            alignment <= HeaderBytes ? Allocate(bytes) : null;
    }
}
