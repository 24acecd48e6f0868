// The generator behind non-cryptographic random bytes (string hash seeds, HashCode, Random's
// default seed): SplitMix64, whose whole state is one counter. Advancing the counter with one
// atomic add makes it safe on every CPU without a lock, and each output depends only on its
// counter value, so concurrent callers never get the same bytes. Not for secrets.
using System.Threading;

namespace OSv.Runtime.Native.Pal
{
    internal static unsafe class SplitMix64
    {
        public const ulong Gamma = 0x9E3779B97F4A7C15;

        public static ulong Next(ref ulong state) => Mix(Interlocked.Add(ref state, Gamma));

        public static ulong Mix(ulong counter)
        {
            counter = (counter ^ (counter >> 30)) * 0xBF58476D1CE4E5B9;
            counter = (counter ^ (counter >> 27)) * 0x94D049BB133111EB;
            return counter ^ (counter >> 31);
        }

        public static void Fill(ref ulong state, byte* destination, int count)
        {
            for (int offset = 0; offset < count; offset += sizeof(ulong))
            {
                ulong value = Next(ref state);
                for (int i = 0; i < sizeof(ulong) && offset + i < count; i++)
                    destination[offset + i] = (byte)(value >> (8 * i));
            }
        }
    }
}
