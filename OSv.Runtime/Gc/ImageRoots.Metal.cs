// The roots of an image, reported with the world stopped (WorldStoppedCollection). All but the
// handles and the finalization queue (the heap's own) are scanned conservatively:
//   the image's writable data, .data through .bss but the boot stack's unmapped guard page
//     (Arch/X64/collector.S): the GC static region's
//     cells, ilc's frozen objects (preinitialised statics, which may be written), non-GC statics
//     that keep an object's address as a number (the scheduler's lock-free links), the runtime's
//     tables (thread-static slots, ThreadStaticStorage);
//   the boot object memory (ObjectMemory): the statics objects CoreLib's InitializeModules made,
//     the kernel's threads and schedulers; immortal, and their fields point into the heap;
//   frozen segments registered outside the image (CoreLib's FrozenObjectHeapManager);
//   every live thread's allocation context (its windows' unused tails stay allocated);
//   every thread's stack from Thread.StackScanStart to StackTop (switch frame or stop frame,
//     so its registers too), and the collecting thread's from its spilled callee-saved
//     registers up.
// Precise scanning of the statics would be tighter, but every one of these ranges may also hold
// addresses the kernel keeps as numbers; conservative costs only false retentions.
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Core.Sched;
using OSv.Runtime.Memory;
using OSv.Runtime.Startup;

namespace OSv.Runtime.Gc
{
    internal unsafe struct ImageRoots : IRootSource
    {
        private const int CalleeSavedRegisterCount = 6;
        private const int GuardPageWords = 4096 / 8;

        private struct ThreadVisit
        {
            public void* Sink;      // a TSink (the visitor's type argument)
            public long Self;
            public int Scanned;
        }

        public void ReportRoots<TSink>(ref TSink sink) where TSink : struct, IRootSink
        {
            nuint* imageStart, guardPage, imageEnd;
            WritableImageRange(&imageStart, &guardPage, &imageEnd);
            sink.ReportConservative(imageStart, guardPage);
            sink.ReportConservative(guardPage + GuardPageWords, imageEnd);
            ReportBootMemory(ref sink);
            ReportFrozenSegmentsOutside(ref sink, imageStart, imageEnd);
            ReportOwnStack(ref sink);
            var visit = new ThreadVisit
            {
                Sink = Unsafe.AsPointer(ref sink),
                Self = Scheduler.AddressOf(Scheduler.CurrentOrNull),
            };
            Thread.VisitAll(&VisitThread<TSink>, &visit);
        }

        private static void ReportBootMemory<TSink>(ref TSink sink) where TSink : struct, IRootSink
        {
            for (int index = 0; index < ObjectMemory.ChunkCount; index++)
            {
                ObjectMemory.UsedRange(index, out byte* start, out byte* end);
                sink.ReportConservative((nuint*)start, (nuint*)end);
            }
        }

        private static void ReportFrozenSegmentsOutside<TSink>(ref TSink sink, nuint* imageStart, nuint* imageEnd)
            where TSink : struct, IRootSink
        {
            ref FrozenSegmentRegistry segments = ref FrozenSegments.All;
            for (int index = 0; index < segments.Count; index++)
            {
                FrozenSegment segment = segments[index];
                var start = (nuint*)segment.Start;
                if (start >= imageStart && start < imageEnd)
                    continue;
                sink.ReportConservative(start, (nuint*)segment.Allocated);
            }
        }

        // The collecting thread: its callee-saved registers (which may hold its callers'
        // references) spilled into this frame, then everything above them up to its stack top.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ReportOwnStack<TSink>(ref TSink sink) where TSink : struct, IRootSink
        {
            nuint* registers = stackalloc nuint[CalleeSavedRegisterCount];
            SpillCalleeSaved(registers);
            Thread? self = Scheduler.CurrentOrNull;
            ulong top = self != null ? self.StackTop : 0;
            if (top == 0 || top <= (ulong)registers)
            {
                sink.ReportConservative(registers, registers + CalleeSavedRegisterCount);
                return;
            }
            sink.ReportConservative(registers, (nuint*)top);
        }

        private static void VisitThread<TSink>(Thread thread, void* context) where TSink : struct, IRootSink
        {
            var visit = (ThreadVisit*)context;
            Unsafe.AsRef<TSink>(visit->Sink).ReportAllocationWindows(GcRuntime.ContextOf(thread));
            if (Scheduler.AddressOf(thread) == visit->Self)
                return;
            ulong start = thread.StackScanStart;
            ulong top = thread.StackTop;
            if (start == 0 || top == 0 || start >= top || top - start > (ulong)Thread.StackBytesMax + 4096)
                return;     // being created (no stack yet) or a record the scan must not trust
            Unsafe.AsRef<TSink>(visit->Sink).ReportConservative((nuint*)start, (nuint*)top);
            visit->Scanned++;
        }

        [RuntimeImport("osv_gc_writable_image_range"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void WritableImageRange(nuint** start, nuint** guardPage, nuint** end);

        [RuntimeImport("osv_gc_spill_callee_saved"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void SpillCalleeSaved(nuint* registers);
    }
}
