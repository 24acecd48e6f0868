// Available buffer notifications (2.7.10, 2.7.13.4): ShouldNotify's exact decisions, with the
// device's NO_NOTIFY flag and with VIRTIO_F_EVENT_IDX's avail_event, at every boundary.
using System;
using OSv.Drivers.Virtio.Virtqueue;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class NotificationTests
    {
        // count round trips (add, notify decision, device pop and complete, take).
        private static void Advance(QueueFixture f, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.True(f.Queue.TryAdd(new[] { f.Segment(0, 8) }, ReadOnlySpan<BufferSegment>.Empty, out ushort head));
                f.Queue.ShouldNotify();
                f.Device.Pop();
                f.Device.Complete(head, 0);
                f.TakeOne();
            }
        }

        private static void Add(QueueFixture f, int chains)
        {
            for (int i = 0; i < chains; i++)
                Assert.True(f.Queue.TryAdd(new[] { f.Segment(i * 8, 8) }, ReadOnlySpan<BufferSegment>.Empty, out _));
        }

        [Fact]
        public void NoEventIndex_FlagClear_Notifies()
        {
            using var f = new QueueFixture(queueSize: 8);
            Add(f, 1);
            Assert.True(f.Queue.ShouldNotify());
            Assert.Equal(1, f.Device.AvailableCount); // ShouldNotify published first
            Assert.Equal(1L, f.Queue.NotificationsSent);
        }

        [Fact]
        public void NoEventIndex_NoNotifySet_Suppressed()
        {
            using var f = new QueueFixture(queueSize: 8);
            f.Device.SetNoNotify(true);
            Add(f, 2);
            Assert.False(f.Queue.ShouldNotify());
            Assert.Equal(1L, f.Queue.NotificationsSuppressed);
            Assert.Equal(2, f.Device.AvailableCount);
        }

        [Fact]
        public void NoEventIndex_NothingNewSinceLastDecision_NoNotification()
        {
            using var f = new QueueFixture(queueSize: 8);
            Add(f, 1);
            Assert.True(f.Queue.ShouldNotify());
            Assert.False(f.Queue.ShouldNotify());
            f.Queue.Publish();
            Assert.False(f.Queue.ShouldNotify());
        }

        [Fact]
        public void NoEventIndex_FlagClearedAgain_NextAddNotifies()
        {
            using var f = new QueueFixture(queueSize: 8);
            f.Device.SetNoNotify(true);
            Add(f, 1);
            Assert.False(f.Queue.ShouldNotify());
            f.Device.SetNoNotify(false);
            Add(f, 1);
            Assert.True(f.Queue.ShouldNotify());
        }

        [Fact]
        public void NoEventIndex_AvailEventIgnored()
        {
            using var f = new QueueFixture(queueSize: 8);
            f.Device.SetAvailEvent(100);
            Add(f, 1);
            Assert.True(f.Queue.ShouldNotify());
        }

        [Fact]
        public void EventIndex_FreshQueue_FirstChainNotifies()
        {
            // avail_event starts at 0: the device wants to hear when entry 0 is written.
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            Add(f, 1);
            Assert.True(f.Queue.ShouldNotify());
        }

        // Old avail idx 5, three chains added at once (new 8): notify iff avail_event ∈ [5, 8).
        [Theory]
        [InlineData(4, false)] // old - 1: the device already heard of entry 4
        [InlineData(5, true)]  // old: the first new entry
        [InlineData(6, true)]
        [InlineData(7, true)]  // new - 1: the last new entry
        [InlineData(8, false)] // new: not written yet
        [InlineData(9, false)]
        public void EventIndex_BatchOfThree_NotifiesExactlyWhenAvailEventInBatch(ushort availEvent, bool expected)
        {
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            Advance(f, 5);
            f.Device.AutoAvailEvent = false;
            f.Device.SetAvailEvent(availEvent);
            Add(f, 3);
            Assert.Equal(expected, f.Queue.ShouldNotify());
        }

        [Fact]
        public void EventIndex_DeviceKeepsUp_EveryAddNotifies_DeviceBehind_OnlyFirst()
        {
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            Advance(f, 3); // the device popped each, setting avail_event to its last_avail_idx
            Add(f, 1);
            Assert.True(f.Queue.ShouldNotify());
            Add(f, 1); // the device has not popped: avail_event still names the previous entry
            Assert.False(f.Queue.ShouldNotify());
            f.Device.PopAll(); // now avail_event = 5
            Add(f, 1);
            Assert.True(f.Queue.ShouldNotify());
        }

        [Fact]
        public void EventIndex_NoNotifyFlagIgnored()
        {
            // 2.7.10: with EVENT_IDX the driver MUST ignore the lower bit of used flags.
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            f.Device.SetNoNotify(true);
            Add(f, 1);
            Assert.True(f.Queue.ShouldNotify());
        }

        [Fact]
        public void EventIndex_AcrossIndexWrap_BoundariesHold()
        {
            using var f = new QueueFixture(queueSize: 2, eventIndex: true);
            Advance(f, 65534); // avail idx = 65534
            f.Device.AutoAvailEvent = false;

            f.Device.SetAvailEvent(65535);
            Add(f, 2); // 65534 → 0: entries 65534 and 65535
            Assert.True(f.Queue.ShouldNotify());
            foreach (SimulatedDevice.Chain chain in f.Device.PopAll())
                f.Device.Complete(chain.Head, 0);
            f.TakeOne();
            f.TakeOne();

            f.Device.SetAvailEvent(1);
            Add(f, 1); // 0 → 1: entry 0 only
            Assert.False(f.Queue.ShouldNotify());
            Add(f, 1); // 1 → 2: entry 1
            Assert.True(f.Queue.ShouldNotify());
        }

        [Theory]
        [InlineData(0, 1, 0, true)]
        [InlineData(0, 0, 0, false)]
        [InlineData(5, 8, 5, true)]
        [InlineData(7, 8, 5, true)]
        [InlineData(8, 8, 5, false)]
        [InlineData(4, 8, 5, false)]
        [InlineData(65535, 1, 65534, true)]  // batch 65534, 65535, 0 straddles the wrap
        [InlineData(0, 1, 65534, true)]
        [InlineData(1, 1, 65534, false)]
        [InlineData(65533, 1, 65534, false)]
        public void NeedsEvent_IsMembershipOfHalfOpenBatch(int eventIndex, int newIndex, int oldIndex, bool expected) =>
            Assert.Equal(expected, EventIndex.NeedsEvent((ushort)eventIndex, (ushort)newIndex, (ushort)oldIndex));

        [Fact]
        public void NeedsEvent_MatchesSpecWordingForAllSmallBatches()
        {
            // 2.7.10: notify iff one of the entries written (old .. new-1) has index avail_event.
            for (int old = 65530; old < 65530 + 12; old++)
                for (int count = 0; count <= 4; count++)
                    for (int ev = 65528; ev < 65528 + 20; ev++)
                    {
                        bool expected = false;
                        for (int i = 0; i < count; i++)
                            expected |= (ushort)(old + i) == (ushort)ev;
                        Assert.Equal(expected, EventIndex.NeedsEvent((ushort)ev, (ushort)(old + count), (ushort)old));
                    }
        }
    }
}
