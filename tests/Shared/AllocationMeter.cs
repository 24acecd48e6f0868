// What a piece of code allocates once warm, measured with the thread's allocation counter (linked
// into each test project that asserts "allocates nothing").
//
// The answer is the least of several windows: an allocation the code makes every time shows in
// each window, while one-off runtime work that happens to land on the test thread (a method tiering
// up, a type loaded on first use) shows in one. A single window made such tests fail about once
// in a few dozen runs on a loaded machine. Five windows, not three: one-off work can
// come as a few events in a row (a type loaded on a path's first use, on-stack replacement of the
// loop that runs it, a callee reaching its call-count threshold), and the windows of a short body
// are short enough for each to catch one; two more windows cost little beside a test run.
//
// Callers whose body changes state (a store that fills, a queue that drains) prepare one fresh
// state per run outside the body (1 + Windows of them: ItemTableGrowthTests) or let the body
// restore what it changed, so that every window does the same work.
using System;

namespace OSv.Testing
{
    public static class AllocationMeter
    {
        public const int Windows = 5;

        // Runs body once to warm it, then Windows times measured.
        public static long SteadyStateBytes(Action body)
        {
            return SteadyStateCountedBytes(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                body();
                return GC.GetAllocatedBytesForCurrentThread() - before;
            });
        }

        // The same for a body that counts its own bytes, for tests whose test code allocates
        // between the calls measured (a simulated device answering a driver): countingBody
        // returns what the code under test allocated in one run.
        public static long SteadyStateCountedBytes(Func<long> countingBody)
        {
            countingBody();
            long least = long.MaxValue;
            for (int window = 0; window < Windows; window++)
                least = Math.Min(least, countingBody());
            return least;
        }
    }
}
