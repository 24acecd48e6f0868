// Seeded randomness for the randomized model test: SplitMix64, whose output depends on nothing
// but the seed, so a printed seed replays a run exactly (same scheme and environment variables
// as OSv.Core.Tests' simulations).
//
// Seeds: SimulationSeeds.All is 20 seeds from a base that OSV_SIM_SEED_BASE can move to explore
// new runs; OSV_SIM_SEED replays one seed alone. A failing seed becomes an [InlineData] case.
using System;
using System.Collections.Generic;

namespace OSv.Drivers.Virtio.Tests
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
        public int Between(int minimum, int maximum) =>
            minimum + (int)(NextUInt64() % (ulong)((long)maximum - minimum + 1));

        public bool Chance(int percent) => Between(0, 99) < percent;

        public T Pick<T>(IReadOnlyList<T> items) => items[Between(0, items.Count - 1)];
    }

    public static class SimulationSeeds
    {
        public const int Count = 20;
        private const ulong DefaultBase = 0x0517_0000;

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
