// One bit per cell of a run (allocated, marked, registered for finalization): plain ulong words
// in the run's header. Helpers find spans of clear bits for allocation refills.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OSv.Runtime.Gc
{
    internal static unsafe class CellBitmap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsSet(ulong* bits, int index) => (bits[index >> 6] & (1UL << (index & 63))) != 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Set(ulong* bits, int index) => bits[index >> 6] |= 1UL << (index & 63);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Clear(ulong* bits, int index) => bits[index >> 6] &= ~(1UL << (index & 63));

        // Sets the bit and says whether it was already set.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TestAndSet(ulong* bits, int index)
        {
            ulong mask = 1UL << (index & 63);
            ulong word = bits[index >> 6];
            bits[index >> 6] = word | mask;
            return (word & mask) != 0;
        }

        // The first index in [from, limit) whose bit is clear, or limit.
        public static int NextClear(ulong* bits, int from, int limit)
        {
            int index = from;
            while (index < limit)
            {
                ulong free = ~bits[index >> 6] & (ulong.MaxValue << (index & 63));
                if (free != 0)
                {
                    int found = (index & ~63) + BitOperations.TrailingZeroCount(free);
                    return found < limit ? found : limit;
                }
                index = (index & ~63) + 64;
            }
            return limit;
        }

        // The first index in [from, limit) whose bit is set, or limit.
        public static int NextSet(ulong* bits, int from, int limit)
        {
            int index = from;
            while (index < limit)
            {
                ulong used = bits[index >> 6] & (ulong.MaxValue << (index & 63));
                if (used != 0)
                {
                    int found = (index & ~63) + BitOperations.TrailingZeroCount(used);
                    return found < limit ? found : limit;
                }
                index = (index & ~63) + 64;
            }
            return limit;
        }

        public static void SetRange(ulong* bits, int from, int end)
        {
            for (int index = from; index < end; index++)
                Set(bits, index);
        }

        public static void ClearRange(ulong* bits, int from, int end)
        {
            for (int index = from; index < end; index++)
                Clear(bits, index);
        }
    }
}
