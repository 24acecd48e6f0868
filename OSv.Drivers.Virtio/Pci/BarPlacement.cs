// Chooses addresses for memory BARs inside the host bridge's 32-bit window, as firmware would
// (there is none under PVH direct boot on microvm). Pure: requests in, addresses out.
//
// Algorithm: largest BAR first, each at the lowest address >= the previous BAR's end that is
// aligned to its own size (a BAR decodes only naturally aligned addresses: its low bits are
// read-only zeros) and to PciLimits.BarAlignmentMinBytes (page-exclusive BARs), skipping ranges
// firmware already occupies. Sizes are powers of two and taken in decreasing order, so each
// aligned end is already aligned for the next: no gaps except around reserved ranges, and the
// window is exhausted only when the total truly does not fit (or reserved ranges fragment it).
//
// 64-bit BARs are placed in the same window, below 4 GiB: the boot page tables map only the low
// 4 GiB, and a 64-bit BAR accepts any address. Every result is checked to end inside the window
// and below PciLimits.MappedLimitBytes.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public struct BarRequest
    {
        public int Owner;        // caller's index (function * BarsMax + bar), carried through
        public ulong SizeBytes;  // a power of two
        public ulong Address;    // out: where it goes
    }

    public static class BarPlacement
    {
        // Sorts requests (largest first) and fills in each Address. reserved: ranges to avoid.
        public static PciFault Place(Span<BarRequest> requests, AddressWindow window, ReadOnlySpan<AddressWindow> reserved)
        {
            for (int i = 0; i < requests.Length; i++)
            {
                ulong size = requests[i].SizeBytes;
                if (size == 0 || (size & (size - 1)) != 0)
                    return new PciFault(PciError.BarMaskNotContiguous, requests[i].Owner);
                if (size > PciLimits.BarSizeMaxBytes)
                    return new PciFault(PciError.BarTooLarge, requests[i].Owner);
            }
            if (window.IsEmpty && requests.Length > 0)
                return new PciFault(PciError.NoMmio32Window, -1);
            if (window.Base > PciLimits.MappedLimitBytes || window.SizeBytes > PciLimits.MappedLimitBytes - window.Base)
                return new PciFault(PciError.BarAboveMappedRange, -1);
            SortLargestFirst(requests);
            ulong cursor = window.Base;
            for (int i = 0; i < requests.Length; i++)
            {
                if (!TryFit(requests[i].SizeBytes, ref cursor, window, reserved, out ulong address))
                    return new PciFault(PciError.BarWindowExhausted, requests[i].Owner);
                requests[i].Address = address;
            }
            return PciFault.None;
        }

        // The lowest aligned address >= cursor where size bytes fit in the window and overlap no
        // reserved range. Each retry moves past one reserved range that it overlapped (and never
        // back), so the loop runs at most reserved.Length + 1 times.
        private static bool TryFit(ulong size, ref ulong cursor, AddressWindow window, ReadOnlySpan<AddressWindow> reserved, out ulong address)
        {
            ulong alignment = size > PciLimits.BarAlignmentMinBytes ? size : PciLimits.BarAlignmentMinBytes;
            address = AlignUp(cursor, alignment);
            for (int attempt = 0; attempt <= reserved.Length; attempt++)
            {
                // All values here are below 4 GiB + 256 MiB (window below MappedLimitBytes,
                // size <= BarSizeMaxBytes), so nothing overflows.
                if (address < window.Base || address + size > window.End)
                    return false;
                int clash = FirstOverlap(new AddressWindow(address, size), reserved);
                if (clash < 0)
                {
                    cursor = address + size;
                    return true;
                }
                // The clash starts below the candidate's end, so below window.End: the
                // subtraction cannot wrap, and a range reaching past the window ends the search.
                AddressWindow clashing = reserved[clash];
                if (clashing.SizeBytes >= window.End - clashing.Base)
                    return false;
                address = AlignUp(clashing.Base + clashing.SizeBytes, alignment);
            }
            return false;
        }

        private static int FirstOverlap(AddressWindow candidate, ReadOnlySpan<AddressWindow> reserved)
        {
            for (int i = 0; i < reserved.Length; i++)
            {
                // Reserved ranges come from firmware's BARs: compare without computing an end
                // that could overflow.
                AddressWindow r = reserved[i];
                if (r.SizeBytes == 0)
                    continue;
                bool startsBeforeCandidateEnds = r.Base < candidate.Base + candidate.SizeBytes;
                bool endsAfterCandidateStarts = r.Base >= candidate.Base || candidate.Base - r.Base < r.SizeBytes;
                if (startsBeforeCandidateEnds && endsAfterCandidateStarts)
                    return i;
            }
            return -1;
        }

        private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);

        // Insertion sort, largest first; stable, so equal sizes keep the caller's order.
        // At most PciLimits.FunctionsMax * BarsMax requests: the quadratic worst case is small.
        private static void SortLargestFirst(Span<BarRequest> requests)
        {
            for (int i = 1; i < requests.Length; i++)
            {
                BarRequest item = requests[i];
                int j = i - 1;
                while (j >= 0 && requests[j].SizeBytes < item.SizeBytes)
                {
                    requests[j + 1] = requests[j];
                    j--;
                }
                requests[j + 1] = item;
            }
        }
    }
}
