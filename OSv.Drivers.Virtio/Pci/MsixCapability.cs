// The MSI-X capability (PCI 3.0, 6.8.2): 12 bytes {ID 0x11, next, Message Control (bits 10:0
// table size - 1, bit 14 function mask, bit 15 enable), Table Offset/BIR, PBA Offset/BIR}; the
// BIR (bits 2:0) names the BAR, the offset (bits 31:3) is from that BAR's start. The table has
// 16-byte entries {address low, address high, data, vector control (bit 0 masked)}, the pending
// bit array one bit per entry in 64-bit words.
//
// Checked before use: the capability fits in config space, both BIRs name implemented memory
// BARs, and table and PBA lie entirely inside their BARs (computed in 64 bits, no overflow).
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public struct MsixInfo
    {
        public int CapabilityOffset;
        public int TableEntries;
        public int TableBar;
        public ulong TableOffset;
        public int PendingBar;
        public ulong PendingOffset;

        public override string ToString() =>
            "msi-x " + TableEntries + " vectors, table bar " + TableBar + "+0x" + TableOffset.ToString("x")
            + ", pba bar " + PendingBar + "+0x" + PendingOffset.ToString("x");
    }

    public static class MsixCapability
    {
        public const int CapabilityBytes = 12;
        public const int MessageControlOffset = 2;
        public const int TableOffsetOffset = 4;
        public const int PendingOffsetOffset = 8;
        public const ushort TableSizeMask = 0x07FF;
        public const ushort FunctionMask = 1 << 14;
        public const ushort Enable = 1 << 15;
        public const int EntryBytes = 16;
        public const int EntryAddressLow = 0, EntryAddressHigh = 4, EntryData = 8, EntryVectorControl = 12;
        public const uint VectorMasked = 1;
        private const uint BirMask = 0x7;
        private const int PendingWordBytes = 8;
        private const int PendingBitsPerWord = 64;

        public static PciFault TryParse(ReadOnlySpan<byte> config, int offset, ReadOnlySpan<PciBar> bars, out MsixInfo info)
        {
            info = default;
            if (!LittleEndian.Fits(offset, CapabilityBytes, Math.Min(config.Length, PciLimits.ConfigSpaceBytes)))
                return new PciFault(PciError.CapabilityPastConfigSpace, offset);
            ushort control = LittleEndian.ReadUInt16(config, offset + MessageControlOffset);
            uint table = LittleEndian.ReadUInt32(config, offset + TableOffsetOffset);
            uint pending = LittleEndian.ReadUInt32(config, offset + PendingOffsetOffset);
            info.CapabilityOffset = offset;
            info.TableEntries = (control & TableSizeMask) + 1;
            info.TableBar = (int)(table & BirMask);
            info.TableOffset = table & ~BirMask;
            info.PendingBar = (int)(pending & BirMask);
            info.PendingOffset = pending & ~BirMask;
            ulong tableBytes = (ulong)info.TableEntries * EntryBytes;
            ulong pendingBytes = (ulong)((info.TableEntries + PendingBitsPerWord - 1) / PendingBitsPerWord) * PendingWordBytes;
            if (!IsMemoryBar(bars, info.TableBar))
                return new PciFault(PciError.MsixBadBar, offset + TableOffsetOffset);
            if (!IsMemoryBar(bars, info.PendingBar))
                return new PciFault(PciError.MsixBadBar, offset + PendingOffsetOffset);
            if (!FitsInBar(bars[info.TableBar], info.TableOffset, tableBytes))
                return new PciFault(PciError.MsixTableOutsideBar, offset + TableOffsetOffset);
            if (!FitsInBar(bars[info.PendingBar], info.PendingOffset, pendingBytes))
                return new PciFault(PciError.MsixPendingOutsideBar, offset + PendingOffsetOffset);
            return PciFault.None;
        }

        private static bool IsMemoryBar(ReadOnlySpan<PciBar> bars, int index) =>
            index < PciLimits.BarsMax && index < bars.Length && bars[index].IsMemory;

        // offset and length are below 2^32 and 2^15, bar size below 2^64: compare without adding.
        internal static bool FitsInBar(PciBar bar, ulong offset, ulong length) =>
            offset <= bar.SizeBytes && length <= bar.SizeBytes - offset;
    }
}
