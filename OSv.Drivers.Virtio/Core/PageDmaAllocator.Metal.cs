// DMA memory from the kernel's page-frame allocator (identity-mapped: the pointer is the
// physical address).
using OSv.Core.Memory;
using OSv.Drivers.Virtio.Virtqueue;

namespace OSv.Drivers.Virtio.Core
{
    public sealed unsafe class PageDmaAllocator : DmaAllocator
    {
        public override DmaRegion Allocate(int lengthBytes, string requester)
        {
            int pages = (lengthBytes + DmaMemory.PageBytes - 1) / DmaMemory.PageBytes;
            byte* memory = DmaMemory.AllocatePages(pages, requester);
            return new DmaRegion(memory, DmaMemory.PhysicalAddressOf(memory), pages * DmaMemory.PageBytes);
        }
    }
}
