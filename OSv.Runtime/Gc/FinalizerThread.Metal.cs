// The finalizer thread: a kernel thread running CoreLib's own loop (System.Runtime.__Finalizer.
// ProcessFinalizers, exported by CoreLib as "ProcessFinalizers"), as NativeAOT's native runtime
// starts it at initialisation. The loop asks RhpWaitForFinalizerRequest for work, drains the
// ready queue through RhpGetNextFinalizableObject (GcExports), and reports each round with
// RhpSignalFinalizationComplete.
//
// Waiting is OSv.Core's Park/Unpark (a permit: an Unpark before the Park is not lost): the
// thread parks while the ready queue is empty; a collection that queued objects unparks it
// (after resuming the world: no waking with the world stopped). GC.WaitForPendingFinalizers
// (RhWaitForPendingFinalizers) polls with a short sleep until the queue is empty and no round is
// running: rare, and it keeps the finalizer's side free of waiter bookkeeping.
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using OSv.Core.Sched;

namespace OSv.Runtime.Gc
{
    internal static unsafe class FinalizerThread
    {
        private const long PendingPollNanoseconds = 1_000_000;

        private static OSv.Core.Sched.Thread? s_thread;
        private static int s_roundRunning;
        private static long s_roundsCompleted;

        public static long RoundsCompleted => Volatile.Read(ref s_roundsCompleted);

        public static void Start() => s_thread = OSv.Core.Sched.Thread.Start(Run, "finalizer");

        public static void Wake() => s_thread?.Unpark();

        private static void Run() => ProcessFinalizers();

        [UnmanagedCallersOnly(EntryPoint = "RhpWaitForFinalizerRequest")]
        private static uint WaitForFinalizerRequest()
        {
            while (QueuedCount() == 0)
                OSv.Core.Sched.Thread.Park();
            // Before the queue can drain: a waiter that sees it empty also sees the round running.
            Volatile.Write(ref s_roundRunning, 1);
            return 1;
        }

        [UnmanagedCallersOnly(EntryPoint = "RhpSignalFinalizationComplete")]
        private static void SignalFinalizationComplete(uint finalizedCount, int observedFullGcCount)
        {
            Interlocked.Increment(ref s_roundsCompleted);
            Volatile.Write(ref s_roundRunning, 0);
        }

        [UnmanagedCallersOnly(EntryPoint = "RhWaitForPendingFinalizers")]
        private static void WaitForPendingFinalizers(int allowReentrantWait)
        {
            if (s_thread == null || Scheduler.CurrentOrNull == s_thread)
                return;     // no finalizer yet, or the finalizer itself: nothing to wait for
            while (QueuedCount() > 0 || Volatile.Read(ref s_roundRunning) != 0)
                OSv.Core.Sched.Thread.Sleep(PendingPollNanoseconds);
        }

        private static int QueuedCount()
        {
            ulong flags = GcRuntime.Lock();
            int count = GcRuntime.Heap->FinalizationQueueCount;
            GcRuntime.Unlock(flags);
            return count;
        }

        // CoreLib's finalizer loop ([UnmanagedCallersOnly(EntryPoint = "ProcessFinalizers")]).
        [RuntimeImport("ProcessFinalizers"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void ProcessFinalizers();
    }
}
