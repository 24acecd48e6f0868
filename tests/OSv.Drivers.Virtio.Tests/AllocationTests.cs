// Style rule 4: the data path allocates nothing. Only the driver's calls are measured; the
// simulated device (test code) allocates freely between them. Each window of AllocationMeter is
// a run of round trips that leaves the queue empty, as it found it.
using System;
using OSv.Drivers.Virtio.Virtqueue;
using OSv.Testing;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class AllocationTests
    {
        [Theory]
        [InlineData(false, false)]
        [InlineData(true, true)]
        public void RoundTrips_DriverSideAllocatesNothing(bool eventIndex, bool indirect)
        {
            using var f = new QueueFixture(queueSize: 16, eventIndex, indirect);
            var readable = new[] { f.Segment(0, 16), f.Segment(64, 16), f.Segment(128, 16) };
            var writable = new[] { f.Segment(256, 64) };
            int roundTrips = 0;
            long driverBytes = AllocationMeter.SteadyStateCountedBytes(() =>
            {
                long bytes = 0;
                for (int round = 0; round < 1000; round++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    Assert.True(f.Queue.TryAdd(readable, writable, out ushort head));
                    f.Queue.ShouldNotify();
                    f.Queue.DisableCallbacks();
                    long afterAdd = GC.GetAllocatedBytesForCurrentThread();

                    f.Device.Pop();
                    f.Device.Complete(head, 10);

                    long beforeTake = GC.GetAllocatedBytesForCurrentThread();
                    f.Queue.TryTakeUsed(out UsedBuffer used);
                    f.Queue.EnableCallbacks();
                    long afterTake = GC.GetAllocatedBytesForCurrentThread();
                    Assert.Equal(head, used.Head);
                    bytes += (afterAdd - before) + (afterTake - beforeTake);
                    roundTrips++;
                }
                return bytes;
            });
            Assert.Equal(0L, driverBytes);
            Assert.Equal(1000 * (1 + AllocationMeter.Windows), roundTrips);
        }
    }
}
