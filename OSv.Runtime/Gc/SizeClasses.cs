// The small-object size classes: which cell size an object of n bytes gets. Arithmetic, no
// table, so that the allocation fast path costs a leading-zero count and a few shifts.
//
// Classes 0..5 step by one word from 24 to 64 bytes (most objects are small and exact fits
// waste nothing); above 64 each power-of-two interval (64,128], (128,256], … (2048,4096] is cut
// into four equal steps (80, 96, 112, 128, 160, …, 4096). So a cell wastes under 25% of its
// size above 64 bytes and at most 7 bytes below. 30 classes.
//
// Invariant (tested): CellBytes(ClassOf(n)) >= n for every n in 1..SmallObjectBytesMax, and
// ClassOf(CellBytes(c)) == c (each class's own size maps to it: no class is unreachable).
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OSv.Runtime.Gc
{
    internal static class SizeClasses
    {
        public const int Count = 30;

        private const int WordClassCount = 6;      // 24, 32, 40, 48, 56, 64
        private const int WordClassesEndBytes = 64;
        private const int StepsPerDoubling = 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int ClassOf(nuint objectBytes)
        {
            if (objectBytes <= WordClassesEndBytes)
            {
                // Words above the 3-word minimum; requests below 24 bytes round up to class 0.
                int words = (int)((objectBytes + 7) >> 3);
                return words <= 3 ? 0 : words - 3;
            }
            nuint last = objectBytes - 1;
            int log = 63 - BitOperations.LeadingZeroCount((ulong)last);   // 6 for 65..128
            int step = (int)(last >> (log - 2)) - StepsPerDoubling;         // 0..3 inside the doubling
            return WordClassCount + (log - 6) * StepsPerDoubling + step;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int CellBytes(int sizeClass)
        {
            if (sizeClass < WordClassCount)
                return GcLimits.SmallestCellBytes + sizeClass * 8;
            int doubling = (sizeClass - WordClassCount) / StepsPerDoubling;
            int step = (sizeClass - WordClassCount) % StepsPerDoubling;
            return (StepsPerDoubling + step + 1) << (doubling + 4);
        }
    }
}
