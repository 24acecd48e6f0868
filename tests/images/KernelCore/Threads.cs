using System;
using OSv.Core.Sched;
using OSv.Core.Time;

internal static class Threads
{
    // Generous: the guest runs under TCG on a shared machine. Lateness is measured in benchmarks.
    private const long WakeLatenessBoundNanoseconds = 500 * Clock.NanosecondsPerMillisecond;

    public static void StartAndJoin()
    {
        long[] results = new long[4];
        Thread[] threads = new Thread[results.Length];
        for (int i = 0; i < threads.Length; i++)
        {
            int index = i;
            threads[i] = Thread.Start(() => results[index] = SumTo(1000 * (index + 1)), "worker" + i);
        }
        for (int i = 0; i < threads.Length; i++)
            threads[i].Join();
        Check.Equal("thread.results", SumTo(1000) + SumTo(2000) + SumTo(3000) + SumTo(4000), results[0] + results[1] + results[2] + results[3]);
        Check.Equal("thread.current.main", "main", Thread.Current.Name);
    }

    private static long SumTo(int n)
    {
        long sum = 0;
        for (int i = 1; i <= n; i++)
            sum += i;
        return sum;
    }

    public static void ParkAndUnpark()
    {
        Thread main = Thread.Current;
        int rounds = 0;
        bool mainTurn = false;
        Thread partner = Thread.Start(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                while (mainTurn)
                    Thread.Park();
                rounds++;
                mainTurn = true;
                main.Unpark();
            }
        }, "partner");
        for (int i = 0; i < 100; i++)
        {
            while (!mainTurn)
                Thread.Park();
            mainTurn = false;
            partner.Unpark();
        }
        partner.Join();
        Check.Equal("park.pingpong", 100, rounds);
        Thread.Current.Unpark();
        Thread.Park();
        Check.That("park.permit.before.park", true);
    }

    public static void ParkTimeout()
    {
        long start = Clock.NowNanoseconds;
        bool permitted = Thread.Park(20 * Clock.NanosecondsPerMillisecond);
        long elapsed = Clock.NowNanoseconds - start;
        Check.That("park.timeout.returns.false", !permitted);
        Check.That("park.timeout.waits", elapsed >= 20 * Clock.NanosecondsPerMillisecond);
        Check.That("park.timeout.bounded", elapsed < 20 * Clock.NanosecondsPerMillisecond + WakeLatenessBoundNanoseconds);
    }

    // A timeout too long to add to the clock means "never": the wait ends by the Unpark.
    public static void ParkLongTimeout()
    {
        Thread main = Thread.Current;
        Thread waker = Thread.Start(() =>
        {
            Thread.Sleep(5 * Clock.NanosecondsPerMillisecond);
            main.Unpark();
        }, "waker");
        bool permitted = Thread.Park(long.MaxValue);
        waker.Join();
        Check.That("park.long.timeout.woken.by.unpark", permitted);
    }

    public static void Sleeping()
    {
        long[] lateness = new long[3];
        Thread[] sleepers = new Thread[lateness.Length];
        for (int i = 0; i < sleepers.Length; i++)
        {
            int index = i;
            sleepers[i] = Thread.Start(() =>
            {
                long duration = (index + 1) * 10 * Clock.NanosecondsPerMillisecond;
                long start = Clock.NowNanoseconds;
                Thread.Sleep(duration);
                lateness[index] = Clock.NowNanoseconds - start - duration;
            }, "sleeper" + i);
        }
        for (int i = 0; i < sleepers.Length; i++)
            sleepers[i].Join();
        bool allOnTime = true, noneEarly = true;
        for (int i = 0; i < lateness.Length; i++)
        {
            noneEarly &= lateness[i] >= 0;
            allOnTime &= lateness[i] < WakeLatenessBoundNanoseconds;
        }
        Check.That("sleep.not.early", noneEarly);
        Check.That("sleep.wakes.within.bound", allOnTime);
    }

    // Two threads on one CPU that never block: without timer preemption the first would spin
    // forever. Pinned to CPU 0, so that with more CPUs the releaser cannot simply run elsewhere.
    public static void Preemption()
    {
        bool released = false;
        long spins = 0;
        Thread spinner = Thread.StartOn(0, () =>
        {
            while (!System.Threading.Volatile.Read(ref released))
                spins++;
        }, "spinner");
        Thread releaser = Thread.StartOn(0, () => System.Threading.Volatile.Write(ref released, true), "releaser");
        spinner.Join();
        releaser.Join();
        Check.That("preemption.spinner.released", released && spins > 0);
    }

    public static void Yielding()
    {
        int turns = 0;
        // On this CPU, so that the two threads do take turns (atomic anyway: main is not pinned).
        Thread other = Thread.StartOn(Thread.Current.Processor, () =>
        {
            for (int i = 0; i < 50; i++)
            {
                System.Threading.Interlocked.Increment(ref turns);
                Thread.Yield();
            }
        }, "yielder");
        for (int i = 0; i < 50; i++)
        {
            System.Threading.Interlocked.Increment(ref turns);
            Thread.Yield();
        }
        other.Join();
        Check.Equal("yield.both.ran", 100, turns);
    }

    public static void ManyThreads()
    {
        const int count = 64;
        int finished = 0;
        Thread[] threads = new Thread[count];
        for (int i = 0; i < count; i++)
            threads[i] = Thread.Start(() => System.Threading.Interlocked.Increment(ref finished), "many" + i);
        for (int i = 0; i < count; i++)
            threads[i].Join();
        Check.Equal("threads.many.joined", count, finished);
    }
}
