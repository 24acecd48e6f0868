// Ring layout (2.7's size and alignment table), construction checks and the limits' relations.
using System;
using OSv.Drivers.Virtio.Virtqueue;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class LayoutTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(256)]
        [InlineData(1024)]
        public void Layout_PartsHaveSpecSizesAndAlignments(int queueSize)
        {
            var layout = new VirtqLayout(queueSize);
            Assert.Equal(0, layout.DescriptorTableOffset);
            Assert.Equal(16 * queueSize, layout.DescriptorTableBytes);
            Assert.Equal(6 + 2 * queueSize, layout.AvailableRingBytes);
            Assert.Equal(6 + 8 * queueSize, layout.UsedRingBytes);
            Assert.Equal(0, layout.AvailableRingOffset % 2);
            Assert.Equal(0, layout.UsedRingOffset % 4);
            Assert.True(layout.AvailableRingOffset >= layout.DescriptorTableBytes);
            Assert.True(layout.UsedRingOffset >= layout.AvailableRingOffset + layout.AvailableRingBytes);
            Assert.True(layout.UsedRingOffset - (layout.AvailableRingOffset + layout.AvailableRingBytes) < 4);
            Assert.Equal(4 + 2 * queueSize, layout.UsedEventOffset);
            Assert.Equal(4 + 8 * queueSize, layout.AvailEventOffset);
            Assert.Equal(layout.UsedRingOffset + layout.UsedRingBytes, layout.TotalBytes);
        }

        [Fact]
        public void Layout_Queue256_TotalIs6668Bytes()
        {
            // 4096 (descriptors) + 518 (avail) + 2 (pad to 4) + 2054 (used).
            Assert.Equal(4096 + 518 + 2 + 2054, VirtqLayout.RequiredBytes(256));
        }

        [Theory]
        [InlineData(0, false)]
        [InlineData(1, true)]
        [InlineData(3, false)]
        [InlineData(512, true)]
        [InlineData(1024, true)]
        [InlineData(2048, false)]
        [InlineData(-4, false)]
        public void IsValidQueueSize_PowersOfTwoUpToMax(int queueSize, bool valid) =>
            Assert.Equal(valid, VirtqLayout.IsValidQueueSize(queueSize));

        [Fact]
        public void Limits_Relations()
        {
            Assert.True(VirtioLimits.QueueSizeMax <= VirtioLimits.SpecQueueSizeMax);
            Assert.True(VirtioLimits.ChainSegmentsMax <= VirtioLimits.QueueSizeMax);
            Assert.Equal(VirtioLimits.IndirectTableDescriptors * 16, VirtioLimits.IndirectTableBytes);
            Assert.True(VirtioLimits.IndirectThresholdSegmentsDefault < VirtioLimits.ChainSegmentsMax);
        }

        [Fact]
        public unsafe void Construct_QueueSizeNotPowerOfTwo_Rejected()
        {
            using var ring = new NativeBuffer(VirtqLayout.RequiredBytes(8));
            var error = Assert.Throws<InvalidOperationException>(() => new SplitVirtqueue(0, 6, ring.Region, 0));
            Assert.Contains("power of two", error.Message);
        }

        [Fact]
        public unsafe void Construct_RingTooShort_Rejected()
        {
            using var ring = new NativeBuffer(VirtqLayout.RequiredBytes(8) - 1);
            var error = Assert.Throws<InvalidOperationException>(() => new SplitVirtqueue(0, 8, ring.Region, 0));
            Assert.Contains("shorter", error.Message);
        }

        [Fact]
        public unsafe void Construct_RingMisaligned_Rejected()
        {
            using var ring = new NativeBuffer(VirtqLayout.RequiredBytes(8) + 16);
            DmaRegion misaligned = ring.Region.Slice(8, VirtqLayout.RequiredBytes(8));
            var error = Assert.Throws<InvalidOperationException>(() => new SplitVirtqueue(0, 8, misaligned, 0));
            Assert.Contains("16-byte", error.Message);
        }

        [Fact]
        public unsafe void Construct_DirtyMemory_RingsZeroed()
        {
            using var ring = new NativeBuffer(VirtqLayout.RequiredBytes(8));
            new Span<byte>(ring.Pointer, ring.LengthBytes).Fill(0xFF);
            var queue = new SplitVirtqueue(0, 8, ring.Region, VirtqConstants.FeatureEventIndex, log: new RecordingLog());
            var device = new SimulatedDevice(queue, eventIndex: true, indirect: false);
            Assert.Equal(0, device.AvailIndex);
            Assert.Equal(0, device.UsedIndex);
            Assert.Equal(0, device.UsedFlags); // 2.7.10.1: used flags start at 0
            Assert.Equal(0, device.AvailFlags);
            Assert.Equal(0, device.UsedEvent);
            Assert.False(queue.HasUsed);
        }

        [Fact]
        public void PhysicalAddresses_FollowTheLayout()
        {
            using var f = new QueueFixture(queueSize: 64);
            var layout = new VirtqLayout(64);
            Assert.Equal(f.Queue.DescriptorTablePhysicalAddress + (ulong)layout.AvailableRingOffset, f.Queue.AvailableRingPhysicalAddress);
            Assert.Equal(f.Queue.DescriptorTablePhysicalAddress + (ulong)layout.UsedRingOffset, f.Queue.UsedRingPhysicalAddress);
        }

        [Fact]
        public void FeatureBits_AreTheSpecs()
        {
            Assert.Equal(1UL << 28, VirtqConstants.FeatureIndirectDescriptors);
            Assert.Equal(1UL << 29, VirtqConstants.FeatureEventIndex);
        }
    }
}
