using OSv.Core.Boot;
using Xunit;

namespace OSv.Core.Tests
{
    public class MemoryMapTests
    {
        private const ulong MiB = 1UL << 20;
        private const ulong GiB = 1UL << 30;

        [Fact]
        public void ChooseHeap_RegionContainingImage_StartsAfterImage()
        {
            var ram = new[] { new MemoryRegion(0, 640 * 1024), new MemoryRegion(1 * MiB, 127 * MiB) };
            MemoryRegion heap = MemoryMap.ChooseHeap(ram, imageEnd: 2 * MiB, mappedLimit: 4 * GiB);
            Assert.Equal(2 * MiB, heap.Start);
            Assert.Equal(128 * MiB, heap.End);
        }

        [Fact]
        public void ChooseHeap_SeveralRegions_PicksLargestUsablePart()
        {
            var ram = new[] { new MemoryRegion(1 * MiB, 16 * MiB), new MemoryRegion(64 * MiB, 32 * MiB) };
            MemoryRegion heap = MemoryMap.ChooseHeap(ram, imageEnd: 2 * MiB, mappedLimit: 4 * GiB);
            Assert.Equal(64 * MiB, heap.Start);
            Assert.Equal(32 * MiB, heap.SizeBytes);
        }

        [Fact]
        public void ChooseHeap_RegionAboveMappedLimit_IsClipped()
        {
            var ram = new[] { new MemoryRegion(3 * GiB, 2 * GiB) };
            MemoryRegion heap = MemoryMap.ChooseHeap(ram, imageEnd: 2 * MiB, mappedLimit: 4 * GiB);
            Assert.Equal(3 * GiB, heap.Start);
            Assert.Equal(1 * GiB, heap.SizeBytes);
        }

        [Fact]
        public void ChooseHeap_OnlyLowMemory_GivesEmptyRegion()
        {
            var ram = new[] { new MemoryRegion(0, 640 * 1024) };
            Assert.Equal(0UL, MemoryMap.ChooseHeap(ram, imageEnd: 2 * MiB, mappedLimit: 4 * GiB).SizeBytes);
        }

        [Fact]
        public void ChooseHeap_WrappingEntry_IsIgnored()
        {
            var ram = new[] { new MemoryRegion(ulong.MaxValue - MiB, 2 * MiB), new MemoryRegion(8 * MiB, MiB) };
            MemoryRegion heap = MemoryMap.ChooseHeap(ram, imageEnd: 2 * MiB, mappedLimit: 4 * GiB);
            Assert.Equal(8 * MiB, heap.Start);
        }
    }
}
