using OSv.Core.Memory;

namespace OSv.Runtime.Pal
{
    internal static unsafe partial class PalPages
    {
        private static byte* TryAllocateCore(int pageCount) => PageMemory.TryAllocatePages(pageCount);

        private static void FreeCore(byte* pages, int pageCount) => PageMemory.FreePages(pages, pageCount);
    }
}
