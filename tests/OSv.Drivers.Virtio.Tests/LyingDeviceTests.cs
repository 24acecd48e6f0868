// A device that lies in the used ring (issue 5, item 5): every lie is rejected, counted and
// logged, the free list stays whole (CheckInvariants), and the queue keeps working.
using System;
using OSv.Drivers.Virtio.Virtqueue;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class LyingDeviceTests
    {
        // After a lie: the driver state is whole and a full round trip still works.
        private static void AssertStillUsable(QueueFixture f)
        {
            f.Queue.CheckInvariants();
            ushort head = f.AddPublished(new[] { f.Segment(4000, 8) }, new[] { f.Segment(4100, 8) });
            SimulatedDevice.Chain chain = f.Device.Pop();
            Assert.Equal(head, chain.Head);
            f.Device.Complete(head, 8);
            UsedBuffer used = f.TakeOne();
            Assert.Equal(head, used.Head);
            Assert.Equal(8u, used.WrittenBytes);
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void UsedIdOutOfRange_SkippedCountedLogged()
        {
            using var f = new QueueFixture(queueSize: 8, queueIndex: 3);
            ushort head = f.AddSimple(0);
            f.Device.Pop();
            f.Device.Complete(13, 0);

            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIdOutOfRange));
            Assert.Equal(1L, f.Queue.ErrorsTotal);
            Assert.Equal(VirtqueueError.UsedIdOutOfRange, f.Queue.LastError);
            Assert.Equal(new[] { "virtio: queue 3: used id out of range (value 13, limit 8)" }, f.Log.Lines);
            Assert.Equal(1, f.Queue.OutstandingChainCount);
            f.Queue.CheckInvariants();

            f.Device.Complete(head, 5); // the real completion still comes through
            Assert.Equal(head, f.TakeOne().Head);
            AssertStillUsable(f);
        }

        [Fact]
        public void UsedIdHuge_SkippedWithoutReadingOutOfBounds()
        {
            using var f = new QueueFixture(queueSize: 8);
            f.AddSimple(0);
            f.Device.Complete(uint.MaxValue, uint.MaxValue);
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIdOutOfRange));
            f.Queue.CheckInvariants();
        }

        [Fact]
        public void UsedIdNeverAdded_RejectedAsNotOutstanding()
        {
            using var f = new QueueFixture(queueSize: 8);
            f.AddSimple(0); // head 0 holds descriptors 0 and 1
            f.Device.Pop();
            f.Device.Complete(5, 0);
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIdNotOutstanding));
            Assert.Equal(new[] { "virtio: queue 0: used id not outstanding (value 5, limit 0)" }, f.Log.Lines);
            Assert.Equal(6, f.Queue.FreeDescriptorCount);
            f.Device.Complete(0, 0);
            f.TakeOne();
            AssertStillUsable(f);
        }

        [Fact]
        public void UsedIdInnerDescriptorOfChain_RejectedAsNotOutstanding()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort head = f.AddPublished(new[] { f.Segment(0, 8), f.Segment(8, 8), f.Segment(16, 8) }, Array.Empty<BufferSegment>());
            f.Device.Pop();
            f.Device.Complete((uint)(head + 1), 0);
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIdNotOutstanding));
            Assert.Equal(5, f.Queue.FreeDescriptorCount); // the chain is still held whole
            f.Device.Complete(head, 0);
            f.TakeOne();
            AssertStillUsable(f);
        }

        [Fact]
        public void DoubleCompletion_SecondRejected_FreeListNotCorrupted()
        {
            using var f = new QueueFixture(queueSize: 4);
            ushort head = f.AddSimple(0);
            f.Device.Pop();
            f.Device.Complete(head, 3);
            Assert.Equal(head, f.TakeOne().Head);
            Assert.Equal(4, f.Queue.FreeDescriptorCount);

            f.Device.Complete(head, 3); // again
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIdNotOutstanding));
            Assert.Equal(4, f.Queue.FreeDescriptorCount); // not pushed twice
            AssertStillUsable(f);
        }

        [Fact]
        public void DoubleCompletionInOneBatch_FirstTakenSecondRejected()
        {
            using var f = new QueueFixture(queueSize: 4);
            ushort head = f.AddSimple(0);
            f.Device.Pop();
            f.Device.CompleteBatch(new (uint, uint)[] { (head, 1), (head, 1) });
            Assert.Equal(head, f.TakeOne().Head);
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIdNotOutstanding));
            AssertStillUsable(f);
        }

        [Fact]
        public void DoubleCompletionAfterHeadReused_CompletesTheNewChainEarly_ButNeverCorrupts()
        {
            // Undetectable by any driver: the id names a chain the device was given. What must
            // hold is that the free list stays whole and the late real completion is rejected.
            using var f = new QueueFixture(queueSize: 4);
            ushort head = f.AddSimple(0);
            f.Device.Pop();
            f.Device.Complete(head, 0);
            f.TakeOne();
            ushort reused = f.AddSimple(0);
            Assert.Equal(head, reused);
            f.Device.Complete(head, 0); // stale repeat
            Assert.Equal(head, f.TakeOne().Head);
            f.Device.Pop();
            f.Device.Complete(head, 0); // the real completion of the reused chain
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIdNotOutstanding));
            AssertStillUsable(f);
        }

        [Fact]
        public void UsedIdAddedButUnpublished_RejectedAsNotOutstanding()
        {
            using var f = new QueueFixture(queueSize: 4);
            Assert.True(f.Queue.TryAdd(new[] { f.Segment(0, 8) }, ReadOnlySpan<BufferSegment>.Empty, out ushort head));
            f.Device.Complete(head, 0); // guessed: the device cannot have seen it
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIdNotOutstanding));
            f.Queue.Publish();
            f.Device.Pop();
            f.Device.Complete(head, 0);
            Assert.Equal(head, f.TakeOne().Head);
            AssertStillUsable(f);
        }

        [Fact]
        public void LengthLargerThanWritable_ChainReclaimedWithZeroLength()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort head = f.AddPublished(new[] { f.Segment(0, 16) }, new[] { f.Segment(64, 32) });
            f.Device.Pop();
            f.Device.Complete(head, 33);

            UsedBuffer used = f.TakeOne();
            Assert.Equal(head, used.Head);
            Assert.Equal(0u, used.WrittenBytes);
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedLengthTooLarge));
            Assert.Equal(new[] { "virtio: queue 0: used length larger than the writable buffer (value 33, limit 32)" }, f.Log.Lines);
            Assert.Equal(8, f.Queue.FreeDescriptorCount);
            AssertStillUsable(f);
        }

        [Fact]
        public void LengthExactlyWritable_Accepted()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort head = f.AddPublished(Array.Empty<BufferSegment>(), new[] { f.Segment(0, 32), f.Segment(64, 32) });
            f.Device.Pop();
            f.Device.Complete(head, 64);
            Assert.Equal(64u, f.TakeOne().WrittenBytes);
            Assert.Equal(0L, f.Queue.ErrorsTotal);
        }

        [Fact]
        public void LengthOnReadOnlyChain_Rejected()
        {
            using var f = new QueueFixture(queueSize: 8, indirect: true);
            ushort head = f.AddPublished(new[] { f.Segment(0, 8), f.Segment(8, 8), f.Segment(16, 8) }, Array.Empty<BufferSegment>());
            f.Device.Pop();
            f.Device.Complete(head, 1);
            Assert.Equal(0u, f.TakeOne().WrittenBytes);
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedLengthTooLarge));
            Assert.Equal(8, f.Queue.IndirectTablesFree); // the table came back too
            AssertStillUsable(f);
        }

        [Fact]
        public void UsedIndexJumpPastQueueSize_NothingConsumed_CountedOncePerValue()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort head = f.AddSimple(0);
            f.Device.Pop();
            f.Device.WriteUsedIndexRaw(9); // 9 elements "used" out of a queue of 8

            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.False(f.Queue.TryTakeUsed(out _)); // stuck on the same value: reported once
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIndexJump));
            Assert.Equal(new[] { "virtio: queue 0: used index jumped past the queue size (value 9, limit 8)" }, f.Log.Lines);
            f.Device.WriteUsedIndexRaw(40000);
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(2L, f.Queue.ErrorCount(VirtqueueError.UsedIndexJump));
            Assert.Equal(1, f.Queue.OutstandingChainCount);
            f.Queue.CheckInvariants();

            f.Device.RestoreUsedIndex();
            f.Device.Complete(head, 2);
            Assert.Equal(head, f.TakeOne().Head);
            AssertStillUsable(f);
        }

        [Fact]
        public void UsedIndexBackwards_RejectedAsJump()
        {
            using var f = new QueueFixture(queueSize: 8);
            f.AddSimple(0);
            f.Device.Pop();
            f.Device.WriteUsedIndexRaw(ushort.MaxValue); // one behind 0
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(1L, f.Queue.ErrorCount(VirtqueueError.UsedIndexJump));
            f.Device.RestoreUsedIndex();
            f.Device.Complete(0, 0);
            f.TakeOne();
            AssertStillUsable(f);
        }

        [Fact]
        public void UsedIndexQueueSizeAhead_NotAJump_StaleElementsCheckedOneByOne()
        {
            // Q elements ahead is a legal distance, so each (zeroed, stale) element is checked:
            // slot 0 says id 0 (in flight: indistinguishable from a real completion, accepted),
            // slots 1-3 say id 0 again (no longer outstanding: skipped, at most Q per call).
            using var f = new QueueFixture(queueSize: 4);
            ushort head = f.AddSimple(0);
            Assert.Equal(0, head);
            f.Device.Pop();
            f.Device.WriteUsedIndexRaw(4);
            Assert.Equal(head, f.TakeOne().Head);
            Assert.False(f.Queue.TryTakeUsed(out _));
            Assert.Equal(3L, f.Queue.ErrorCount(VirtqueueError.UsedIdNotOutstanding));
            Assert.Equal(0L, f.Queue.ErrorCount(VirtqueueError.UsedIndexJump));
            f.Queue.CheckInvariants();
            Assert.Equal(4, f.Queue.FreeDescriptorCount);
        }

        [Fact]
        public void BogusElementThenValid_OneCallSkipsToTheValidOne()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort head = f.AddSimple(0);
            f.Device.Pop();
            f.Device.CompleteBatch(new (uint, uint)[] { (100, 0), (head, 4) });
            UsedBuffer used = f.TakeOne();
            Assert.Equal(head, used.Head);
            Assert.Equal(4u, used.WrittenBytes);
            Assert.Equal(1L, f.Queue.ErrorsTotal);
            AssertStillUsable(f);
        }

        [Fact]
        public unsafe void DeviceScribblesOverDescriptorTable_FreeListUnaffected()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort a = f.AddPublished(new[] { f.Segment(0, 8), f.Segment(8, 8), f.Segment(16, 8) }, Array.Empty<BufferSegment>());
            f.Device.Pop();
            // The device writes over every descriptor (it must not, 2.7.5.1).
            new Span<byte>((byte*)f.Queue.DescriptorTablePhysicalAddress, 16 * 8).Fill(0xEE);
            f.Device.Complete(a, 0);
            f.TakeOne();
            f.Queue.CheckInvariants();
            Assert.Equal(8, f.Queue.FreeDescriptorCount);
            AssertStillUsable(f);
        }
    }
}
