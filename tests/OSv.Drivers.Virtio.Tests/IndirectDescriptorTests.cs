// Indirect descriptors (2.7.5.3): when a chain goes through a pooled table, and when it cannot.
using System;
using System.Linq;
using OSv.Drivers.Virtio.Virtqueue;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class IndirectDescriptorTests
    {
        private static BufferSegment[] Segments(QueueFixture f, int count, int offset, int lengthBytes) =>
            Enumerable.Range(0, count).Select(i => f.Segment(offset + i * lengthBytes, lengthBytes)).ToArray();

        [Fact]
        public void LongChain_Negotiated_UsesOneRingDescriptorAndATable()
        {
            using var f = new QueueFixture(queueSize: 8, indirect: true);
            BufferSegment[] readable = Segments(f, 3, 0, 16);
            BufferSegment[] writable = Segments(f, 4, 1024, 32);
            for (int i = 0; i < 3; i++)
                QueueFixture.Fill(readable[i], (byte)(i * 16));

            ushort head = f.AddPublished(readable, writable);
            Assert.Equal(7, f.Queue.FreeDescriptorCount);
            Assert.Equal(7, f.Queue.IndirectTablesFree);

            SimulatedDevice.Chain chain = f.Device.Pop();
            Assert.True(chain.Indirect);
            Assert.Equal(1, chain.RingDescriptors);
            Assert.Equal(7, chain.Segments.Length);
            BufferSegment[] expected = readable.Concat(writable).ToArray();
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].PhysicalAddress, chain.Segments[i].Address);
                Assert.Equal(expected[i].LengthBytes, chain.Segments[i].Length);
                Assert.Equal(i >= 3, chain.Segments[i].Writable);
            }
            Assert.Equal(Enumerable.Range(0, 48).Select(i => (byte)i).ToArray(), f.Device.ReadReadable(chain));

            f.Device.Complete(head, f.Device.WriteWritable(chain, new byte[100]));
            UsedBuffer used = f.TakeOne();
            Assert.Equal(100u, used.WrittenBytes);
            Assert.Equal(8, f.Queue.FreeDescriptorCount);
            Assert.Equal(8, f.Queue.IndirectTablesFree);
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void ChainAtThreshold_StaysDirect()
        {
            using var f = new QueueFixture(queueSize: 8, indirect: true);
            f.AddPublished(Segments(f, 1, 0, 8), Segments(f, 1, 64, 8));
            SimulatedDevice.Chain chain = f.Device.Pop();
            Assert.False(chain.Indirect);
            Assert.Equal(2, chain.RingDescriptors);
            Assert.Equal(8, f.Queue.IndirectTablesFree);
        }

        [Fact]
        public void LongChain_NotNegotiated_StaysDirect()
        {
            using var f = new QueueFixture(queueSize: 8, indirect: false);
            Assert.False(f.Queue.IndirectDescriptorsEnabled);
            f.AddPublished(Segments(f, 5, 0, 8), Array.Empty<BufferSegment>());
            SimulatedDevice.Chain chain = f.Device.Pop();
            Assert.False(chain.Indirect);
            Assert.Equal(5, chain.RingDescriptors);
            Assert.Equal(3, f.Queue.FreeDescriptorCount);
        }

        [Fact]
        public void IndirectChains_MoreThanDirectCapacity_FitInTheRing()
        {
            // Eight chains of six segments: 48 descriptors direct, 8 with indirect tables.
            using var f = new QueueFixture(queueSize: 8, indirect: true);
            for (int c = 0; c < 8; c++)
                f.AddPublished(Segments(f, 6, c * 512, 8), Array.Empty<BufferSegment>());
            Assert.Equal(0, f.Queue.FreeDescriptorCount);
            Assert.Equal(0, f.Queue.IndirectTablesFree);
            Assert.All(f.Device.PopAll(), chain => Assert.True(chain.Indirect));
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void PoolEmpty_FallsBackToDirectAndCounts()
        {
            using var f = new QueueFixture(queueSize: 16, indirect: true, indirectTables: 1);
            Assert.Equal(1, f.Queue.IndirectTableCount);
            f.AddPublished(Segments(f, 4, 0, 8), Array.Empty<BufferSegment>());
            f.AddPublished(Segments(f, 4, 256, 8), Array.Empty<BufferSegment>());
            Assert.Equal(1L, f.Queue.IndirectFallbackCount);
            Assert.Equal(16 - 1 - 4, f.Queue.FreeDescriptorCount);
            SimulatedDevice.Chain first = f.Device.Pop();
            SimulatedDevice.Chain second = f.Device.Pop();
            Assert.True(first.Indirect);
            Assert.False(second.Indirect);

            f.Device.Complete(first.Head, 0);
            f.TakeOne();
            f.AddPublished(Segments(f, 4, 512, 8), Array.Empty<BufferSegment>());
            Assert.True(f.Device.Pop().Indirect); // the returned table is used again
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void PoolEmptyAndTooFewDescriptors_ReturnsFalse()
        {
            using var f = new QueueFixture(queueSize: 4, indirect: true, indirectTables: 1);
            f.AddPublished(Segments(f, 4, 0, 8), Array.Empty<BufferSegment>());
            f.AddSimple(4);
            Assert.False(f.Queue.TryAdd(Segments(f, 3, 1024, 8), ReadOnlySpan<BufferSegment>.Empty, out _));
            Assert.Equal(1L, f.Queue.QueueFullCount);
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void LongestChain_64Segments_FillsOneTable()
        {
            using var f = new QueueFixture(queueSize: 256, indirect: true);
            Assert.Equal(64, f.Queue.MaxChainSegments);
            ushort head = f.AddPublished(Segments(f, 32, 0, 8), Segments(f, 32, 4096, 8));
            SimulatedDevice.Chain chain = f.Device.Pop();
            Assert.True(chain.Indirect);
            Assert.Equal(64, chain.Segments.Length);
            f.Device.Complete(head, 256);
            Assert.Equal(256u, f.TakeOne().WrittenBytes);
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void ThresholdOne_SingleSegmentDirect_TwoSegmentsIndirect()
        {
            using var f = new QueueFixture(queueSize: 8, indirect: true, indirectThresholdSegments: 1);
            f.AddPublished(Segments(f, 1, 0, 8), Array.Empty<BufferSegment>());
            f.AddPublished(Segments(f, 1, 64, 8), Segments(f, 1, 128, 8));
            Assert.False(f.Device.Pop().Indirect);
            Assert.True(f.Device.Pop().Indirect);
        }
    }
}
