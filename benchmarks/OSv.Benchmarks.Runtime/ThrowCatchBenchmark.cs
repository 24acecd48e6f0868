// Cost of one throw and its catch, with the catch one frame above the throw and ten frames above
// it (the two-pass dispatch walks and unwinds each frame in between). Each iteration allocates its
// exception, as ordinary code does.
using System;
using System.Runtime.CompilerServices;

namespace OSv.Benchmarks.Runtime
{
    internal static class ThrowCatchBenchmark
    {
        private static int s_caught;
        private static int s_returned;

        public static void Run()
        {
            Figures.Print("throw_catch_1_frame_ns", Figures.MedianNanosecondsPerIteration(count => ThrowAndCatch(count, 1)));
            Figures.Print("throw_catch_10_frames_ns", Figures.MedianNanosecondsPerIteration(count => ThrowAndCatch(count, 10)));
        }

        private static void ThrowAndCatch(int count, int depth)
        {
            for (int i = 0; i < count; i++)
            {
                try
                {
                    Descend(depth);
                }
                catch (InvalidOperationException)
                {
                    s_caught++;
                }
            }
        }

        // depth 1: this frame throws and ThrowAndCatch's catches it, one frame up.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Descend(int depth)
        {
            if (depth <= 1)
                throw new InvalidOperationException("benchmark");
            Descend(depth - 1);
            s_returned++; // never reached; keeps the call from becoming a tail call (which would drop the frame)
        }
    }
}
