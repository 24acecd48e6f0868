// Scheduling on every CPU: pinning, wake-ups that cross CPUs (a halted CPU needs the reschedule
// IPI, or the ping-pong below never finishes), placement of new threads, and the load balancer.
using System.Threading;
using OSv.Core;
using OSv.Core.Sched;
using OSv.Core.Time;
using Thread = OSv.Core.Sched.Thread;

internal static class Processors
{
    private const int PingPongRounds = 500;

    // Under TCG on a shared machine: several balancer periods (RunQueue.BalanceIntervalNs).
    private const long MigrationWaitNanoseconds = 3 * Clock.NanosecondsPerSecond;

    // Far beyond the idle loop's polling (Scheduler.IdlePollNs, 20 µs): the CPU has halted.
    private const long HaltSettleNanoseconds = 50 * Clock.NanosecondsPerMillisecond;
    private const long WakeWaitNanoseconds = 2 * Clock.NanosecondsPerSecond;

    public static void PinnedThreadsRunWhereTold()
    {
        int cpus = Machine.ProcessorCount;
        int[] seen = new int[cpus];
        Thread[] threads = new Thread[cpus];
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            int index = cpu;
            threads[cpu] = Thread.StartOn(cpu, () => seen[index] = Thread.Current.Processor + 1, "pinned" + cpu);
        }
        bool allWhereTold = true;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            threads[cpu].Join();
            allWhereTold &= seen[cpu] == cpu + 1;
        }
        Check.That("smp.pinned.threads.run.on.their.cpu", allWhereTold);
    }

    // Two threads on the first and the last CPU hand a turn back and forth with Park/Unpark:
    // each waits with no timeout, so every wake-up must reach the other CPU by itself.
    public static void CrossProcessorPingPong()
    {
        int last = Machine.ProcessorCount - 1;
        int turn = 0; // even: ping's turn
        int rounds = 0;
        Thread? ping = null, pong = null;
        var bothStarted = new OSv.Core.Sync.Semaphore(0);
        ping = Thread.StartOn(0, () =>
        {
            bothStarted.Wait();
            for (int i = 0; i < PingPongRounds; i++)
            {
                while ((Volatile.Read(ref turn) & 1) != 0)
                    Thread.Park();
                rounds++;
                Volatile.Write(ref turn, turn + 1);
                pong!.Unpark();
            }
        }, "ping");
        pong = Thread.StartOn(last, () =>
        {
            bothStarted.Wait();
            for (int i = 0; i < PingPongRounds; i++)
            {
                while ((Volatile.Read(ref turn) & 1) == 0)
                    Thread.Park();
                rounds++;
                Volatile.Write(ref turn, turn + 1);
                ping.Unpark();
            }
        }, "pong");
        bothStarted.Release();
        bothStarted.Release();
        ping.Join();
        pong.Join();
        Check.Equal("smp.cross.cpu.pingpong.rounds", 2 * PingPongRounds, rounds);
    }

    // A thread parked (no timeout) on the last CPU long enough for that CPU to halt: only the
    // reschedule IPI can wake it in time (the balancer's timer there is 100 ms away at most).
    // The waker runs pinned to CPU 0: main is not pinned, and the balancer may have moved it.
    // Needs a second CPU.
    public static void WakeHaltedProcessor()
    {
        if (Machine.ProcessorCount < 2)
            return;
        bool woken = false, byIpi = false;
        Thread.StartOn(0, () => WakeHaltedProcessorFromCpu0(out woken, out byIpi), "waker").Join();
        Check.That("smp.halted.cpu.woken", woken);
        Check.That("smp.halted.cpu.woken.by.ipi", byIpi);
    }

    private static void WakeHaltedProcessorFromCpu0(out bool woken, out bool byIpi)
    {
        int wokenFlag = 0;
        bool go = false;
        Thread sleeper = Thread.StartOn(Machine.ProcessorCount - 1, () =>
        {
            while (!Volatile.Read(ref go))
                Thread.Park();
            Volatile.Write(ref wokenFlag, 1);
        }, "parked");
        Thread.Sleep(HaltSettleNanoseconds);
        long ipisBefore = Machine.RescheduleInterruptsSent;
        Volatile.Write(ref go, true);
        sleeper.Unpark();
        byIpi = Machine.RescheduleInterruptsSent > ipisBefore;
        long deadline = Clock.NowNanoseconds + WakeWaitNanoseconds;
        while (Volatile.Read(ref wokenFlag) == 0 && Clock.NowNanoseconds < deadline)
            Thread.Sleep(Clock.NanosecondsPerMillisecond);
        woken = Volatile.Read(ref wokenFlag) == 1;
        if (woken)
            sleeper.Join();
    }

    // Busy threads started without a CPU land on the least-loaded one: every CPU gets some.
    public static void PlacementSpreads()
    {
        int cpus = Machine.ProcessorCount;
        bool release = false;
        int[] startedOn = new int[2 * cpus];
        Thread[] spinners = new Thread[startedOn.Length];
        for (int i = 0; i < spinners.Length; i++)
        {
            int index = i;
            spinners[i] = Thread.Start(() =>
            {
                Volatile.Write(ref startedOn[index], Thread.Current.Processor + 1);
                while (!Volatile.Read(ref release))
                {
                }
            }, "spinner" + i);
        }
        for (int i = 0; i < spinners.Length; i++)
        {
            while (Volatile.Read(ref startedOn[i]) == 0)
                Thread.Sleep(Clock.NanosecondsPerMillisecond);
        }
        Volatile.Write(ref release, true);
        bool[] used = new bool[cpus];
        for (int i = 0; i < spinners.Length; i++)
        {
            spinners[i].Join();
            used[startedOn[i] - 1] = true;
        }
        bool everyCpu = true;
        for (int cpu = 0; cpu < cpus; cpu++)
            everyCpu &= used[cpu];
        Check.That("smp.placement.uses.every.cpu", everyCpu);
    }

    // Three busy threads started on CPU 0 and then unpinned: CPU 0's balancer, seeing the others
    // idle, moves one of them. Needs a second CPU, so it reports nothing on one.
    public static void BalancerMigrates()
    {
        if (Machine.ProcessorCount < 2)
            return;
        bool stop = false;
        int migrated = 0;
        Thread[] spinners = new Thread[3];
        for (int i = 0; i < spinners.Length; i++)
        {
            spinners[i] = Thread.StartOn(0, () =>
            {
                while (!Volatile.Read(ref stop))
                {
                    if (Thread.Current.Processor != 0)
                        Volatile.Write(ref migrated, 1);
                }
            }, "busy" + i);
        }
        for (int i = 0; i < spinners.Length; i++)
            spinners[i].Unpin();
        long deadline = Clock.NowNanoseconds + MigrationWaitNanoseconds;
        while (Volatile.Read(ref migrated) == 0 && Clock.NowNanoseconds < deadline)
            Thread.Sleep(10 * Clock.NanosecondsPerMillisecond);
        Volatile.Write(ref stop, true);
        for (int i = 0; i < spinners.Length; i++)
            spinners[i].Join();
        Check.That("smp.balancer.migrates.busy.thread", migrated == 1);
    }
}
