// In an image. OSv.Core publishes neither the amount of physical memory nor a hardware random
// source to libraries yet, so: memory is "unknown" (-1, which sysconf reports as an
// indeterminate limit), and random bytes come from a SplitMix64 generator (Steele, Lea, Flood,
// "Fast splittable pseudorandom number generators", 2014) seeded from the TSC-based clock and the
// RTC wall clock at first use, and stirred with the clock on every call. That is unpredictable
// enough for hash seeds and temporary names, NOT for cryptography: an OSv.Core source over
// RDRAND/RDSEED should replace it (see the task report).
namespace OSv.Libc.Posix
{
    using OSv.Core.Time;

    public static unsafe partial class MachineFacts
    {
        private const ulong GoldenGamma = 0x9E3779B97F4A7C15;

        private static readonly OSv.Core.Sync.Mutex s_randomLock = new OSv.Core.Sync.Mutex();
        private static ulong s_state;

        private static long PhysicalPagesCore => -1;

        private static long AvailablePhysicalPagesCore => -1;

        private static void FillRandomCore(byte* destination, nuint count)
        {
            s_randomLock.Lock();
            if (s_state == 0)
                s_state = (ulong)Clock.UnixTimeNanoseconds * GoldenGamma;
            s_state ^= (ulong)Clock.NowNanoseconds;
            for (nuint offset = 0; offset < count; offset += 8)
            {
                ulong value = Next();
                for (int i = 0; i < 8 && offset + (nuint)i < count; i++)
                    destination[offset + (nuint)i] = (byte)(value >> (8 * i));
            }
            s_randomLock.Unlock();
        }

        private static ulong Next()
        {
            ulong mixed = s_state += GoldenGamma;
            mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9;
            mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EB;
            return mixed ^ (mixed >> 31);
        }
    }
}
