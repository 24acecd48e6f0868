// What a piece of code allocates once warm, measured with the thread's allocation counter (linked
// into each test project that asserts "allocates nothing").
//
// The answer is the least of several windows: an allocation the code makes every time shows in
// each window, while one-off runtime work that happens to land on the test thread (a method tiering
// up, a type loaded on first use) shows in one. A single window made such tests fail about once
// in a few dozen runs on a loaded machine.
using System;

namespace OSv.Testing
{
    public static class AllocationMeter
    {
        public const int Windows = 3;

        // Runs body once to warm it, then Windows times measured.
        public static long SteadyStateBytes(Action body)
        {
            body();
            long least = long.MaxValue;
            for (int window = 0; window < Windows; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                body();
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return least;
        }
    }
}
