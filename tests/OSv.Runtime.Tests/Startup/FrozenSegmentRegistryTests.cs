using OSv.Runtime.Startup;
using Xunit;

namespace OSv.Runtime.Tests.Startup
{
    public class FrozenSegmentRegistryTests
    {
        [Fact]
        public void Register_ReturnsHandleAndRecordsRange()
        {
            var registry = new FrozenSegmentRegistry();
            nint handle = registry.Register(0x10000, 0x100, 0x1000, 0x4000);
            Assert.Equal((nint)1, handle);
            Assert.Equal(1, registry.Count);
            Assert.Equal((nint)0x10100, registry[0].Allocated);
            Assert.Equal((nint)0x14000, registry[0].Reserved);
        }

        [Fact]
        public void Contains_OnlyAllocatedPart()
        {
            var registry = new FrozenSegmentRegistry();
            registry.Register(0x10000, 0x100, 0x1000, 0x4000);
            Assert.True(registry.Contains(0x10080));
            Assert.False(registry.Contains(0x10100));
        }

        [Fact]
        public void Update_GrowsAllocated_OutsideRangeRefused()
        {
            var registry = new FrozenSegmentRegistry();
            nint handle = registry.Register(0x10000, 0x100, 0x1000, 0x4000);
            Assert.True(registry.Update(handle, 0x10200, 0x11000));
            Assert.True(registry.Contains(0x10180));
            Assert.False(registry.Update(handle, 0x20000, 0x20000));
            Assert.False(registry.Update(handle + 1, 0x10200, 0x11000));
        }

        [Fact]
        public void Full_RegisterReturnsZero()
        {
            var registry = new FrozenSegmentRegistry();
            for (int i = 0; i < FrozenSegmentRegistry.Capacity; i++)
                Assert.NotEqual((nint)0, registry.Register(0x10000 + i * 0x10000, 0x10, 0x10, 0x100));
            Assert.Equal((nint)0, registry.Register(0x900000, 0x10, 0x10, 0x100));
        }
    }
}
