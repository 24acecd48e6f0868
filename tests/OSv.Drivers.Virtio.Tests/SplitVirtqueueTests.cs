// The data path against a correct device: round trips, scatter-gather, wrap-around, completion
// order, a full queue, and the caller contract.
using System;
using System.Collections.Generic;
using System.Linq;
using OSv.Drivers.Virtio.Virtqueue;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class SplitVirtqueueTests
    {
        [Fact]
        public void SingleBuffer_RoundTrip_DeviceSeesBytesAndDriverGetsLength()
        {
            using var f = new QueueFixture(queueSize: 8);
            BufferSegment request = f.Segment(0, 16);
            BufferSegment reply = f.Segment(64, 32);
            QueueFixture.Fill(request, 0x10);

            ushort head = f.AddPublished(new[] { request }, new[] { reply });
            Assert.Equal(1, f.Device.AvailableCount);
            SimulatedDevice.Chain chain = f.Device.Pop();
            Assert.Equal(head, chain.Head);
            Assert.Equal(QueueFixture.Bytes(request).ToArray(), f.Device.ReadReadable(chain));
            uint written = f.Device.WriteWritable(chain, new byte[] { 1, 2, 3, 4, 5 });
            f.Device.Complete(head, written);

            UsedBuffer used = f.TakeOne();
            Assert.Equal(head, used.Head);
            Assert.Equal(5u, used.WrittenBytes);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, QueueFixture.Bytes(reply).Slice(0, 5).ToArray());
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(8, f.Queue.FreeDescriptorCount);
            Assert.Equal(0, f.Queue.OutstandingChainCount);
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void TryAdd_BeforePublish_DeviceSeesNothing()
        {
            using var f = new QueueFixture(queueSize: 4);
            Assert.True(f.Queue.TryAdd(new[] { f.Segment(0, 8) }, ReadOnlySpan<BufferSegment>.Empty, out _));
            Assert.Equal(0, f.Device.AvailableCount);
            f.Queue.Publish();
            Assert.Equal(1, f.Device.AvailableCount);
        }

        [Fact]
        public void ScatterGather_ThreeReadableTwoWritable_DeviceSeesSegmentsInOrderWithFlags()
        {
            using var f = new QueueFixture(queueSize: 16);
            BufferSegment[] readable = { f.Segment(0, 10), f.Segment(100, 20), f.Segment(200, 30) };
            BufferSegment[] writable = { f.Segment(300, 4), f.Segment(400, 40) };
            for (int i = 0; i < readable.Length; i++)
                QueueFixture.Fill(readable[i], (byte)(i * 50));

            ushort head = f.AddPublished(readable, writable);
            Assert.Equal(11, f.Queue.FreeDescriptorCount);
            SimulatedDevice.Chain chain = f.Device.Pop();

            Assert.False(chain.Indirect);
            Assert.Equal(5, chain.RingDescriptors);
            BufferSegment[] expected = readable.Concat(writable).ToArray();
            Assert.Equal(expected.Length, chain.Segments.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].PhysicalAddress, chain.Segments[i].Address);
                Assert.Equal(expected[i].LengthBytes, chain.Segments[i].Length);
                Assert.Equal(i >= readable.Length, chain.Segments[i].Writable);
            }
            byte[] concatenated = readable.SelectMany(s => QueueFixture.Bytes(s).ToArray()).ToArray();
            Assert.Equal(concatenated, f.Device.ReadReadable(chain));

            // The device writes across both writable segments, from the first one on (2.7.8.2).
            byte[] payload = Enumerable.Range(0, 30).Select(i => (byte)(0xA0 + i)).ToArray();
            f.Device.Complete(head, f.Device.WriteWritable(chain, payload));
            UsedBuffer used = f.TakeOne();
            Assert.Equal(30u, used.WrittenBytes);
            Assert.Equal(payload.Take(4).ToArray(), QueueFixture.Bytes(writable[0]).ToArray());
            Assert.Equal(payload.Skip(4).ToArray(), QueueFixture.Bytes(writable[1]).Slice(0, 26).ToArray());
            Assert.Equal(16, f.Queue.FreeDescriptorCount);
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void WriteOnlyChain_NoReadableSegments_DeviceSeesOnlyWritable()
        {
            using var f = new QueueFixture(queueSize: 4);
            ushort head = f.AddPublished(Array.Empty<BufferSegment>(), new[] { f.Segment(0, 1514) });
            SimulatedDevice.Chain chain = f.Device.Pop();
            Assert.Single(chain.Segments);
            Assert.True(chain.Segments[0].Writable);
            f.Device.Complete(head, 1514);
            Assert.Equal(1514u, f.TakeOne().WrittenBytes);
        }

        [Fact]
        public void WrapAround_Over70000RoundTripsOnQueueOf4_IndicesWrapAndFreeListStaysWhole()
        {
            // 70 000 > 2^16: avail idx and used idx both wrap, the rings wrap 17 500 times.
            using var f = new QueueFixture(queueSize: 4);
            for (int round = 0; round < 70_000; round++)
            {
                int chains = 1 + round % 2; // two descriptors each: one or two chains fill the queue
                var heads = new ushort[chains];
                for (int c = 0; c < chains; c++)
                    heads[c] = f.AddSimple(c, 8);
                for (int c = 0; c < chains; c++)
                {
                    SimulatedDevice.Chain chain = f.Device.Pop();
                    Assert.Equal(heads[c], chain.Head);
                    f.Device.Complete(chain.Head, (uint)(round % 9));
                }
                for (int c = 0; c < chains; c++)
                {
                    UsedBuffer used = f.TakeOne();
                    Assert.Equal(heads[c], used.Head);
                    Assert.Equal((uint)(round % 9), used.WrittenBytes);
                }
                Assert.Equal(4, f.Queue.FreeDescriptorCount);
            }
            f.Queue.CheckInvariants();
            Assert.Equal(0, f.Queue.OutstandingChainCount);
            Assert.Equal(0L, f.Queue.ErrorsTotal);
            Assert.True(f.Queue.ChainsAdded > 65536);
        }

        [Fact]
        public void OutOfOrderCompletions_EachHeadReturnedOnceWithItsOwnLength()
        {
            using var f = new QueueFixture(queueSize: 16);
            var heads = new ushort[6];
            for (int i = 0; i < heads.Length; i++)
                heads[i] = f.AddSimple(i, 32);
            List<SimulatedDevice.Chain> chains = f.Device.PopAll();
            Assert.Equal(6, chains.Count);
            int[] order = { 4, 1, 5, 0, 3, 2 };
            foreach (int i in order)
                f.Device.Complete(chains[i].Head, (uint)(10 + i));

            foreach (int i in order)
            {
                UsedBuffer used = f.TakeOne();
                Assert.Equal(heads[i], used.Head);
                Assert.Equal((uint)(10 + i), used.WrittenBytes);
                f.Queue.CheckInvariants();
            }
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(16, f.Queue.FreeDescriptorCount);
        }

        [Fact]
        public void OutOfOrderCompletions_FreedDescriptorsReusedByMixedLengthChains()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort a = f.AddPublished(new[] { f.Segment(0, 8), f.Segment(8, 8), f.Segment(16, 8) }, Array.Empty<BufferSegment>());
            ushort b = f.AddSimple(2);
            ushort c = f.AddPublished(new[] { f.Segment(512, 8) }, new[] { f.Segment(520, 8), f.Segment(528, 8) });
            Assert.Equal(0, f.Queue.FreeDescriptorCount);
            f.Device.PopAll();
            f.Device.Complete(b, 3);
            Assert.Equal(b, f.TakeOne().Head);

            // Two descriptors free again: a two-segment chain fits, a three-segment one does not.
            Assert.False(f.Queue.TryAdd(new[] { f.Segment(0, 1), f.Segment(1, 1), f.Segment(2, 1) }, ReadOnlySpan<BufferSegment>.Empty, out _));
            ushort d = f.AddSimple(3);
            Assert.Equal(b, d); // the freed chain's head is the free list's front
            f.Device.Complete(c, 16);
            f.Device.Complete(a, 0);
            Assert.Equal(c, f.TakeOne().Head);
            Assert.Equal(a, f.TakeOne().Head);
            f.Queue.CheckInvariants();
            Assert.Equal(6, f.Queue.FreeDescriptorCount);
        }

        [Fact]
        public void QueueFull_TryAddReturnsFalseAndCounts_ThenSucceedsAfterCompletion()
        {
            using var f = new QueueFixture(queueSize: 4);
            ushort first = f.AddSimple(0);
            f.AddSimple(1);
            Assert.Equal(0, f.Queue.FreeDescriptorCount);

            Assert.False(f.Queue.TryAdd(new[] { f.Segment(0, 8) }, ReadOnlySpan<BufferSegment>.Empty, out _));
            Assert.Equal(1L, f.Queue.QueueFullCount);
            Assert.Equal(2, f.Queue.OutstandingChainCount);
            f.Queue.CheckInvariants();
            Assert.Equal(2, f.Device.AvailableCount); // the failed add exposed nothing

            f.Device.Pop();
            f.Device.Complete(first, 0);
            Assert.Equal(first, f.TakeOne().Head);
            Assert.True(f.Queue.TryAdd(new[] { f.Segment(0, 8) }, new[] { f.Segment(8, 8) }, out ushort again));
            Assert.Equal(first, again);
            Assert.Equal(1L, f.Queue.QueueFullCount);
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void QueueOfOne_HoldsOneSingleSegmentChain()
        {
            using var f = new QueueFixture(queueSize: 1);
            Assert.Equal(1, f.Queue.MaxChainSegments);
            ushort head = f.AddPublished(new[] { f.Segment(0, 8) }, Array.Empty<BufferSegment>());
            Assert.False(f.Queue.TryAdd(new[] { f.Segment(0, 8) }, ReadOnlySpan<BufferSegment>.Empty, out _));
            f.Device.Pop();
            f.Device.Complete(head, 0);
            Assert.Equal(head, f.TakeOne().Head);
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void TryAdd_EmptyChain_IsACallerBug()
        {
            using var f = new QueueFixture(queueSize: 4);
            var error = Assert.Throws<InvalidOperationException>(() =>
                f.Queue.TryAdd(ReadOnlySpan<BufferSegment>.Empty, ReadOnlySpan<BufferSegment>.Empty, out _));
            Assert.Contains("empty chain", error.Message);
        }

        [Fact]
        public void TryAdd_ZeroLengthSegment_IsACallerBug()
        {
            using var f = new QueueFixture(queueSize: 4);
            var segments = new[] { new BufferSegment(4096, 0) };
            var error = Assert.Throws<InvalidOperationException>(() => f.Queue.TryAdd(segments, ReadOnlySpan<BufferSegment>.Empty, out _));
            Assert.Contains("zero-length", error.Message);
            f.Queue.CheckInvariants();
            Assert.Equal(4, f.Queue.FreeDescriptorCount);
        }

        [Fact]
        public void TryAdd_ChainLongerThanQueue_IsACallerBug()
        {
            using var f = new QueueFixture(queueSize: 4);
            var segments = Enumerable.Range(0, 5).Select(i => f.Segment(i * 8, 8)).ToArray();
            var error = Assert.Throws<InvalidOperationException>(() => f.Queue.TryAdd(segments, ReadOnlySpan<BufferSegment>.Empty, out _));
            Assert.Contains("MaxChainSegments", error.Message);
        }

        [Fact]
        public void TryAdd_ChainOf4GiB_IsACallerBug()
        {
            using var f = new QueueFixture(queueSize: 4);
            var segments = new[] { new BufferSegment(4096, uint.MaxValue), new BufferSegment(8192, 1) };
            var error = Assert.Throws<InvalidOperationException>(() => f.Queue.TryAdd(segments, ReadOnlySpan<BufferSegment>.Empty, out _));
            Assert.Contains("2^32", error.Message);
        }
    }
}
