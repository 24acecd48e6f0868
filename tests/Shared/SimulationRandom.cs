// The seeded randomness of every deterministic simulation and randomized model test (linked into
// each test project that needs it): SplitMix64, whose output depends on nothing but the seed, so
// that a printed seed replays a run exactly.
//
// Seeds: such a test runs SimulationSeeds.All (20 seeds from the project's SimulationSeedBase,
// which the environment variable OSV_SIM_SEED_BASE can move to explore new runs); OSV_SIM_SEED
// replays one seed alone. A seed that fails becomes an [InlineData] regression case of its test.
using System;
using System.Collections.Generic;

namespace OSv.Testing
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

        public T Pick<T>(IReadOnlyList<T> items) => items[Between(0, items.Count - 1)];
    }

    public static class SimulationSeeds
    {
        public const int Count = 20;

        public static IEnumerable<object[]> All()
        {
            string? replay = Environment.GetEnvironmentVariable("OSV_SIM_SEED");
            if (!string.IsNullOrEmpty(replay))
            {
                yield return new object[] { ulong.Parse(replay) };
                yield break;
            }
            string? baseText = Environment.GetEnvironmentVariable("OSV_SIM_SEED_BASE");
            ulong first = string.IsNullOrEmpty(baseText) ? SimulationSeedBase.Default : ulong.Parse(baseText);
            for (ulong index = 0; index < Count; index++)
                yield return new object[] { first + index };
        }
    }
}
