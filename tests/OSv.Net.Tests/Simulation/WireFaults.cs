// The faults a SimulatedWire injects, each a per-frame probability or a time, applied
// independently per frame from the wire's seeded random source:
// - loss: the frame vanishes;
// - duplication: a second copy travels too, with its own delay (and its own corruption draw);
// - reordering: the copy is held back an extra ReorderDelayNs, so later frames overtake it;
// - delay: every copy takes LatencyNs plus a uniform jitter in [0, JitterNs];
// - corruption: 1..CorruptBitFlipsMax random bits of the copy are flipped.
// None is a perfect wire with zero latency. Change a wire's Faults between phases (safety with
// faults, then liveness with None, as the VOPR does).
namespace OSv.Net.Tests.Simulation
{
    public sealed record WireFaults
    {
        public static WireFaults None { get; } = new WireFaults();

        public double LossProbability { get; init; }
        public double DuplicateProbability { get; init; }
        public double ReorderProbability { get; init; }
        public long ReorderDelayNs { get; init; } = 1_000_000;
        public long LatencyNs { get; init; }
        public long JitterNs { get; init; }
        public double CorruptProbability { get; init; }
        public int CorruptBitFlipsMax { get; init; } = 1;
    }
}
