// Test threads for the Sync tests: starts OSv threads (hosted: .NET threads) running a body,
// records the first exception a body throws (an unhandled one would kill the test host), and joins
// them under a watchdog, so that a deadlock fails the test instead of hanging the run.
using System;
using System.Diagnostics;
using System.Threading;
using Xunit;
using OsvThread = OSv.Core.Sched.Thread;

namespace OSv.Core.Tests.Sync
{
    internal sealed class Workers
    {
        // Generous: the machine is shared and noisy; a correct run takes well under a second.
        public static readonly TimeSpan DeadlockTimeout = TimeSpan.FromSeconds(20);

        private readonly OsvThread[] _threads;
        private readonly CountdownEvent _finished;
        private Exception? _failure;

        private Workers(int count, Action<int> body, string name)
        {
            _threads = new OsvThread[count];
            _finished = new CountdownEvent(count);
            for (int i = 0; i < count; i++)
            {
                int index = i;
                _threads[i] = OsvThread.Start(() => RunOne(body, index), name + index);
            }
        }

        // Starts count threads running body(index); Join waits for them.
        public static Workers Start(int count, Action<int> body, string name = "worker") => new Workers(count, body, name);

        // Runs count threads to completion.
        public static void Run(int count, Action<int> body, string name = "worker") => Start(count, body, name).Join();

        // True once every body has returned (or thrown).
        public bool AllFinished => _finished.IsSet;

        public int FinishedCount => _threads.Length - _finished.CurrentCount;

        public void Join()
        {
            Assert.True(_finished.Wait(DeadlockTimeout), "workers did not finish within " + DeadlockTimeout + " (deadlock or lost wake-up)");
            foreach (OsvThread thread in _threads)
                thread.Join();
            if (_failure != null)
                throw new Exception("a worker failed: " + _failure.Message, _failure);
        }

        private void RunOne(Action<int> body, int index)
        {
            try
            {
                body(index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            finally
            {
                _finished.Signal();
            }
        }

        // Polls condition until it holds or DeadlockTimeout passes; returns whether it held.
        public static bool WaitUntil(Func<bool> condition)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > DeadlockTimeout)
                    return false;
                Thread.Sleep(1);
            }
            return true;
        }
    }
}
