namespace OSv.Libc.Memory
{
    public static unsafe partial class PageSource
    {
        private static byte* AllocateCore(nuint bytes) =>
            OSv.Core.Memory.PageMemory.TryAllocatePages((int)(bytes / PageBytes));

        private static void FreeCore(byte* pages, nuint bytes) =>
            OSv.Core.Memory.PageMemory.FreePages(pages, (int)(bytes / PageBytes));
    }
}
