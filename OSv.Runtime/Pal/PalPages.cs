// Whole zeroed pages for the PAL's heap and memory mappings: the one place the PAL gets memory.
// Metal (PalPages.Metal.cs): OSv.Core's PageMemory (identity-mapped runs from the page-frame
// allocator; every page is readable, writable and executable, so protections are not enforced).
// Hosted (PalPages.Hosted.cs): page-aligned blocks from the host's native heap, so the same heap
// and mapping code runs in tests.
//
// Caller rules: free a run with the same page count it was allocated with; null means out of
// memory (the caller reports ENOMEM).
namespace OSv.Runtime.Pal
{
    internal static unsafe partial class PalPages
    {
        public const int PageBytes = 4096;

        // Page runs larger than this are refused (int page counts, and PageMemory's int count).
        public const long RunPagesMax = int.MaxValue / PageBytes;

        public static byte* TryAllocate(long pageCount) =>
            pageCount <= 0 || pageCount > RunPagesMax ? null : TryAllocateCore((int)pageCount);

        public static void Free(byte* pages, long pageCount) => FreeCore(pages, (int)pageCount);

        // Pages needed to hold byteCount bytes (0 for 0; saturates for absurd sizes).
        public static long PagesFor(ulong byteCount) =>
            byteCount > (ulong)RunPagesMax * PageBytes ? RunPagesMax + 1 : (long)((byteCount + PageBytes - 1) / PageBytes);
    }
}
