// Memory that devices read and write (virtqueues, packet buffers): whole pages from the
// page-frame allocator, never moved or freed behind the driver's back. The low 4 GiB are
// identity-mapped, so a page's address is also what the device is told.
namespace OSv.Core.Memory
{
    public static unsafe class DmaMemory
    {
        public const int PageBytes = 4096;

        // Zeroed pages, contiguous; out of memory panics naming the requester.
        public static byte* AllocatePages(int count, string requester)
        {
            byte* pages = PhysicalMemory.AllocatePages(count, requester);
            new System.Span<byte>(pages, count * PageBytes).Clear();
            return pages;
        }

        public static ulong PhysicalAddressOf(byte* pointer) => (ulong)pointer;
    }
}
