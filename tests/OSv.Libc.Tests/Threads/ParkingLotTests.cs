// The parking table directly: the value check on arrival, timeouts, and wake counts.
using System.Threading;
using OSv.Libc.Threads;
using Xunit;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class ParkingLotTests
    {
        [Fact]
        public void Wait_ValueAlreadyDifferent_ReturnsValueChangedAtOnce()
        {
            int* word = PthreadApi.Zeroed<int>();
            *word = 5;
            Assert.Equal(ParkResult.ValueChanged, ParkingLot.Wait(word, 4, ParkingLot.NoDeadline));
            PthreadApi.Free(word);
        }

        [Fact]
        public void Wait_NobodyWakes_TimesOutAndLeavesNothingQueued()
        {
            int* word = PthreadApi.Zeroed<int>();
            long deadline = OSv.Core.Time.Clock.NowNanoseconds + 20_000_000;
            Assert.Equal(ParkResult.TimedOut, ParkingLot.Wait(word, 0, deadline));
            Assert.True(OSv.Core.Time.Clock.NowNanoseconds >= deadline);
            Assert.Equal(0, ParkingLot.Wake(word, 1));
            PthreadApi.Free(word);
        }

        [Fact]
        public void Wake_CountLimitsHowManyLeave_OthersStayParked()
        {
            const int Waiters = 4;
            int* word = PthreadApi.Zeroed<int>();
            int* other = PthreadApi.Zeroed<int>(); // may share the bucket; must not be woken
            int woken = 0;
            var threads = new Thread[Waiters];
            for (int i = 0; i < Waiters; i++)
            {
                threads[i] = new Thread(() =>
                {
                    if (ParkingLot.Wait(word, 0, ParkingLot.NoDeadline) == ParkResult.Woken)
                        Interlocked.Increment(ref woken);
                });
                threads[i].Start();
            }
            var bystander = new Thread(() => ParkingLot.Wait(other, 0, OSv.Core.Time.Clock.NowNanoseconds + 2_000_000_000));
            bystander.Start();
            WaitUntil(() => ParkingLot.CountWaiters(word) == Waiters && ParkingLot.CountWaiters(other) == 1);
            Assert.Equal(0, ParkingLot.Wake(word + 1, int.MaxValue)); // nobody waits there
            Assert.Equal(1, ParkingLot.Wake(word, 1));
            Assert.Equal(2, ParkingLot.Wake(word, 2));
            WaitUntil(() => Volatile.Read(ref woken) == 3);
            Assert.Equal(1, ParkingLot.CountWaiters(word));
            Assert.Equal(1, ParkingLot.WakeAll(word));
            foreach (Thread thread in threads)
                thread.Join();
            Assert.Equal(4, woken);
            Assert.Equal(1, ParkingLot.Wake(other, 1));
            bystander.Join();
            PthreadApi.Free(other);
            PthreadApi.Free(word);
        }
    
        // Load-independent: polls (up to 20 s) instead of sleeping a fixed time.
        private static void WaitUntil(System.Func<bool> condition)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(waited.ElapsedMilliseconds < 20_000, "condition not reached in 20 s");
                Thread.Sleep(2);
            }
        }
    }
}
