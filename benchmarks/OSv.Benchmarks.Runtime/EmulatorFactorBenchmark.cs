// The emulator's cost factors, for reading the other ratios, from two loops that the JIT and ilc
// compile to the same few instructions: plain register arithmetic (an xorshift step, no memory
// traffic, no calls), which TCG translates almost one to one, and a read-modify-write of an
// L1-resident array, where every guest load and store goes through TCG's software TLB. Runtime
// work (allocation, marking, unwinding) is mostly memory traffic, so its image/hosted ratio is to
// be read against the second factor: a ratio much larger than that one is our runtime, not TCG.
using System.Runtime.CompilerServices;

namespace OSv.Benchmarks.Runtime
{
    internal static class EmulatorFactorBenchmark
    {
        private static ulong s_sink;

        private static readonly int[] s_cells = new int[4096];

        public static void Run()
        {
            Figures.Print("cpu_xorshift_step_ns", Figures.MedianNanosecondsPerIteration(Steps));
            Figures.Print("memory_read_modify_write_ns", Figures.MedianNanosecondsPerIteration(ReadModifyWrites));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ReadModifyWrites(int count)
        {
            int[] cells = s_cells;
            for (int i = 0; i < count; i++)
                cells[i & (4096 - 1)] += i;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Steps(int count)
        {
            ulong state = 0x9E3779B97F4A7C15UL ^ (ulong)count;
            for (int i = 0; i < count; i++)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
            }
            s_sink = state;
        }
    }
}
