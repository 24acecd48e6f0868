// The heap's size classes: what payload size a request is rounded up to. Small requests round to
// 16 bytes (16..512 in 32 classes of 16 bytes: C programs allocate many small strings and nodes,
// and glibc's chunks are 16-byte granular too); above 512 each doubling is split in four
// (640, 768, 896, 1024, 1280, …, 131072: at most 25 % waste), up to LargeThresholdBytes. Larger
// requests are not classed: each gets its own page run (Heap.cs).
//
// Index arithmetic (no table): for size ≤ 512, index = ceil(size / 16) - 1 (size 0 → class 0).
// Above, with s = size - 1 and l = floor(log2 s) (≥ 9), the quarter step is the two bits below
// the top bit, q = (s >> (l - 2)) & 3, and index = 32 + 4 (l - 9) + q. The payload of class
// 32 + 4k' + q is 2^l + (q + 1) 2^(l-2) with l = 9 + k'. SizeClassTests checks both directions
// over every size up to the threshold.
namespace OSv.Libc.Memory
{
    public static class SizeClasses
    {
        public const int GranularityBytes = 16;
        public const int FineClassLimitBytes = 512;
        public const int FineClassCount = FineClassLimitBytes / GranularityBytes;     // 32
        public const int StepsPerDoubling = 4;
        public const int FineClassLimitLog2 = 9;                                      // 512 = 2^9
        public const int LargeThresholdLog2 = 17;
        public const int LargeThresholdBytes = 1 << LargeThresholdLog2;               // 128 KiB
        public const int CoarseClassCount = (LargeThresholdLog2 - FineClassLimitLog2) * StepsPerDoubling;  // 32
        public const int Count = FineClassCount + CoarseClassCount;                   // 64

        /// <summary>The class of a request of 0..<see cref="LargeThresholdBytes"/> bytes.</summary>
        public static int IndexOf(nuint bytes)
        {
            if (bytes <= FineClassLimitBytes)
                return bytes == 0 ? 0 : (int)((bytes + GranularityBytes - 1) / GranularityBytes) - 1;
            ulong beforeSize = (ulong)bytes - 1;
            int log2 = System.Numerics.BitOperations.Log2(beforeSize);
            int quarter = (int)(beforeSize >> (log2 - 2)) & (StepsPerDoubling - 1);
            return FineClassCount + (log2 - FineClassLimitLog2) * StepsPerDoubling + quarter;
        }

        /// <summary>The payload bytes of class <paramref name="index"/> (a multiple of 16).</summary>
        public static nuint PayloadBytes(int index)
        {
            if (index < FineClassCount)
                return (nuint)((index + 1) * GranularityBytes);
            int coarse = index - FineClassCount;
            int log2 = FineClassLimitLog2 + coarse / StepsPerDoubling;
            int quarter = coarse % StepsPerDoubling;
            return ((nuint)1 << log2) + (nuint)(quarter + 1) * ((nuint)1 << (log2 - 2));
        }
    }
}
