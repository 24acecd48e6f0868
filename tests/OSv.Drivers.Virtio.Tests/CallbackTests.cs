// Used buffer notification (interrupt) suppression (2.7.7, 2.7.14): what the device decides
// after the driver enables, disables or delays callbacks, with and without event index.
using System;
using OSv.Drivers.Virtio.Virtqueue;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class CallbackTests
    {
        private static ushort[] AddPopped(QueueFixture f, int chains)
        {
            var heads = new ushort[chains];
            for (int i = 0; i < chains; i++)
                heads[i] = f.AddPublished(new[] { f.Segment(i * 8, 8) }, Array.Empty<BufferSegment>());
            f.Device.PopAll();
            return heads;
        }

        [Fact]
        public void NoEventIndex_Enabled_DeviceInterrupts()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort[] heads = AddPopped(f, 2);
            Assert.True(f.Device.Complete(heads[0], 0));
            Assert.True(f.Device.Complete(heads[1], 0));
            Assert.Equal(2, f.Device.InterruptsRaised);
        }

        [Fact]
        public void NoEventIndex_Disabled_NoInterruptFlagSetAndDeviceQuiet()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort[] heads = AddPopped(f, 1);
            f.Queue.DisableCallbacks();
            Assert.Equal(1, f.Device.AvailFlags);
            Assert.False(f.Queue.CallbacksEnabled);
            Assert.False(f.Device.Complete(heads[0], 0));
        }

        [Fact]
        public void NoEventIndex_EnableWithNothingPending_ReturnsTrueAndClearsFlag()
        {
            using var f = new QueueFixture(queueSize: 8);
            f.Queue.DisableCallbacks();
            Assert.True(f.Queue.EnableCallbacks());
            Assert.Equal(0, f.Device.AvailFlags);
        }

        [Fact]
        public void NoEventIndex_EnableWithCompletionWaiting_ReturnsFalse()
        {
            using var f = new QueueFixture(queueSize: 8);
            ushort[] heads = AddPopped(f, 1);
            f.Queue.DisableCallbacks();
            f.Device.Complete(heads[0], 0); // suppressed: the driver must find it by polling
            Assert.False(f.Queue.EnableCallbacks());
            f.TakeOne();
            Assert.True(f.Queue.EnableCallbacks());
        }

        [Fact]
        public void EventIndex_FreshQueue_InterruptOnFirstCompletionOnly()
        {
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            ushort[] heads = AddPopped(f, 2);
            Assert.True(f.Device.Complete(heads[0], 0));  // placed at used idx 0 = used_event
            Assert.False(f.Device.Complete(heads[1], 0)); // the driver has not caught up
        }

        [Fact]
        public void EventIndex_TakeWithCallbacksOn_UsedEventFollowsAndNextCompletionInterrupts()
        {
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            ushort[] heads = AddPopped(f, 3);
            f.Device.Complete(heads[0], 0);
            f.TakeOne();
            Assert.Equal(1, f.Device.UsedEvent);
            Assert.True(f.Device.Complete(heads[1], 0));
            f.TakeOne();
            Assert.True(f.Device.Complete(heads[2], 0));
            Assert.Equal(0, f.Device.AvailFlags); // 2.7.7.1: flags stay 0 with event index
        }

        [Fact]
        public void EventIndex_Disabled_NoInterruptsAndFlagsStayZero()
        {
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            ushort[] heads = AddPopped(f, 4);
            f.Queue.DisableCallbacks();
            Assert.Equal(0, f.Device.AvailFlags);
            Assert.Equal(ushort.MaxValue, f.Device.UsedEvent); // one behind used idx 0
            foreach (ushort head in heads)
                Assert.False(f.Device.Complete(head, 0));
            for (int i = 0; i < 4; i++)
                f.TakeOne(); // taking with callbacks off leaves used_event alone
            Assert.Equal(ushort.MaxValue, f.Device.UsedEvent);
            Assert.Equal(0, f.Device.InterruptsRaised);
        }

        [Fact]
        public void EventIndex_Enable_UsedEventAtNextElement()
        {
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            ushort[] heads = AddPopped(f, 3);
            f.Queue.DisableCallbacks();
            f.Device.Complete(heads[0], 0);
            Assert.False(f.Queue.EnableCallbacks()); // one waiting
            f.TakeOne();
            Assert.True(f.Queue.EnableCallbacks());
            Assert.Equal(1, f.Device.UsedEvent);
            Assert.True(f.Device.Complete(heads[1], 0));
        }

        [Fact]
        public void EventIndex_BatchCompletionSpanningUsedEvent_OneInterrupt()
        {
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            ushort[] heads = AddPopped(f, 4);
            Assert.True(f.Device.CompleteBatch(new (uint, uint)[] { (heads[0], 0), (heads[1], 0), (heads[2], 0) }));
            Assert.Equal(1, f.Device.InterruptsRaised);
        }

        [Fact]
        public void EventIndex_Delayed_InterruptAfterThreeQuartersOfOutstanding()
        {
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            ushort[] heads = AddPopped(f, 8);
            f.Queue.DisableCallbacks();
            Assert.True(f.Queue.EnableCallbacksDelayed()); // budget 6: used_event = 0 + 6
            Assert.Equal(6, f.Device.UsedEvent);
            for (int i = 0; i < 6; i++)
                Assert.False(f.Device.Complete(heads[i], 0));
            Assert.True(f.Device.Complete(heads[6], 0)); // the 7th element sits at used idx 6
        }

        [Fact]
        public void EventIndex_DelayedWithBudgetAlreadyUsed_ReturnsFalse()
        {
            using var f = new QueueFixture(queueSize: 8, eventIndex: true);
            ushort[] heads = AddPopped(f, 4); // budget 3
            f.Queue.DisableCallbacks();
            for (int i = 0; i < 3; i++)
                f.Device.Complete(heads[i], 0);
            Assert.True(f.Queue.EnableCallbacksDelayed()); // 3 used, not past the budget
            f.Device.Complete(heads[3], 0);
            f.Queue.DisableCallbacks();
            Assert.False(f.Queue.EnableCallbacksDelayed()); // 4 used > budget 3
        }

        [Fact]
        public void NoEventIndex_Delayed_IsPlainEnable()
        {
            using var f = new QueueFixture(queueSize: 8);
            f.Queue.DisableCallbacks();
            Assert.True(f.Queue.EnableCallbacksDelayed());
            Assert.Equal(0, f.Device.AvailFlags);
        }
    }
}
