// From the firmware's memory map to the page frames the kernel may hand out. Pure: the metal boot
// path feeds it the PVH map and the image's bounds; hosted tests feed it synthetic maps.
//
// Algorithm. (1) Copy the usable RAM regions, dropping empty or wrapping entries and clipping at
// Limits.PhysicalMemoryBytesMax; sort by start and merge overlapping or touching regions (byte
// granularity, so that two regions that meet inside a page still give that page). (2) Shrink each
// region inward to whole 4 KiB frames. (3) Cut out every reserved range, rounded outward to whole
// frames, and always the first frame (physical address 0 is never handed out: it holds the
// real-mode interrupt table on a PC, and a zero "address" is the classic sign of a missing
// value). A cut strictly inside a range splits it in two. (4) Drop empty ranges and sort again.
//
// Invariant of the output, relied on by PageFrameAllocator: ranges are non-empty, frame-aligned,
// sorted, and separated by at least one frame that is not usable. Why: after step 1 ranges are
// separated by at least one byte; step 2 rounds an end down and the next start up, so two ranges
// can never become adjacent (the next start is above the previous end, and both are multiples of
// the frame size); a reserved cut leaves the reserved frames (at least one) between its pieces.
// So a run of contiguous usable frames never spans two ranges.
//
// Bitmap geometry. PageFrameAllocator keeps one bit per frame from BitmapBase (the first range's
// start rounded down to 2 MiB, so that a frame index aligned to 512 is a 2 MiB-aligned address)
// to the last range's end; the frames in holes between ranges are permanently "in use". The cost
// is one bit per 4 KiB of the whole span (a PC's 1 GiB hole below 4 GiB costs 32 KiB), bounded by
// Limits.PhysicalMemoryBytesMax.
//
// Caller rules: the destination must hold the usable regions plus one per reserved range that
// splits one (Limits.PhysicalRangesMax is enough for any firmware map we accept); TryCompute
// returns false, and writes nothing useful, when it does not.
using System;
using OSv.Core.Boot;
using OSv.Core.Diagnostics;

namespace OSv.Core.Memory
{
    public static class PhysicalRanges
    {
        public const ulong FrameSizeBytes = 4096;
        public const int FrameShift = 12;

        // A 2 MiB large mapping covers this many 4 KiB frames.
        public const int LargeRunFrames = 512;
        public const ulong LargeRunBytes = FrameSizeBytes * LargeRunFrames;

        public const int BitsPerWord = 64;

        // Usable RAM minus reserved ranges, as frame-aligned, sorted, separated ranges.
        public static bool TryCompute(ReadOnlySpan<MemoryRegion> usableRam, ReadOnlySpan<MemoryRegion> reserved,
            Span<MemoryRegion> destination, out int count)
        {
            count = 0;
            if (!TryCopyUsable(usableRam, destination, ref count))
                return false;
            SortByStart(destination.Slice(0, count));
            count = MergeTouching(destination.Slice(0, count));
            count = ShrinkToFrames(destination.Slice(0, count));
            if (!TryCut(destination, ref count, 0, FrameSizeBytes))
                return false;
            for (int i = 0; i < reserved.Length; i++)
            {
                ulong start = reserved[i].Start;
                ulong end = reserved[i].End;
                if (reserved[i].SizeBytes == 0)
                    continue;
                if (end < start)
                    end = ulong.MaxValue; // wraps around: reserve everything above its start
                if (!TryCut(destination, ref count, AlignDown(start), AlignUpClamped(end)))
                    return false;
            }
            count = DropEmpty(destination.Slice(0, count));
            SortByStart(destination.Slice(0, count));
            return true;
        }

        // First physical address the frame bitmap describes (bit 0 of word 0).
        public static ulong BitmapBase(ReadOnlySpan<MemoryRegion> ranges)
        {
            Invariant.Assert(ranges.Length > 0, "PhysicalRanges: no ranges");
            return ranges[0].Start & ~(LargeRunBytes - 1);
        }

        // Frames from BitmapBase to the end of the last range, holes included.
        public static long SpanFrameCount(ReadOnlySpan<MemoryRegion> ranges)
        {
            ulong spanBytes = ranges[ranges.Length - 1].End - BitmapBase(ranges);
            Invariant.Assert(spanBytes <= Limits.PhysicalMemoryBytesMax, "PhysicalRanges: span above PhysicalMemoryBytesMax");
            return (long)(spanBytes >> FrameShift);
        }

        // 64-bit words the frame bitmap needs for these ranges.
        public static int BitmapWordCount(ReadOnlySpan<MemoryRegion> ranges) =>
            (int)((SpanFrameCount(ranges) + BitsPerWord - 1) / BitsPerWord);

