// LowLevelMonitor_*: mutual exclusion, wait/signal across threads, timed waits that time out
// (0) or are signalled (1), handles reused after Destroy, stale handles caught.
using System;
using System.Diagnostics;
using System.Threading;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public class LowLevelMonitorTests
    {
        [Fact]
        public void Create_ReturnsDistinctNonNullHandles()
        {
            nint first = LowLevelMonitors.Create();
            nint second = LowLevelMonitors.Create();
            Assert.NotEqual(0, first);
            Assert.NotEqual(first, second);
            LowLevelMonitors.Destroy(first);
            LowLevelMonitors.Destroy(second);
        }

        [Fact]
        public void AcquireRelease_GivesMutualExclusion()
        {
            nint monitor = LowLevelMonitors.Create();
            int counter = 0;
            var threads = new Thread[4];
            for (int t = 0; t < threads.Length; t++)
            {
                threads[t] = new Thread(() =>
                {
                    for (int i = 0; i < 5000; i++)
                    {
                        LowLevelMonitors.Acquire(monitor);
                        counter = counter + 1; // not atomic: only the monitor protects it
                        LowLevelMonitors.Release(monitor);
                    }
                });
                threads[t].Start();
            }
            foreach (Thread thread in threads)
                thread.Join();
            Assert.Equal(20_000, counter);
            LowLevelMonitors.Destroy(monitor);
        }

        [Fact]
        public void Wait_ReturnsAfterSignalRelease_FromAnotherThread_HoldingTheMonitor()
        {
            nint monitor = LowLevelMonitors.Create();
            bool ready = false;
            bool observedReady = false;
            var waiter = new Thread(() =>
            {
                LowLevelMonitors.Acquire(monitor);
                while (!ready)
                    LowLevelMonitors.Wait(monitor);
                observedReady = ready;
                LowLevelMonitors.Release(monitor);
            });
            waiter.Start();
            Thread.Sleep(20);
            LowLevelMonitors.Acquire(monitor);
            ready = true;
            LowLevelMonitors.SignalRelease(monitor);
            Assert.True(waiter.Join(TimeSpan.FromSeconds(10)));
            Assert.True(observedReady);
            LowLevelMonitors.Destroy(monitor);
        }

        [Fact]
        public void TimedWait_WithoutSignal_TimesOutWithZero_AfterTheTimeout()
        {
            nint monitor = LowLevelMonitors.Create();
            LowLevelMonitors.Acquire(monitor);
            var stopwatch = Stopwatch.StartNew();
            int result = LowLevelMonitors.TimedWait(monitor, 50);
            stopwatch.Stop();
            LowLevelMonitors.Release(monitor); // still held after the timeout
            Assert.Equal(0, result);
            Assert.True(stopwatch.ElapsedMilliseconds >= 45, "waited " + stopwatch.ElapsedMilliseconds + " ms");
            LowLevelMonitors.Destroy(monitor);
        }

        [Fact]
        public void TimedWait_Signalled_ReturnsOne()
        {
            nint monitor = LowLevelMonitors.Create();
            int result = -1;
            bool waiting = false;
            var waiter = new Thread(() =>
            {
                LowLevelMonitors.Acquire(monitor);
                Volatile.Write(ref waiting, true);
                result = LowLevelMonitors.TimedWait(monitor, 10_000);
                LowLevelMonitors.Release(monitor);
            });
            waiter.Start();
            while (!Volatile.Read(ref waiting))
                Thread.Yield();
            LowLevelMonitors.Acquire(monitor); // the waiter has released it inside TimedWait
            LowLevelMonitors.SignalRelease(monitor);
            Assert.True(waiter.Join(TimeSpan.FromSeconds(10)));
            Assert.Equal(1, result);
            LowLevelMonitors.Destroy(monitor);
        }

        [Fact]
        public void DestroyedHandle_IsRejected()
        {
            nint monitor = LowLevelMonitors.Create();
            LowLevelMonitors.Destroy(monitor);
            Assert.Throws<InvalidOperationException>(() => LowLevelMonitors.Acquire(monitor));
            Assert.Throws<InvalidOperationException>(() => LowLevelMonitors.Acquire(0));
        }

        [Fact]
        public void CreateDestroy_ManyTimes_ReusesSlots()
        {
            for (int i = 0; i < PalLimits.LowLevelMonitorsMax * 2; i++)
            {
                nint monitor = LowLevelMonitors.Create();
                Assert.NotEqual(0, monitor);
                LowLevelMonitors.Destroy(monitor);
            }
        }
    }
}
