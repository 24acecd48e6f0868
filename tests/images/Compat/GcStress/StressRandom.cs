// SplitMix64 as a value type: the stress's randomness depends on nothing but the seed, so every
// run (hosted or image, any parameters) builds the same graphs and the same checksums. A struct,
// so that the allocating threads' random numbers allocate nothing themselves. (Same generator as
// tests/Shared/SimulationRandom.cs, which is a class tied to the xunit seed lists.)
namespace Compat.GcStress
{
    internal struct StressRandom
    {
        private ulong state;

        public StressRandom(ulong seed) => state = seed;

        public ulong NextUInt64()
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [minimum, maximum], both included.</summary>
        public int Between(int minimum, int maximum) =>
            minimum + (int)(NextUInt64() % (ulong)((long)maximum - minimum + 1));
    }
}