        // Usable frames in these ranges (holes excluded).
        public static long UsableFrameCount(ReadOnlySpan<MemoryRegion> ranges)
        {
            long frames = 0;
            for (int i = 0; i < ranges.Length; i++)
                frames += (long)(ranges[i].SizeBytes >> FrameShift);
            return frames;
        }

        // Checks the output invariant (the allocator's constructor calls it on its input).
        public static bool AreCanonical(ReadOnlySpan<MemoryRegion> ranges)
        {
            for (int i = 0; i < ranges.Length; i++)
            {
                MemoryRegion range = ranges[i];
                if (range.SizeBytes == 0 || range.End < range.Start)
                    return false;
                if ((range.Start & (FrameSizeBytes - 1)) != 0 || (range.SizeBytes & (FrameSizeBytes - 1)) != 0)
                    return false;
                if (i > 0 && ranges[i - 1].End >= range.Start)
                    return false; // overlapping, touching or unsorted
                if (range.End > Limits.PhysicalMemoryBytesMax)
                    return false;
            }
            return true;
        }

        private static bool TryCopyUsable(ReadOnlySpan<MemoryRegion> usableRam, Span<MemoryRegion> destination, ref int count)
        {
            for (int i = 0; i < usableRam.Length; i++)
            {
                ulong start = usableRam[i].Start;
                ulong end = usableRam[i].End;
                if (end < start)
                    continue; // wraps around: a corrupt entry
                if (end > Limits.PhysicalMemoryBytesMax)
                    end = Limits.PhysicalMemoryBytesMax;
                if (end <= start)
                    continue;
                if (count == destination.Length)
                    return false;
                destination[count++] = new MemoryRegion(start, end - start);
            }
            return true;
        }

        // Insertion sort: the lists are a few dozen entries, and this allocates nothing.
        private static void SortByStart(Span<MemoryRegion> ranges)
        {
            for (int i = 1; i < ranges.Length; i++)
            {
                MemoryRegion moving = ranges[i];
                int j = i - 1;
                while (j >= 0 && ranges[j].Start > moving.Start)
                {
                    ranges[j + 1] = ranges[j];
                    j--;
                }
                ranges[j + 1] = moving;
            }
        }

        // Sorted input; returns the new count.
        private static int MergeTouching(Span<MemoryRegion> ranges)
        {
            if (ranges.Length == 0)
                return 0;
            int kept = 0;
            for (int i = 1; i < ranges.Length; i++)
            {
                if (ranges[i].Start <= ranges[kept].End)
                {
                    ulong end = ranges[i].End > ranges[kept].End ? ranges[i].End : ranges[kept].End;
                    ranges[kept] = new MemoryRegion(ranges[kept].Start, end - ranges[kept].Start);
                }
                else
                {
                    ranges[++kept] = ranges[i];
                }
            }
            return kept + 1;
        }

        private static int ShrinkToFrames(Span<MemoryRegion> ranges)
        {
            for (int i = 0; i < ranges.Length; i++)
            {
                ulong start = AlignUpClamped(ranges[i].Start);
                ulong end = AlignDown(ranges[i].End);
                ranges[i] = new MemoryRegion(start, end > start ? end - start : 0);
            }
            return DropEmpty(ranges);
        }

        // Removes [cutStart, cutEnd) from every range; a range split in two appends its upper piece.
        private static bool TryCut(Span<MemoryRegion> ranges, ref int count, ulong cutStart, ulong cutEnd)
        {
            if (cutEnd <= cutStart)
                return true;
            int original = count;
            for (int i = 0; i < original; i++)
            {
                ulong start = ranges[i].Start;
                ulong end = ranges[i].End;
                if (cutEnd <= start || cutStart >= end || start == end)
                    continue; // disjoint (or already emptied)
                bool keepsLower = cutStart > start;
                bool keepsUpper = cutEnd < end;
                if (keepsLower && keepsUpper)
                {
                    if (count == ranges.Length)
                        return false;
                    ranges[count++] = new MemoryRegion(cutEnd, end - cutEnd);
                }
                if (keepsLower)
                    ranges[i] = new MemoryRegion(start, cutStart - start);
                else if (keepsUpper)
                    ranges[i] = new MemoryRegion(cutEnd, end - cutEnd);
                else
                    ranges[i] = new MemoryRegion(start, 0); // covered entirely
            }
            return true;
        }

        private static int DropEmpty(Span<MemoryRegion> ranges)
        {
            int kept = 0;
            for (int i = 0; i < ranges.Length; i++)
            {
                if (ranges[i].SizeBytes != 0)
                    ranges[kept++] = ranges[i];
            }
            return kept;
        }

        private static ulong AlignDown(ulong address) => address & ~(FrameSizeBytes - 1);

        private static ulong AlignUpClamped(ulong address) =>
            address > ulong.MaxValue - (FrameSizeBytes - 1) ? AlignDown(ulong.MaxValue) : AlignDown(address + FrameSizeBytes - 1);
    }
}
