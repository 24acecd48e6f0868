// The seeded randomness of the deterministic simulations (scheduler and timer list): SplitMix64,
// whose output depends on nothing but the seed, so that a printed seed replays a run exactly.
//
// Seeds: every simulation test runs SimulationSeeds.All (20 seeds, from a base that the
// environment variable OSV_SIM_SEED_BASE can move to explore new runs); OSV_SIM_SEED replays one
// seed alone. A seed that fails becomes an [InlineData] regression case of its test.
using System;
using System.Collections.Generic;

namespace OSv.Core.Tests.Sched
{
    public sealed class SimulationRandom
    {
        private ulong _state;

        public SimulationRandom(ulong seed)
        {
            _state = seed;
        }

        public ulong NextUInt64()
        {
            _state += 0x9E3779B97F4A7C15UL;
            ulong z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        // Uniform in [minimum, maximum], both included.
        public long Between(long minimum, long maximum)
        {
            ulong span = (ulong)(maximum - minimum) + 1;
            return minimum + (long)(NextUInt64() % span);
        }

        public int Between(int minimum, int maximum) => (int)Between((long)minimum, (long)maximum);

        public bool Chance(int percent) => Between(0, 99) < percent;
    }

    public static class SimulationSeeds
    {
        public const int Count = 20;
        private const ulong DefaultBase = 0x05A5_0000;

        public static IEnumerable<object[]> All()
        {
            string? replay = Environment.GetEnvironmentVariable("OSV_SIM_SEED");
            if (!string.IsNullOrEmpty(replay))
            {
                yield return new object[] { ulong.Parse(replay) };
                yield break;
            }
            string? baseText = Environment.GetEnvironmentVariable("OSV_SIM_SEED_BASE");
            ulong first = string.IsNullOrEmpty(baseText) ? DefaultBase : ulong.Parse(baseText);
            for (ulong index = 0; index < Count; index++)
                yield return new object[] { first + index };
        }
    }
}
