// WakeSignal on .NET threads: a raise before the wait is kept, a wait without a raise times out,
// a raise from another thread wakes the waiter, and no raise is lost across many rounds.
using System.Threading;
using OSv.Core.Sync;
using OSv.Core.Time;
using Xunit;

namespace OSv.Core.Tests.Sync
{
    public class WakeSignalTests
    {
        [Fact]
        public void RaiseBeforeWait_WaitReturnsAtOnceAndConsumesIt()
        {
            var signal = new WakeSignal();
            signal.Raise();
            Assert.True(signal.Wait(Clock.NanosecondsPerSecond));
            Assert.False(signal.Wait(10 * Clock.NanosecondsPerMillisecond));
        }

        [Fact]
        public void NoRaise_WaitTimesOut()
        {
            var signal = new WakeSignal();
            long start = Clock.NowNanoseconds;
            Assert.False(signal.Wait(20 * Clock.NanosecondsPerMillisecond));
            Assert.True(Clock.NowNanoseconds - start >= 20 * Clock.NanosecondsPerMillisecond);
        }

        [Fact]
        public void RaiseFromAnotherThread_WakesTheWaiter()
        {
            var signal = new WakeSignal();
            var raiser = new Thread(() =>
            {
                Thread.Sleep(20);
                signal.Raise();
            });
            raiser.Start();
            Assert.True(signal.Wait(10 * Clock.NanosecondsPerSecond));
            raiser.Join();
        }

        [Fact]
        public void ManyRounds_NoRaiseIsLost()
        {
            const int rounds = 20_000;
            var signal = new WakeSignal();
            var done = new WakeSignal();
            int produced = 0;
            var producer = new Thread(() =>
            {
                for (int i = 0; i < rounds; i++)
                {
                    Interlocked.Increment(ref produced);
                    signal.Raise();
                    done.Wait(-1);
                }
            });
            producer.Start();
            for (int i = 0; i < rounds; i++)
            {
                Assert.True(signal.Wait(10 * Clock.NanosecondsPerSecond), "round " + i + " lost its raise");
                Assert.Equal(i + 1, Volatile.Read(ref produced));
                done.Raise();
            }
            producer.Join();
        }
    }
}
