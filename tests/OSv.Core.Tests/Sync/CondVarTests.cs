using System;
using System.Diagnostics;
using System.Threading;
using OSv.Core.Sync;
using OSv.Testing;
using Xunit;
using Mutex = OSv.Core.Sync.Mutex;

namespace OSv.Core.Tests.Sync
{
    public class CondVarTests
    {
        private const long Millisecond = 1_000_000;

        // A bounded buffer in the textbook shape: one mutex, a condition for "not full" and one
        // for "not empty", every wait in a loop on its predicate.
        private sealed class BoundedBuffer
        {
            private readonly int[] _slots;
            private readonly Mutex _mutex = new Mutex();
            private readonly CondVar _notFull = new CondVar();
            private readonly CondVar _notEmpty = new CondVar();
            private int _head;
            private int _count;

            public BoundedBuffer(int capacity) { _slots = new int[capacity]; }

            public void Put(int item)
            {
                _mutex.Lock();
                while (_count == _slots.Length)
                    _notFull.Wait(_mutex);
                _slots[(_head + _count) % _slots.Length] = item;
                _count++;
                _notEmpty.Signal();
                _mutex.Unlock();
            }

            public int Take()
            {
                _mutex.Lock();
                while (_count == 0)
                    _notEmpty.Wait(_mutex);
                int item = _slots[_head];
                _head = (_head + 1) % _slots.Length;
                _count--;
                _notFull.Signal();
                _mutex.Unlock();
                return item;
            }
        }

        [Fact]
        public void ProducerConsumer_BoundedBuffer_EveryItemDeliveredOnce()
        {
            const int producers = 3;
            const int consumers = 3;
            const int itemsPerProducer = 10_000;
            const int items = producers * itemsPerProducer;
            var buffer = new BoundedBuffer(capacity: 4);
            var deliveries = new int[items];

            Workers consuming = Workers.Start(consumers, index =>
            {
                for (int i = 0; i < items / consumers; i++)
                    Interlocked.Increment(ref deliveries[buffer.Take()]);
            }, "consumer");
            Workers.Run(producers, index =>
            {
                for (int i = 0; i < itemsPerProducer; i++)
                    buffer.Put(index * itemsPerProducer + i);
            }, "producer");
            consuming.Join();

            for (int item = 0; item < items; item++)
                Assert.True(deliveries[item] == 1, "item " + item + " delivered " + deliveries[item] + " times");
        }

        [Fact]
        public void Signal_TwoWaiters_WakesExactlyOne()
        {
            var mutex = new Mutex();
            var condition = new CondVar();
            int waiting = 0;
            int woken = 0;
            Workers waiters = Workers.Start(2, _ =>
            {
                mutex.Lock();
                waiting++;
                condition.Wait(mutex);
                woken++;
                mutex.Unlock();
            });
            // Both have linked their records once both counted themselves under the mutex.
            Assert.True(Workers.WaitUntil(() => { using (mutex.Acquire()) return waiting == 2; }));

            condition.Signal();
            Assert.True(Workers.WaitUntil(() => { using (mutex.Acquire()) return woken >= 1; }));
            Thread.Sleep(100); // a second, wrong, wake would show here
            using (mutex.Acquire())
                Assert.Equal(1, woken);

            condition.Signal();
            waiters.Join();
            Assert.Equal(2, woken);
        }

        [Fact]
        public void Broadcast_ManyWaiters_WakesAll()
        {
            const int threads = 6;
            var mutex = new Mutex();
            var condition = new CondVar();
            int waiting = 0;
            int woken = 0;
            Workers waiters = Workers.Start(threads, _ =>
            {
                mutex.Lock();
                waiting++;
                condition.Wait(mutex);
                woken++;
                mutex.Unlock();
            });
            Assert.True(Workers.WaitUntil(() => { using (mutex.Acquire()) return waiting == threads; }));

            using (mutex.Acquire())
                condition.Broadcast(); // morphed onto the mutex we hold: they run after we unlock
            waiters.Join();
            Assert.Equal(threads, woken);
        }

