using System;
using System.Diagnostics;
using System.Threading;
using OSv.Core.Sync;
using Xunit;
using Mutex = OSv.Core.Sync.Mutex;

namespace OSv.Core.Tests.Sync
{
    public class WaitQueueTests
    {
        private const long Millisecond = 1_000_000;

        [Fact]
        public void WakeOne_TwoWaiters_WakesExactlyOne()
        {
            var mutex = new Mutex();
            var queue = new WaitQueue();
            int waiting = 0;
            int woken = 0;
            Workers waiters = Workers.Start(2, _ =>
            {
                mutex.Lock();
                waiting++;
                queue.Wait(mutex);
                woken++;
                mutex.Unlock();
            });
            Assert.True(Workers.WaitUntil(() => { using (mutex.Acquire()) return waiting == 2; }));

            using (mutex.Acquire())
                queue.WakeOne();
            Assert.True(Workers.WaitUntil(() => { using (mutex.Acquire()) return woken >= 1; }));
            Thread.Sleep(100); // a second, wrong, wake would show here
            using (mutex.Acquire())
            {
                Assert.Equal(1, woken);
                queue.WakeOne();
            }
            waiters.Join();
            Assert.Equal(2, woken);
        }

        [Fact]
        public void WakeAll_ManyWaiters_WakesAll()
        {
            const int threads = 6;
            var mutex = new Mutex();
            var queue = new WaitQueue();
            int waiting = 0;
            int woken = 0;
            Workers waiters = Workers.Start(threads, _ =>
            {
                mutex.Lock();
                waiting++;
                queue.Wait(mutex);
                woken++;
                mutex.Unlock();
            });
            Assert.True(Workers.WaitUntil(() => { using (mutex.Acquire()) return waiting == threads; }));

            using (mutex.Acquire())
            {
                queue.WakeAll();
                Thread.Sleep(20);
                Assert.Equal(0, woken); // morphed onto the mutex: nobody runs while we hold it
            }
            waiters.Join();
            Assert.Equal(threads, woken);
        }

        [Fact]
        public void Wait_Timeout_ReturnsFalseHoldingMutex()
        {
            var mutex = new Mutex();
            var queue = new WaitQueue();
            mutex.Lock();
            var clock = Stopwatch.StartNew();

            bool woken = queue.Wait(mutex, 50 * Millisecond);

            clock.Stop();
            Assert.False(woken);
            Assert.True(mutex.IsOwnedByCurrentThread);
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(50), "returned early: " + clock.Elapsed);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "returned late: " + clock.Elapsed);
            queue.WakeAll(); // nothing left to wake: the timed-out record unlinked itself
            mutex.Unlock();
        }

        [Fact]
        public void ProducerConsumer_Handshake_EveryItemDeliveredOnce()
        {
            const int producers = 2;
            const int consumers = 2;
            const int itemsPerProducer = 10_000;
            const int items = producers * itemsPerProducer;
            const int capacity = 4;
            var mutex = new Mutex();
            var notFull = new WaitQueue();
            var notEmpty = new WaitQueue();
            var slots = new int[capacity];
            int head = 0;
            int count = 0;
            var deliveries = new int[items];

            Workers consuming = Workers.Start(consumers, _ =>
            {
                for (int i = 0; i < items / consumers; i++)
                {
                    mutex.Lock();
                    while (count == 0)
                        notEmpty.Wait(mutex);
                    int item = slots[head];
                    head = (head + 1) % capacity;
                    count--;
                    notFull.WakeOne();
                    mutex.Unlock();
                    Interlocked.Increment(ref deliveries[item]);
                }
            }, "consumer");
            Workers.Run(producers, index =>
            {
                for (int i = 0; i < itemsPerProducer; i++)
                {
                    mutex.Lock();
                    while (count == capacity)
                        notFull.Wait(mutex, 1_000 * Millisecond);
                    slots[(head + count) % capacity] = index * itemsPerProducer + i;
                    count++;
                    notEmpty.WakeOne();
                    mutex.Unlock();
                }
            }, "producer");
            consuming.Join();

            for (int item = 0; item < items; item++)
                Assert.True(deliveries[item] == 1, "item " + item + " delivered " + deliveries[item] + " times");
        }

        [Fact]
        public void Wait_TimeoutsRacingWakes_EveryWaitEndsHoldingMutex()
        {
            const int waiters = 4;
            const int rounds = 3_000;
            var mutex = new Mutex();
            var queue = new WaitQueue();
            int overlaps = 0;
            int inside = 0;
            bool done = false;

            Workers waiting = Workers.Start(waiters, index =>
            {
                for (int i = 0; i < rounds; i++)
                {
                    mutex.Lock();
                    queue.Wait(mutex, (i % 5) * 20_000); // 0 to 80 microseconds
                    if (!mutex.IsOwnedByCurrentThread || inside != 0)
                        overlaps++;
                    inside = 1;
                    inside = 0;
                    mutex.Unlock();
                }
            }, "waiter");
            Workers waking = Workers.Start(1, _ =>
            {
                for (int i = 0; !Volatile.Read(ref done); i++)
                {
                    mutex.Lock();
                    if ((i & 1) == 0)
                        queue.WakeOne();
                    else
                        queue.WakeAll();
                    mutex.Unlock();
                    OSv.Core.Sched.Thread.Yield();
                }
            }, "waker");
            waiting.Join();
            Volatile.Write(ref done, true);
            waking.Join();

            Assert.Equal(0, overlaps);
        }

        [Fact]
        public void WakeOne_WaitersMutexNotHeld_Throws()
        {
            var mutex = new Mutex();
            var queue = new WaitQueue();
            int waiting = 0;
            Workers waiter = Workers.Start(1, _ =>
            {
                mutex.Lock();
                waiting = 1;
                queue.Wait(mutex);
                mutex.Unlock();
            });
            Assert.True(Workers.WaitUntil(() => { using (mutex.Acquire()) return waiting == 1; }));

            Assert.Throws<InvalidOperationException>(() => queue.WakeOne());
            using (mutex.Acquire())
                queue.WakeOne();
            waiter.Join();
        }

        [Fact]
        public void Wait_MutexNotHeld_Throws()
        {
            var queue = new WaitQueue();
            Assert.Throws<InvalidOperationException>(() => queue.Wait(new Mutex()));
        }
    }
}
