// Random bytes for CoreLib.
//
// GetNonCryptographicallySecureRandomBytes (hash-code seeds, Random's seed, Guid.NewGuid on
// NativeAOT Unix reads the secure one): SplitMix64 (Steele, Lea and Flood, "Fast splittable
// pseudorandom number generators", 2014) over one 64-bit state advanced with an atomic add of the
// golden gamma, so concurrent callers never share an output and need no lock. The state is seeded
// at first use from the entropy source when there is one, else from the monotonic and wall clocks.
//
// GetCryptographicallySecureRandomBytes: only from a real entropy source (EntropySource: RDRAND
// or virtio-rng installed by the startup on metal; the host's generator when hosted). Without
// one it fails (-1, errno ENOSYS) instead of handing out predictable bytes.
using System;
using System.Runtime;
using System.Threading;
using OSv.Core.Time;

namespace OSv.Runtime.Pal
{
    internal static unsafe class RandomBytes
    {
        private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;
        private static ulong s_state;
        private static int s_seeded;

        [RuntimeExport("SystemNative_GetNonCryptographicallySecureRandomBytes")]
        internal static void GetNonCryptographicallySecureRandomBytes(byte* buffer, int length)
        {
            if (Volatile.Read(ref s_seeded) == 0)
                Seed();
            int offset = 0;
            while (offset < length)
            {
                ulong word = Mix(Interlocked.Add(ref s_state, GoldenGamma));
                for (int i = 0; i < sizeof(ulong) && offset < length; i++, offset++)
                    buffer[offset] = (byte)(word >> (8 * i));
            }
        }

        [RuntimeExport("SystemNative_GetCryptographicallySecureRandomBytes")]
        internal static int GetCryptographicallySecureRandomBytes(byte* buffer, int length)
        {
            if (length < 0)
                return ThreadErrno.Fail(LinuxErrno.EINVAL);
            return EntropySource.TryFill(buffer, length) ? 0 : ThreadErrno.Fail(LinuxErrno.ENOSYS);
        }

        // SplitMix64's output function.
        internal static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private static void Seed()
        {
            ulong seed;
            if (!EntropySource.TryFill((byte*)&seed, sizeof(ulong)))
                seed = Mix((ulong)Clock.NowNanoseconds) ^ (ulong)Clock.UnixTimeNanoseconds;
            // Whoever seeds first wins; racing seeders only add their seed to the state.
            Interlocked.Add(ref s_state, seed);
            Volatile.Write(ref s_seeded, 1);
        }
    }
}
