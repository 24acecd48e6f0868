// Threads and their synchronisation: Thread start/join, lock contention, a Monitor.Wait/Pulse
// ping-pong (strict alternation, so its log is deterministic), the slim primitives, Interlocked,
// ThreadLocal and [ThreadStatic] (each thread sees only its own value). Results are gathered and
// written from the body's thread, in an order that does not depend on scheduling.
using System.Collections.Generic;
using System.Threading;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class ThreadsArea
    {
        public static CompatArea Create() => new CompatArea("threads", RunByDefault: true, new[]
        {
            new CompatBody("start-join", StartJoin),
            new CompatBody("lock-contention", LockContention),
            new CompatBody("monitor-ping-pong", MonitorPingPong),
            new CompatBody("slim-primitives", SlimPrimitives),
            new CompatBody("interlocked", InterlockedOperations),
            new CompatBody("thread-local", ThreadLocalValues),
            new CompatBody("thread-static", ThreadStaticValues),
        });

        private const int WorkerCount = 4;

        private static void StartJoin(Transcript t)
        {
            var results = new long[WorkerCount];
            var threads = new Thread[WorkerCount];
            for (var i = 0; i < WorkerCount; i++)
            {
                var index = i;
                threads[i] = new Thread(() =>
                {
                    long sum = 0;
                    for (var n = 0; n <= 10_000 * (index + 1); n++)
                        sum += n;
                    results[index] = sum;
                });
                threads[i].Name = "worker" + i;
                threads[i].Start();
            }
            foreach (var thread in threads)
                thread.Join();
            t.Line("sums", results);
            var parameterized = new Thread(state => results[0] = (int)state! * 2);
            parameterized.Start(21);
            parameterized.Join();
            t.Line("parameterized", results[0]);
            t.Line("joined thread not alive", !parameterized.IsAlive);
            t.Line("name kept", threads[2].Name);
            var background = new Thread(() => { }) { IsBackground = true };
            background.Start();
            t.Line("join with timeout", background.Join(60_000));
        }

        private static readonly object counterLock = new object();
        private static long lockedCounter;

        private static void LockContention(Transcript t)
        {
            lockedCounter = 0;
            var threads = new Thread[WorkerCount];
            for (var i = 0; i < WorkerCount; i++)
            {
                threads[i] = new Thread(() =>
                {
                    for (var n = 0; n < 20_000; n++)
                    {
                        lock (counterLock)
                            lockedCounter++;
                    }
                });
                threads[i].Start();
            }
            foreach (var thread in threads)
                thread.Join();
            t.Line("counter", lockedCounter);
            var modern = new Lock();
            var total = 0;
            var workers = new Thread[WorkerCount];
            for (var i = 0; i < WorkerCount; i++)
            {
                workers[i] = new Thread(() =>
                {
                    for (var n = 0; n < 10_000; n++)
                    {
                        using (modern.EnterScope())
                            total++;
                    }
                });
                workers[i].Start();
            }
            foreach (var worker in workers)
                worker.Join();
            t.Line("System.Threading.Lock counter", total);
            t.Line("recursive lock", RecursiveLock(3));
        }

        private static int RecursiveLock(int depth)
        {
            lock (counterLock)
                return depth == 0 ? 0 : 1 + RecursiveLock(depth - 1);
        }

        private const int PingPongRounds = 200;

        // Two threads alternate strictly through one monitor: turn says whose move it is.
        private static void MonitorPingPong(Transcript t)
        {
            var gate = new object();
            var turn = 0;
            var log = new List<string>();
            void Player(int me)
            {
                for (var round = 0; round < PingPongRounds; round++)
                {
                    lock (gate)
                    {
                        while (turn != me)
                            Monitor.Wait(gate);
                        if (log.Count < 6)
                            log.Add((me == 0 ? "ping " : "pong ") + round);
                        turn = 1 - me;
                        Monitor.Pulse(gate);
                    }
                }
            }
            var ponger = new Thread(() => Player(1));
            ponger.Start();
            Player(0);
            ponger.Join();
            t.Line("first moves", log);
            t.Line("final turn", turn);
            var waitedOut = false;
            lock (gate)
                waitedOut = !Monitor.Wait(gate, 1);
            t.Line("wait with timeout and no pulse returns false", waitedOut);
            var released = 0;
            var waiters = new Thread[3];
            var ready = 0;
            for (var i = 0; i < waiters.Length; i++)
            {
                waiters[i] = new Thread(() =>
                {
                    lock (gate)
                    {
                        ready++;
                        Monitor.PulseAll(gate);
                        while (turn != 7)
                            Monitor.Wait(gate);
                        released++;
                    }
                });
                waiters[i].Start();
            }
            lock (gate)
            {
                while (ready < waiters.Length)
                    Monitor.Wait(gate);
                turn = 7;
                Monitor.PulseAll(gate);
            }
            foreach (var waiter in waiters)
                waiter.Join();
            t.Line("PulseAll released", released);
        }

        private static void SlimPrimitives(Transcript t)
        {
            using var started = new ManualResetEventSlim(false);
            using var semaphore = new SemaphoreSlim(0);
            var produced = new int[10];
            var producer = new Thread(() =>
            {
                started.Set();
                for (var i = 0; i < produced.Length; i++)
                {
                    produced[i] = i * i;
                    semaphore.Release();
                }
            });
            producer.Start();
            started.Wait();
            var consumed = 0;
            for (var i = 0; i < produced.Length; i++)
            {
                semaphore.Wait();
                consumed += Volatile.Read(ref produced[i]);
            }
            producer.Join();
            t.Line("consumed sum", consumed);
            t.Line("semaphore empty", !semaphore.Wait(0));
            using var countdown = new CountdownEvent(WorkerCount);
            var phases = new int[WorkerCount];
            using var barrier = new Barrier(WorkerCount);
            var threads = new Thread[WorkerCount];
            for (var i = 0; i < WorkerCount; i++)
            {
                var index = i;
                threads[i] = new Thread(() =>
                {
                    for (var phase = 0; phase < 3; phase++)
                    {
                        Interlocked.Increment(ref phases[phase % WorkerCount]);
                        barrier.SignalAndWait();
                    }
                    countdown.Signal();
                });
                threads[i].Start();
            }
            countdown.Wait();
            foreach (var thread in threads)
                thread.Join();
            t.Line("barrier phases", phases);
            t.Line("barrier phase number", barrier.CurrentPhaseNumber);
            var rw = new ReaderWriterLockSlim();
            rw.EnterReadLock();
            var upgradeable = rw.IsReadLockHeld;
            rw.ExitReadLock();
            rw.EnterWriteLock();
            t.Line("reader-writer", upgradeable + " " + rw.IsWriteLockHeld);
            rw.ExitWriteLock();
            rw.Dispose();
        }

        private static void InterlockedOperations(Transcript t)
        {
            long shared = 0;
            var maximum = 0;
            var threads = new Thread[WorkerCount];
            for (var i = 0; i < WorkerCount; i++)
            {
                var index = i;
                threads[i] = new Thread(() =>
                {
                    for (var n = 0; n < 50_000; n++)
                        Interlocked.Add(ref shared, 2);
                    var candidate = (index + 1) * 10;
                    var seen = Volatile.Read(ref maximum);
                    while (candidate > seen)
                    {
                        var previous = Interlocked.CompareExchange(ref maximum, candidate, seen);
                        if (previous == seen)
                            break;
                        seen = previous;
                    }
                });
                threads[i].Start();
            }
            foreach (var thread in threads)
                thread.Join();
            t.Line("added", shared);
            t.Line("maximum by CAS", maximum);
            var exchanged = 5;
            t.Line("exchange", Interlocked.Exchange(ref exchanged, 9) + " " + exchanged);
            object? reference = null;
            t.Line("reference CAS", Interlocked.CompareExchange(ref reference, "set", null) == null && (string)reference! == "set");
        }

        private static void ThreadLocalValues(Transcript t)
        {
            using var local = new ThreadLocal<int>(() => 100, trackAllValues: true);
            var seen = new int[WorkerCount];
            var threads = new Thread[WorkerCount];
            for (var i = 0; i < WorkerCount; i++)
            {
                var index = i;
                threads[i] = new Thread(() =>
                {
                    var initial = local.Value;
                    local.Value = initial + index;
                    Thread.Yield();
                    seen[index] = local.Value;
                });
                threads[i].Start();
            }
            foreach (var thread in threads)
                thread.Join();
            t.Line("per thread", seen);
            t.Line("main thread untouched", local.Value);
            var all = new List<int>(local.Values);
            all.Sort();
            t.Line("all values", all);
        }

        [System.ThreadStatic]
        private static int threadStaticCounter;

        [System.ThreadStatic]
        private static string? threadStaticName;

        private static void ThreadStaticValues(Transcript t)
        {
            threadStaticCounter = 1000;
            threadStaticName = "main";
            var seen = new string[WorkerCount];
            var threads = new Thread[WorkerCount];
            for (var i = 0; i < WorkerCount; i++)
            {
                var index = i;
                threads[i] = new Thread(() =>
                {
                    var startedWith = threadStaticCounter + "/" + (threadStaticName ?? "null");
                    for (var n = 0; n <= index; n++)
                        threadStaticCounter++;
                    threadStaticName = "t" + index;
                    Thread.Yield();
                    seen[index] = startedWith + " -> " + threadStaticCounter + "/" + threadStaticName;
                });
                threads[i].Start();
            }
            foreach (var thread in threads)
                thread.Join();
            t.Line("per thread", seen);
            t.Line("main thread kept", threadStaticCounter + "/" + threadStaticName);
        }
    }
}
