// OSv.Core.Sync.Mutex against .NET's System.Threading.Lock and Monitor.
//
// Uncontended: one thread, Lock+Unlock pairs in a loop (OperationsPerInvoke pairs), so the figure
// is the time of one pair. Target: the Mutex no slower than System.Threading.Lock.
//
// Contended: 2 or 4 long-lived worker threads (started once, in GlobalSetup) each run
// PairsPerThread Lock/increment/Unlock pairs on one shared lock per invocation, all released
// together from a start gate (without it, one thread finishes its pairs before the next is even
// scheduled, and nothing contends); the figure is wall time divided by all pairs, i.e. the time
// per pair with that many threads competing. The
// Mutex never spins: under contention each acquisition is a direct hand-off to a parked waiter,
// so hosted it pays one host thread wake per pair, while Lock and Monitor spin and let a running
// thread barge in.
using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using OsvMutex = OSv.Core.Sync.Mutex;

namespace OSv.Benchmarks.Hosted
{
    [MemoryDiagnoser]
    public class MutexBenchmarks
    {
        private const int UncontendedPairs = 1_000;
        private const int PairsPerThread = 100_000;
        private const int WorkersMax = 4;

        private enum LockKind { OsvMutex, Lock, Monitor }

        private readonly OsvMutex _mutex = new OsvMutex();
        private readonly Lock _lock = new Lock();
        private readonly object _monitor = new object();
        private long _counter;

        private Thread[] _workers = Array.Empty<Thread>();
        private SemaphoreSlim[] _go = Array.Empty<SemaphoreSlim>();
        private CountdownEvent _done = new CountdownEvent(1);
        private volatile LockKind _kind;
        private volatile bool _stopping;
        private int _notYetAtGate;

        [GlobalSetup]
        public void Setup()
        {
            _workers = new Thread[WorkersMax];
            _go = new SemaphoreSlim[WorkersMax];
            for (int i = 0; i < WorkersMax; i++)
            {
                int index = i;
                _go[i] = new SemaphoreSlim(0);
                _workers[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = "bench" + i };
                _workers[i].Start();
            }
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _stopping = true;
            foreach (SemaphoreSlim go in _go)
                go.Release();
            foreach (Thread worker in _workers)
                worker.Join();
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = UncontendedPairs)]
        public void Uncontended_Lock()
        {
            Lock l = _lock;
            for (int i = 0; i < UncontendedPairs; i++)
            {
                l.Enter();
                l.Exit();
            }
        }

        [Benchmark(OperationsPerInvoke = UncontendedPairs)]
        public void Uncontended_OsvMutex()
        {
            OsvMutex m = _mutex;
            for (int i = 0; i < UncontendedPairs; i++)
            {
                m.Lock();
                m.Unlock();
            }
        }

        [Benchmark(OperationsPerInvoke = UncontendedPairs)]
        public void Uncontended_Monitor()
        {
            object o = _monitor;
            for (int i = 0; i < UncontendedPairs; i++)
            {
                Monitor.Enter(o);
                Monitor.Exit(o);
            }
        }

        [Benchmark(OperationsPerInvoke = 2 * PairsPerThread)]
        public void Contended2_Lock() => RunContended(LockKind.Lock, 2);

        [Benchmark(OperationsPerInvoke = 2 * PairsPerThread)]
        public void Contended2_OsvMutex() => RunContended(LockKind.OsvMutex, 2);

        [Benchmark(OperationsPerInvoke = 2 * PairsPerThread)]
        public void Contended2_Monitor() => RunContended(LockKind.Monitor, 2);

        [Benchmark(OperationsPerInvoke = 4 * PairsPerThread)]
        public void Contended4_Lock() => RunContended(LockKind.Lock, 4);

        [Benchmark(OperationsPerInvoke = 4 * PairsPerThread)]
        public void Contended4_OsvMutex() => RunContended(LockKind.OsvMutex, 4);

        [Benchmark(OperationsPerInvoke = 4 * PairsPerThread)]
        public void Contended4_Monitor() => RunContended(LockKind.Monitor, 4);

        private void RunContended(LockKind kind, int threads)
        {
            _kind = kind;
            Volatile.Write(ref _notYetAtGate, threads);
            _done.Reset(threads);
            for (int i = 0; i < threads; i++)
                _go[i].Release();
            _done.Wait();
        }

        private void WorkerLoop(int index)
        {
            while (true)
            {
                _go[index].Wait();
                if (_stopping)
                    return;
                // Start gate: wait until every worker of this invocation has arrived.
                Interlocked.Decrement(ref _notYetAtGate);
                var spinner = new SpinWait();
                while (Volatile.Read(ref _notYetAtGate) != 0)
                    spinner.SpinOnce(sleep1Threshold: -1);
                switch (_kind)
                {
                    case LockKind.OsvMutex:
                        for (int i = 0; i < PairsPerThread; i++)
                        {
                            _mutex.Lock();
                            _counter++;
                            _mutex.Unlock();
                        }
                        break;
                    case LockKind.Lock:
                        for (int i = 0; i < PairsPerThread; i++)
                        {
                            _lock.Enter();
                            _counter++;
                            _lock.Exit();
                        }
                        break;
                    default:
                        for (int i = 0; i < PairsPerThread; i++)
                        {
                            Monitor.Enter(_monitor);
                            _counter++;
                            Monitor.Exit(_monitor);
                        }
                        break;
                }
                _done.Signal();
            }
        }
    }
}
