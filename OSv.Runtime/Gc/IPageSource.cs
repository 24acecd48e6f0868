// Where the collector's memory comes from: whole pages, given back whole. In images this is
// OSv.Core.Memory.PageMemory (KernelPageSource); hosted tests pass a source over native memory
// that counts pages and poisons what it hands out, so that a collector relying on zeroed pages
// fails. A struct type argument (where TPages : unmanaged, IPageSource): calls are direct.
//
// Contract: TryAllocatePages returns count contiguous pages, 4096-aligned, of unspecified
// content, or null; FreePages takes back exactly a run TryAllocatePages returned, same count.
namespace OSv.Runtime.Gc
{
    internal unsafe interface IPageSource
    {
        byte* TryAllocatePages(int count);

        void FreePages(byte* pages, int count);
    }
}
