// A run: contiguous pages from the page source holding cells of one size. A small run holds
// one size class (SmallRunPages pages, many cells); a large run holds one large object (as many
// pages as it needs, one cell). The header sits at the start of the run's own pages:
//
//   [HeapRun][allocated bits][marked bits][finalizable bits] pad to 16 | cell 0 | cell 1 | …
//
// A cell holds one object: header word at the cell's start, object address one word in. A
// cell is allocated when its bit is set: it holds an object, or sits in a thread's allocation
// window (which is always retired before a collection, so during marking an allocated cell is
// exactly an object). Free cells are those with the bit clear: the bitmap is the free list.
//
// Interior pointer to object: the run is found by address (RunIndex), then the cell is
// (address - Cells) / CellBytes, then the allocated bit says whether it is an object. One
// division; a reciprocal multiply would do if profiles ever show it.
using System.Runtime.InteropServices;

namespace OSv.Runtime.Gc
{
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct HeapRun
    {
        public const int LargeSizeClass = -1;

        public byte* Cells;
        public HeapRun* NextInClass;          // the class's run list (small runs only)
        public ulong* AllocatedBits;
        public ulong* MarkedBits;
        public ulong* FinalizableBits;        // registered for finalization, not yet queued
        public int PageCount;
        public int CellBytes;
        public int CellCount;
        public int FreeCellCount;
        public int SizeClass;                 // LargeSizeClass for a large run
        public int ScanCellIndex;             // refills search for free cells from here
        public int BitmapWords;
        public int NeedsRescan;               // 1: a marked object here could not be pushed

        public static byte* EndOf(HeapRun* run) => (byte*)run + (nuint)run->PageCount * GcLimits.PageBytes;

        public bool IsLarge => SizeClass == LargeSizeClass;

        // Header bytes (HeapRun and three bitmaps, 16-aligned) for a run of cellCountMax cells.
        public static int HeaderBytes(int cellCountMax)
        {
            int words = (cellCountMax + 63) / 64;
            return (sizeof(HeapRun) + 3 * words * sizeof(ulong) + 15) & ~15;
        }

        public static int SmallRunCellCount(int cellBytes, out int headerBytes)
        {
            int upperBound = (GcLimits.SmallRunBytes - sizeof(HeapRun)) / cellBytes;
            headerBytes = HeaderBytes(upperBound);
            return (GcLimits.SmallRunBytes - headerBytes) / cellBytes;
        }

        public static int LargeRunPages(nuint cellBytes) =>
            (int)(((nuint)HeaderBytes(1) + cellBytes + GcLimits.PageBytes - 1) / GcLimits.PageBytes);

        // Lays out a header over fresh pages: bitmaps cleared, cells untouched (zeroed on refill).
        public static HeapRun* Format(byte* pages, int pageCount, int cellBytes, int cellCount, int sizeClass)
        {
            var run = (HeapRun*)pages;
            int words = (cellCount + 63) / 64;
            int headerBytes = HeaderBytes(cellCount);
            run->AllocatedBits = (ulong*)(pages + sizeof(HeapRun));
            run->MarkedBits = run->AllocatedBits + words;
            run->FinalizableBits = run->MarkedBits + words;
            new System.Span<byte>(run->AllocatedBits, headerBytes - sizeof(HeapRun)).Clear();
            run->Cells = pages + headerBytes;
            run->NextInClass = null;
            run->PageCount = pageCount;
            run->CellBytes = cellBytes;
            run->CellCount = cellCount;
            run->FreeCellCount = cellCount;
            run->SizeClass = sizeClass;
            run->ScanCellIndex = 0;
            run->BitmapWords = words;
            run->NeedsRescan = 0;
            OSv.Core.Diagnostics.Invariant.Assert(
                run->Cells + (nuint)cellCount * (nuint)cellBytes <= pages + (nuint)pageCount * GcLimits.PageBytes,
                "HeapRun: cells fit the run");
            return run;
        }

        // The cell holding address (object start, header word or interior), or -1 when address
        // lies in the header or the unused tail.
        public static int CellIndexOf(HeapRun* run, byte* address)
        {
            if (address < run->Cells)
                return -1;
            nuint index = (nuint)(address - run->Cells) / (nuint)run->CellBytes;
            return index < (nuint)run->CellCount ? (int)index : -1;
        }

        public static byte* ObjectAt(HeapRun* run, int cellIndex) =>
            run->Cells + (nuint)cellIndex * (nuint)run->CellBytes + GcLimits.ObjectHeaderBytes;
    }
}
