using System.Threading;
using OSv.Net.Channels;
using OSv.Net.Link;
using Xunit;

namespace OSv.Net.Tests.Channels
{
    public class SpscRingTests
    {
        private static FrameLease Lease(int number) => new FrameLease(number, 60 + number % 100);

        [Fact]
        public void Empty_TryPop_ReturnsFalse()
        {
            var ring = new SpscRing();
            Assert.False(ring.TryPop(out FrameLease lease));
            Assert.Equal(default, lease);
            Assert.Equal(0, ring.Count);
        }

        [Fact]
        public void Empty_FirstPush_ReportsDrained()
        {
            var ring = new SpscRing();
            Assert.Equal(RingPushResult.PushedWasDrained, ring.TryPush(Lease(1)));
            Assert.Equal(1, ring.Count);
        }

        [Fact]
        public void NonEmpty_SecondPush_ReportsPushed()
        {
            var ring = new SpscRing();
            ring.TryPush(Lease(1));
            Assert.Equal(RingPushResult.Pushed, ring.TryPush(Lease(2)));
        }

        [Fact]
        public void Drained_NextPush_ReportsDrainedAgain()
        {
            var ring = new SpscRing();
            ring.TryPush(Lease(1));
            ring.TryPush(Lease(2));
            Assert.True(ring.TryPop(out _));
            Assert.True(ring.TryPop(out _));
            Assert.Equal(RingPushResult.PushedWasDrained, ring.TryPush(Lease(3)));
        }

        [Fact]
        public void Capacity_FromNetLimits_256()
        {
            Assert.Equal(NetLimits.NetChannelRingCapacity, new SpscRing().Capacity);
            Assert.Equal(256, new SpscRing().Capacity);
        }

        [Fact]
        public void Full_Push_ReturnsFullAndKeepsEveryItem()
        {
            var ring = new SpscRing();
            for (int i = 0; i < ring.Capacity; i++)
                Assert.NotEqual(RingPushResult.Full, ring.TryPush(Lease(i)));
            Assert.Equal(RingPushResult.Full, ring.TryPush(Lease(999)));
            Assert.Equal(ring.Capacity, ring.Count);
            for (int i = 0; i < ring.Capacity; i++)
            {
                Assert.True(ring.TryPop(out FrameLease lease));
                Assert.Equal(Lease(i), lease);
            }
            Assert.False(ring.TryPop(out _));
        }

        [Fact]
        public void Full_PopOne_PushSucceedsAgain()
        {
            var ring = new SpscRing();
            for (int i = 0; i < ring.Capacity; i++)
                ring.TryPush(Lease(i));
            Assert.True(ring.TryPop(out _));
            Assert.Equal(RingPushResult.Pushed, ring.TryPush(Lease(7)));
            Assert.Equal(RingPushResult.Full, ring.TryPush(Lease(8)));
        }

        [Fact]
        public void Wrap_ManyRoundsOfVaryingBatches_KeepsFifoOrder()
        {
            var ring = new SpscRing();
            int pushed = 0;
            int popped = 0;
            for (int round = 0; round < 100; round++)
            {
                int batch = 1 + round * 37 % ring.Capacity;
                for (int i = 0; i < batch; i++)
                    Assert.NotEqual(RingPushResult.Full, ring.TryPush(Lease(pushed++)));
                while (ring.TryPop(out FrameLease lease))
                    Assert.Equal(Lease(popped++), lease);
            }
            Assert.Equal(pushed, popped);
            Assert.True(pushed > 10 * ring.Capacity);
        }

        [Fact]
        public void InvalidCapacity_NotPowerOfTwo_UsesNetLimitsCapacity() =>
            Assert.Equal(NetLimits.NetChannelRingCapacity, new SpscRing(100).Capacity);

        // One producer and one consumer thread, a million items: every item arrives once, in
        // order; the producer retries on Full (the classifier would drop to the normal path).
        [Fact]
        public void TwoThreads_MillionItems_ArriveInOrder()
        {
            const int Items = 1_000_000;
            var ring = new SpscRing();
            int errors = 0;
            int received = 0;
            var consumer = new Thread(() =>
            {
                int expected = 0;
                while (expected < Items)
                {
                    if (!ring.TryPop(out FrameLease lease))
                    {
                        Thread.SpinWait(1);
                        continue;
                    }
                    if (lease.Buffer != expected || lease.Length != expected % 1500)
                        errors++;
                    expected++;
                }
                received = expected;
            });
            consumer.Start();
            for (int i = 0; i < Items; i++)
            {
                while (ring.TryPush(new FrameLease(i, i % 1500)) == RingPushResult.Full)
                    Thread.SpinWait(1);
            }
            Assert.True(consumer.Join(60_000), "consumer did not finish");
            Assert.Equal(0, errors);
            Assert.Equal(Items, received);
            Assert.False(ring.TryPop(out _));
        }

        // The wake-up edge under concurrency: whenever the consumer finds the ring empty it
        // "sleeps" until a push reported PushedWasDrained. A lost wake-up would hang it.
        [Fact]
        public void TwoThreads_WakeOnDrainedEdgeOnly_NoLostWakeUp()
        {
            const int Items = 200_000;
            var ring = new SpscRing();
            int signal = 0;   // a sticky event, as a WakeSignal: set by a wake, cleared by the waiter
            int received = 0;
            var consumer = new Thread(() =>
            {
                int taken = 0;
                while (taken < Items)
                {
                    if (ring.TryPop(out _))
                    {
                        taken++;
                        continue;
                    }
                    // Empty: wait for a wake (sticky: a wake before we wait is not lost).
                    var spin = new SpinWait();
                    while (Interlocked.Exchange(ref signal, 0) == 0)
                        spin.SpinOnce(-1);
                }
                received = taken;
            });
            consumer.Start();
            for (int i = 0; i < Items; i++)
            {
                RingPushResult result;
                while ((result = ring.TryPush(new FrameLease(i, 1))) == RingPushResult.Full)
                    Thread.SpinWait(1);
                if (result == RingPushResult.PushedWasDrained)
                    Interlocked.Exchange(ref signal, 1);
            }
            Assert.True(consumer.Join(60_000), "consumer hung: a wake-up was lost");
            Assert.Equal(Items, received);
        }
    }
}
