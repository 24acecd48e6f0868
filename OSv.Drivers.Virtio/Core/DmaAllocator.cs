// Where a driver gets memory a device reads and writes: whole pages that never move. On metal
// (PageDmaAllocator) they come from the kernel's page-frame allocator; hosted tests pass
// native memory.
using OSv.Drivers.Virtio.Virtqueue;

namespace OSv.Drivers.Virtio.Core
{
    public abstract class DmaAllocator
    {
        // Zeroed, page-aligned, at least lengthBytes long; panics (metal) when memory runs out.
        public abstract DmaRegion Allocate(int lengthBytes, string requester);
    }
}
