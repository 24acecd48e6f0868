// Mutex and condition-variable figures (OSv's misc-ctxsw shape for the switch).
using OSv.Core.Sched;
using OSv.Core.Sync;
using OSv.Core.Time;

internal static class SyncBenchmarks
{
    private const int PairIterations = 200_000;
    private const int SwitchIterations = 2000;
    private const int ContendedIterationsPerThread = 20_000;

    public static long UncontendedLockUnlock()
    {
        var mutex = new Mutex();
        long start = Clock.NowNanoseconds;
        for (int i = 0; i < PairIterations; i++)
        {
            mutex.Lock();
            mutex.Unlock();
        }
        return (Clock.NowNanoseconds - start) / PairIterations;
    }

    public static long SignalWithoutWaiters()
    {
        var condition = new CondVar();
        long start = Clock.NowNanoseconds;
        for (int i = 0; i < PairIterations; i++)
            condition.Signal();
        return (Clock.NowNanoseconds - start) / PairIterations;
    }

    // Two threads take turns under one mutex, each waiting on the condition variable for its
    // turn: every hand-over is one thread switch (on the caller's CPU when the partner is pinned
    // there, otherwise a wake-up across CPUs each time).
    public static long MutexCondVarPingPongSwitch(int partnerCpu)
    {
        var mutex = new Mutex();
        var turnChanged = new CondVar();
        int turn = 0;
        Thread partner = Thread.StartOn(partnerCpu, () => TakeTurns(mutex, turnChanged, ref turn, 1), "pong");
        long start = Clock.NowNanoseconds;
        TakeTurns(mutex, turnChanged, ref turn, 0);
        long elapsed = Clock.NowNanoseconds - start;
        partner.Join();
        return elapsed / (2L * SwitchIterations);
    }

    private static void TakeTurns(Mutex mutex, CondVar turnChanged, ref int turn, int me)
    {
        for (int i = 0; i < SwitchIterations; i++)
        {
            mutex.Lock();
            while (turn != me)
                turnChanged.Wait(mutex);
            turn = 1 - me;
            turnChanged.Signal();
            mutex.Unlock();
        }
    }

    // Contenders pinned round-robin over the first cpus CPUs.
    public static long ContendedLockUnlock(int threadCount, int cpus)
    {
        var mutex = new Mutex();
        long shared = 0;
        Thread[] threads = new Thread[threadCount];
        long start = Clock.NowNanoseconds;
        for (int t = 0; t < threadCount; t++)
        {
            threads[t] = Thread.StartOn(t % cpus, () =>
            {
                for (int i = 0; i < ContendedIterationsPerThread; i++)
                {
                    mutex.Lock();
                    shared++;
                    mutex.Unlock();
                }
            }, "contender" + t);
        }
        for (int t = 0; t < threadCount; t++)
            threads[t].Join();
        return (Clock.NowNanoseconds - start) / ((long)threadCount * ContendedIterationsPerThread);
    }
}
