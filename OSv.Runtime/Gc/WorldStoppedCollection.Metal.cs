// One collection in an image: stop every other CPU (OSv.Core's WorldStop), collect from the
// image's roots (ImageRoots: every live thread's stack and allocation context), record the pause,
// resume, and wake the finalizer thread if the collection queued finalizable objects.
//
// Why this is safe: a CPU acknowledges the stop IPI only with interrupts on, so it holds no heap
// lock (held with interrupts off); every thread's registers are then on its stack (switch frame
// or stop frame), which ImageRoots scans. A thread may be stopped inside an allocation's fast
// path: its context is kept as it is, not retired (GcRuntime, AllocationContext say why). The collecting CPU itself holds no heap lock: the
// allocation path releases it before asking for a collection.
//
// Two CPUs that run out of budget together both ask; WorldStop serialises them and the second
// finds the count changed and returns at once (seenCount), instead of collecting twice.
using OSv.Core.Sched;
using OSv.Core.Time;

namespace OSv.Runtime.Gc
{
    internal static unsafe class WorldStoppedCollection
    {
        // Always collects (GC.Collect).
        public static void Collect() => CollectUnlessDoneSince(-1);

        // Collects unless a collection completed since the caller saw seenCount.
        public static void CollectUnlessDoneSince(long seenCount)
        {
            ulong token = WorldStop.StopOtherProcessors();
            var heap = GcRuntime.Heap;
            if (seenCount >= 0 && heap->Statistics.CollectionCount != seenCount)
            {
                WorldStop.ResumeOtherProcessors(token);
                return;
            }
            long startNanoseconds = Clock.NowNanoseconds;
            var roots = new ImageRoots();
            heap->Collect(ref roots);
            heap->RecordPause(Clock.NowNanoseconds - startNanoseconds);
            int readyCount = heap->FinalizationQueueCount;
            RetentionReport.Print(heap->Retention);
            WorldStop.ResumeOtherProcessors(token);
            if (readyCount > 0)
                FinalizerThread.Wake();
        }
    }
}