        [Fact]
        public void Signal_NoWaiters_IsNotRemembered()
        {
            var mutex = new Mutex();
            var condition = new CondVar();
            condition.Signal();
            condition.Broadcast();
            mutex.Lock();
            Assert.False(condition.Wait(mutex, 20 * Millisecond));
            mutex.Unlock();
        }

        [Fact]
        public void Wait_Timeout_ReturnsFalseHoldingMutex()
        {
            var mutex = new Mutex();
            var condition = new CondVar();
            mutex.Lock();
            var clock = Stopwatch.StartNew();

            bool signalled = condition.Wait(mutex, 50 * Millisecond);

            clock.Stop();
            Assert.False(signalled);
            Assert.True(mutex.IsOwnedByCurrentThread);
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(50), "returned early: " + clock.Elapsed);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "returned late: " + clock.Elapsed);
            mutex.Unlock();
        }

        [Fact]
        public void Wait_SignalledBeforeTimeout_ReturnsTrue()
        {
            var mutex = new Mutex();
            var condition = new CondVar();
            bool ready = false;
            bool signalled = false;
            Workers waiter = Workers.Start(1, _ =>
            {
                mutex.Lock();
                while (!ready)
                    signalled = condition.Wait(mutex, 10_000 * Millisecond);
                mutex.Unlock();
            });
            Thread.Sleep(20);
            using (mutex.Acquire())
            {
                ready = true;
                condition.Signal();
            }
            waiter.Join();
            Assert.True(signalled);
        }

        [Fact]
        public void Wait_TimeoutsRacingSignals_EveryWaitEndsHoldingMutex()
        {
            // Timed waits that expire while signals arrive: each wait must end exactly once,
            // holding the mutex, whichever of its cancel and a signal's claim wins.
            const int waiters = 4;
            const int rounds = 3_000;
            var mutex = new Mutex();
            var condition = new CondVar();
            int inside = 0;
            int overlaps = 0;
            bool done = false;

            Workers waiting = Workers.Start(waiters, index =>
            {
                for (int i = 0; i < rounds; i++)
                {
                    mutex.Lock();
                    condition.Wait(mutex, (i % 5) * 20_000); // 0 to 80 microseconds
                    if (!mutex.IsOwnedByCurrentThread || inside != 0)
                        overlaps++;
                    inside = 1;
                    inside = 0;
                    mutex.Unlock();
                }
            }, "waiter");
            Workers signalling = Workers.Start(2, index =>
            {
                while (!Volatile.Read(ref done))
                {
                    if (index == 0)
                        condition.Signal();
                    else
                        condition.Broadcast();
                    OSv.Core.Sched.Thread.Yield();
                }
            }, "signaller");
            waiting.Join();
            Volatile.Write(ref done, true);
            signalling.Join();

            Assert.Equal(0, overlaps);
        }

        [Fact]
        public void WaitSignal_RoundTrips_AllocateNothing()
        {
            var mutex = new Mutex();
            var condition = new CondVar();
            mutex.Lock();
            condition.Wait(mutex, 0); // first use: the wait record gets its id
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 100; i++)
                {
                    condition.Wait(mutex, 0);
                    condition.Signal();
                    condition.Broadcast();
                }
            });

            Assert.Equal(0, allocated);
            mutex.Unlock();
        }

        [Fact]
        public void Wait_MutexNotHeld_Throws()
        {
            var mutex = new Mutex();
            var condition = new CondVar();
            Assert.Throws<InvalidOperationException>(() => condition.Wait(mutex));
        }

        [Fact]
        public void Wait_MutexHeldRecursively_Throws()
        {
            var mutex = new Mutex();
            var condition = new CondVar();
            mutex.Lock();
            mutex.Lock();
            Assert.Throws<InvalidOperationException>(() => condition.Wait(mutex, Millisecond));
            mutex.Unlock();
            mutex.Unlock();
        }
    }
}
