using System;
using System.Diagnostics;
using System.Threading;
using OSv.Core.Sync;
using OSv.Testing;
using Xunit;
using Semaphore = OSv.Core.Sync.Semaphore;

namespace OSv.Core.Tests.Sync
{
    public class SemaphoreTests
    {
        private const long Millisecond = 1_000_000;

        [Fact]
        public void TryWait_InitialCount_TakesExactlyThatMany()
        {
            var semaphore = new Semaphore(3);
            Assert.True(semaphore.TryWait());
            Assert.True(semaphore.TryWait());
            Assert.True(semaphore.TryWait());
            Assert.False(semaphore.TryWait());
            Assert.Equal(0, semaphore.CurrentCount);
        }

        [Fact]
        public void Release_NoWaiters_AddsToCount()
        {
            var semaphore = new Semaphore(0);
            Assert.Equal(0, semaphore.Release(2));
            Assert.Equal(2, semaphore.Release());
            Assert.Equal(3, semaphore.CurrentCount);
        }

        [Fact]
        public void Wait_Timeout_ReturnsFalseTakingNothing()
        {
            var semaphore = new Semaphore(0);
            var clock = Stopwatch.StartNew();

            bool taken = semaphore.Wait(50 * Millisecond);

            clock.Stop();
            Assert.False(taken);
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(50), "returned early: " + clock.Elapsed);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "returned late: " + clock.Elapsed);
            semaphore.Release();
            Assert.Equal(1, semaphore.CurrentCount); // the timed-out waiter is not served
        }

        [Fact]
        public void Release_Three_WakesExactlyThreeWaiters()
        {
            const int threads = 5;
            var semaphore = new Semaphore(0);
            int returned = 0;
            Workers waiters = Workers.Start(threads, _ =>
            {
                semaphore.Wait();
                Interlocked.Increment(ref returned);
            });
            Thread.Sleep(50); // let them queue (if some have not, they take units from the count)

            semaphore.Release(3);
            Assert.True(Workers.WaitUntil(() => Volatile.Read(ref returned) >= 3));
            Thread.Sleep(100); // a fourth, wrong, return would show here
            Assert.Equal(3, Volatile.Read(ref returned));

            semaphore.Release(2);
            waiters.Join();
            Assert.Equal(threads, returned);
            Assert.Equal(0, semaphore.CurrentCount);
        }

        [Fact]
        public void Wait_ManyThreadsCounting_NeverMoreThanCountInside()
        {
            const int limit = 3;
            const int threads = 8;
            const int iterations = 5_000;
            var semaphore = new Semaphore(limit);
            int inside = 0;
            int mostInside = 0;

            Workers.Run(threads, _ =>
            {
                for (int i = 0; i < iterations; i++)
                {
                    semaphore.Wait();
                    int now = Interlocked.Increment(ref inside);
                    int seen = Volatile.Read(ref mostInside);
                    while (now > seen && Interlocked.CompareExchange(ref mostInside, now, seen) != seen)
                        seen = Volatile.Read(ref mostInside);
                    Interlocked.Decrement(ref inside);
                    semaphore.Release();
                }
            });

            Assert.InRange(mostInside, 1, limit);
            Assert.Equal(limit, semaphore.CurrentCount);
        }

        [Fact]
        public void Wait_TimeoutsRacingReleases_NoUnitLostOrDuplicated()
        {
            // Every released unit ends either with a waiter that returned true or in the count,
            // whichever of a waiter's cancel and the release's claim wins.
            const int waiters = 4;
            const int rounds = 3_000;
            const int units = 4_000;
            var semaphore = new Semaphore(0);
            long taken = 0;
            int released = 0;

            Workers waiting = Workers.Start(waiters, _ =>
            {
                for (int i = 0; i < rounds; i++)
                {
                    if (semaphore.Wait((i % 5) * 20_000)) // 0 to 80 microseconds
                        Interlocked.Increment(ref taken);
                }
            }, "waiter");
            Workers.Run(1, _ =>
            {
                for (int i = 0; i < units; i++)
                {
                    semaphore.Release();
                    Volatile.Write(ref released, i + 1);
                    if ((i & 7) == 0)
                        OSv.Core.Sched.Thread.Yield();
                }
            }, "releaser");
            waiting.Join();

            Assert.Equal(units, released);
            Assert.Equal(units, Interlocked.Read(ref taken) + semaphore.CurrentCount);
        }

        [Fact]
        public void WaitRelease_RoundTrips_AllocateNothing()
        {
            var semaphore = new Semaphore(1);
            semaphore.Wait(0); // first use
            semaphore.Release();
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 100; i++)
                {
                    semaphore.Wait();
                    semaphore.TryWait();
                    semaphore.Wait(0); // empty: queues, times out, unlinks
                    semaphore.Release();
                }
            });

            Assert.Equal(0, allocated);
            Assert.Equal(1, semaphore.CurrentCount);
        }

        [Fact]
        public void Release_BeyondMaximum_Throws()
        {
            var semaphore = new Semaphore(1, maximumCount: 2);
            semaphore.Release();
            Assert.Throws<InvalidOperationException>(() => semaphore.Release());
            Assert.Equal(2, semaphore.CurrentCount);
        }

        [Fact]
        public void Release_ZeroCount_Throws()
        {
            var semaphore = new Semaphore(0);
            Assert.Throws<ArgumentOutOfRangeException>(() => semaphore.Release(0));
        }
    }
}
