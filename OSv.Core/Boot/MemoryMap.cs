// Choosing where the heap goes from the firmware's memory map. Pure: the metal boot path feeds
// it the PVH map, and hosted tests feed it synthetic maps.
using System;

namespace OSv.Core.Boot
{
    public struct MemoryRegion
    {
        public ulong Start;
        public ulong SizeBytes;

        public MemoryRegion(ulong start, ulong sizeBytes)
        {
            Start = start;
            SizeBytes = sizeBytes;
        }

        public ulong End => Start + SizeBytes;
    }

    public static class MemoryMap
    {
        public const uint UsableRamType = 1;

        // The largest usable RAM range that lies above the image and below the mapped limit.
        // Returns a zero-sized region when there is none.
        public static MemoryRegion ChooseHeap(ReadOnlySpan<MemoryRegion> usableRam, ulong imageEnd, ulong mappedLimit)
        {
            MemoryRegion best = default;
            for (int i = 0; i < usableRam.Length; i++)
            {
                ulong start = usableRam[i].Start;
                ulong end = usableRam[i].End;
                if (end < start)
                    continue; // wraps around: a corrupt entry
                if (start < imageEnd)
                    start = imageEnd;
                if (end > mappedLimit)
                    end = mappedLimit;
                if (end > start && end - start > best.SizeBytes)
                    best = new MemoryRegion(start, end - start);
            }
            return best;
        }
    }
}
