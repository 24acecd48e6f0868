namespace OSv.Libc.Abi
{
    public static unsafe partial class ExecutableMemory
    {
        private static byte* AllocatePages(nuint bytes)
        {
            byte* pages = OSv.Libc.Memory.PageSource.Allocate(bytes);
            OSv.Core.Diagnostics.Invariant.Assert(pages != null, "out of memory for C library code");
            return pages;
        }
    }
}
