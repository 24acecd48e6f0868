// Small, long-lived unmanaged cells the C library hands out by address (errno cells, the data
// objects it exports such as `stdout` and `environ`, ctype tables). They are never freed: each
// is allocated once per thread or once per boot.
namespace OSv.Libc.Memory
{
    public static unsafe class CellMemory
    {
        private static readonly BumpArena s_arena = new BumpArena(&AllocatePages);

        public static byte* AllocateZeroed(nuint bytes)
        {
            byte* cell = s_arena.Allocate(bytes);
            new System.Span<byte>(cell, (int)((bytes + 15) & ~(nuint)15)).Clear();
            return cell;
        }

        private static byte* AllocatePages(nuint bytes)
        {
            byte* pages = PageSource.Allocate(bytes);
            OSv.Core.Diagnostics.Invariant.Assert(pages != null, "out of memory for the C library's cells");
            return pages;
        }
    }
}
