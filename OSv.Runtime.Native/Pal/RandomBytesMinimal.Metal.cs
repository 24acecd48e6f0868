// MINIMAL, for the spine: System.Native's non-cryptographic random bytes (Dictionary<string,…>'s
// randomized string hashing needs them in ordinary programs). SplitMix64, seeded on first use from
// the wall clock and the time-stamp counter. The PAL helper owns this export; the cryptographic
// one (SystemNative_GetCryptographicallySecureRandomBytes) is not provided here.
using System.Runtime;
using OSv.Core.Arch.X64;
using OSv.Core.Time;

namespace OSv.Runtime.Native.Pal
{
    internal static unsafe class RandomBytesMinimal
    {
        private static ulong s_state;

        [RuntimeExport("SystemNative_GetNonCryptographicallySecureRandomBytes")]
        internal static void GetNonCryptographicallySecureRandomBytes(byte* buffer, int length)
        {
            if (System.Threading.Volatile.Read(ref s_state) == 0)
                System.Threading.Interlocked.CompareExchange(ref s_state, Seed(), 0);
            if (length > 0)
                SplitMix64.Fill(ref s_state, buffer, length);
        }

        private static ulong Seed() => SplitMix64.Mix((ulong)Clock.UnixTimeNanoseconds ^ Cpu.ReadTsc()) | 1;
    }
}
