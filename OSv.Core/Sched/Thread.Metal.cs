// Metal threads, first cut: the boot thread only. Park without a permit would block forever
// with nothing else to run, so it panics as a deadlock. The scheduler replaces this file.
using System;

namespace OSv.Core.Sched
{
    public sealed partial class Thread
    {
        private static Thread? s_boot;
        private bool _permit;

        private Thread(string name)
        {
            Name = name;
            WaitRecord = new WaitRecord(this);
        }

        public static Thread Current => s_boot ??= new Thread("boot");

        public static Thread Start(Action body, string name)
        {
            Machine.Panic("threads are not available on metal yet (kernel-core issue in progress)");
            return Current;
        }

        public void Join() { }

        public static void Yield() { }

        public static void Park()
        {
            if (!Park(long.MaxValue))
                Machine.Panic("deadlock: the only thread parked with no permit");
        }

        public static bool Park(long timeoutNanoseconds)
        {
            Thread self = Current;
            if (self._permit)
            {
                self._permit = false;
                return true;
            }
            return false;
        }

        public void Unpark() => _permit = true;

        public static void Sleep(long nanoseconds)
        {
            long deadline = Time.Clock.NowNanoseconds + nanoseconds;
            while (Time.Clock.NowNanoseconds < deadline)
            {
            }
        }
    }
}
