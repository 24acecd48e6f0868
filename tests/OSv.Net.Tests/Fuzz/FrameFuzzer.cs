// The fuzzer's entry point, for this project's tests and for the lead's later run against the
// whole NetStack: Run(seed, count, target) calls target with count frames from a FrameMutator
// seeded with seed, each in the same reused buffer (valid only during the call). A span cannot be
// a generic argument, hence the FrameTarget delegate rather than Action<ReadOnlySpan<byte>>.
//
//   FrameFuzzer.Run(seed, 1_000_000, frame => stack.ProcessFrame(frame, now += 1_000_000));
using System;

namespace OSv.Net.Tests.Fuzz
{
    public delegate void FrameTarget(ReadOnlySpan<byte> frame);

    public static class FrameFuzzer
    {
        // The mutator used, so that callers can check which templates and mutations ran.
        public static FrameMutator Run(ulong seed, int count, FrameTarget target)
        {
            var mutator = new FrameMutator(seed);
            var buffer = new byte[FrameMutator.FrameBytesMax];
            for (int i = 0; i < count; i++)
            {
                int length = mutator.Next(buffer);
                target(buffer.AsSpan(0, length));
            }
            return mutator;
        }
    }
}
