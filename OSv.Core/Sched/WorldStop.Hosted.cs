// Hosted, the kernel owns no CPUs: there is nobody to stop (the host runtime's collector stops
// its own threads). Stop and Resume only keep the bookkeeping, so callers work unchanged.
using System.Threading;

namespace OSv.Core.Sched
{
    public static class WorldStop
    {
        private static int s_initiating;
        private static long s_stopCount;

        public static long StopCount => Volatile.Read(ref s_stopCount);

        public static bool IsStopped => Volatile.Read(ref s_initiating) != 0;

        public static ulong StopOtherProcessors()
        {
            var spinner = new SpinWait();
            while (Interlocked.CompareExchange(ref s_initiating, 1, 0) != 0)
                spinner.SpinOnce();
            return 0;
        }

        public static void ResumeOtherProcessors(ulong token)
        {
            Interlocked.Increment(ref s_stopCount);
            Volatile.Write(ref s_initiating, 0);
        }
    }
}
