// The emulator's cost factor, for reading the other ratios: a loop of plain integer arithmetic
// (an xorshift step, no memory traffic, no calls) that the JIT and ilc compile to the same few
// instructions. Its image/hosted ratio is what TCG alone costs; a runtime figure whose ratio is
// much larger than this one is slower in our runtime, not just emulated.
using System.Runtime.CompilerServices;

namespace OSv.Benchmarks.Runtime
{
    internal static class EmulatorFactorBenchmark
    {
        private static ulong s_sink;

        public static void Run() =>
            Figures.Print("cpu_xorshift_step_ns", Figures.MedianNanosecondsPerIteration(Steps));

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
