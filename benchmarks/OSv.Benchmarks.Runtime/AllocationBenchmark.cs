// Allocation rate of short-lived small objects: each iteration allocates one 32-byte object
// (two long fields; 16 bytes of header and MethodTable pointer on both runtimes) and keeps it only
// in a local, so nearly all of them are garbage by the next collection. The rate includes the
// collections the allocations cause, as an application sees it.
using System.Runtime.CompilerServices;

namespace OSv.Benchmarks.Runtime
{
    internal static class AllocationBenchmark
    {
        private const int ObjectBytes = 32;

        private sealed class Small
        {
            public long First;
            public long Second;
        }

        // A sink so that the allocation cannot be removed; written once per round.
        private static Small? s_last;

        public static void Run()
        {
            double nanoseconds = Figures.MedianNanosecondsPerIteration(AllocateMany);
            double objectsPerSecond = 1e9 / nanoseconds;
            Figures.Print("alloc_small_objects_per_s", objectsPerSecond);
            Figures.Print("alloc_mb_per_s", objectsPerSecond * ObjectBytes / 1e6);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void AllocateMany(int count)
        {
            Small last = null!;
            for (int i = 0; i < count; i++)
            {
                var small = new Small { First = i, Second = i };
                if ((i & 0xFFFF) == 0)
                    last = small;
            }
            s_last = last;
        }
    }
}
