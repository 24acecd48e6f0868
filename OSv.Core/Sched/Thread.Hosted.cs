// Hosted threads: a Thread wraps a .NET thread; the permit is guarded by a monitor.
using System;

namespace OSv.Core.Sched
{
    public sealed partial class Thread
    {
        [ThreadStatic]
        private static Thread? t_current;

        private readonly System.Threading.Thread _host;
        private readonly object _permitLock = new object();
        private bool _permit;

        private Thread(System.Threading.Thread host, string name)
        {
            _host = host;
            Name = name;
            WaitRecord = new WaitRecord(this);
            Register();
        }

        public static Thread Current => t_current ??= new Thread(System.Threading.Thread.CurrentThread, System.Threading.Thread.CurrentThread.Name ?? "host");

        public static Thread Start(Action body, string name) => StartCore(body, name, 0);

        // The same with a stack of stackBytes (rounded up to pages, at most StackBytesMax).
        public static Thread Start(Action body, string name, int stackBytes)
        {
            int rounded = RoundStackBytes(stackBytes);
            if (rounded < 0)
                throw new ArgumentOutOfRangeException(nameof(stackBytes), stackBytes, "a thread's stack is 1 byte to Thread.StackBytesMax");
            return StartCore(body, name, rounded);
        }

        // Hosted there is no FS base to load (the process's FS belongs to the .NET runtime's own
        // TLS): the value is only stored, for libraries that read it back.
        public static void SetCurrentThreadPointer(ulong threadPointer) => Current.ThreadPointer = threadPointer;

        // maxStackBytes 0: the runtime's default stack size.
        private static Thread StartCore(Action body, string name, int maxStackBytes)
        {
            Thread? created = null;
            var host = new System.Threading.Thread(() =>
            {
                t_current = created;
                try
                {
                    body();
                }
                finally
                {
                    created!.Unregister();
                }
            }, maxStackBytes)
            { Name = name, IsBackground = true };
            created = new Thread(host, name);
            host.Start();
            return created;
        }

        // Hosted, the operating system places .NET threads: the processor is only checked.
        public static Thread StartOn(int processor, Action body, string name)
        {
            if (processor < 0 || processor >= Environment.ProcessorCount)
                throw new ArgumentOutOfRangeException(nameof(processor));
            return Start(body, name);
        }

        public void Unpin()
        {
        }

        // Hosted threads belong to no CPU of ours.
        public int Processor => -1;

        public void Join() => _host.Join();

        public static void Yield() => System.Threading.Thread.Yield();

        public static void Park()
        {
            Thread self = Current;
            lock (self._permitLock)
            {
                while (!self._permit)
                    System.Threading.Monitor.Wait(self._permitLock);
                self._permit = false;
            }
        }

        // Returns false when the timeout passed without a permit.
        public static bool Park(long timeoutNanoseconds)
        {
            Thread self = Current;
            long deadline = DeadlineAfter(timeoutNanoseconds);
            lock (self._permitLock)
            {
                while (!self._permit)
                {
                    long remaining = deadline - Time.Clock.NowNanoseconds;
                    if (remaining <= 0)
                        return false;
                    System.Threading.Monitor.Wait(self._permitLock, TimeSpan.FromTicks(Math.Max(1, remaining / 100)));
                }
                self._permit = false;
                return true;
            }
        }

        public void Unpark()
        {
            lock (_permitLock)
            {
                _permit = true;
                System.Threading.Monitor.Pulse(_permitLock);
            }
        }

        // At least the time asked (POSIX sleeps never return early): the host's sleep counts whole
        // milliseconds, so sleep in rounded-up milliseconds until the deadline has passed.
        public static void Sleep(long nanoseconds)
        {
            long deadline = DeadlineAfter(Math.Max(0, nanoseconds));
            while (true)
            {
                long remaining = deadline - Time.Clock.NowNanoseconds;
                if (remaining <= 0)
                    return;
                System.Threading.Thread.Sleep(TimeSpan.FromMilliseconds(Math.Ceiling(remaining / 1e6)));
            }
        }
    }
}
