// A Base Address Register (PCI 3.0, 6.2.5.1) after sizing: what space it decodes, how much, and
// where it is now. Decode is pure: it takes the register's original value and what it read back
// after all ones were written (the device clears the bits below its size), so hosted tests feed
// it any readback a device could produce.
//
// Size rule: the readback, with the type bits masked off, must be a run of ones followed by a run
// of zeros (size = two's complement of the mask); anything else is BarMaskNotContiguous. A
// readback of zero means the BAR is not implemented. A 64-bit memory BAR takes two slots, so it
// cannot be BAR5 (BarUpperHalfMissing); its size mask spans both halves.
namespace OSv.Drivers.Virtio.Pci
{
    public enum PciBarKind : byte
    {
        Absent,
        Io,
        Memory32,
        Memory64,
        UpperHalf, // the slot holding the high dword of the 64-bit BAR before it
    }

    public struct PciBar
    {
        public PciBarKind Kind;
        public bool Prefetchable;
        public ulong SizeBytes;
        public ulong Address;

        public bool IsMemory => Kind == PciBarKind.Memory32 || Kind == PciBarKind.Memory64;

        public override string ToString()
        {
            if (Kind == PciBarKind.Absent || Kind == PciBarKind.UpperHalf)
                return "-";
            string kind = Kind == PciBarKind.Io ? "io" : Kind == PciBarKind.Memory32 ? "mem32" : "mem64";
            return kind + (Prefetchable ? " pref" : "") + " 0x" + Address.ToString("x") + " size 0x" + SizeBytes.ToString("x");
        }
    }

    public static class PciBars
    {
        private const ulong IoUpperBitsIgnored = 0xFFFF_0000; // I/O BARs may decode only 16 bits

        // Whether the BAR in this slot is a 64-bit memory BAR (decides if the next slot is probed
        // as its upper half). Only the original value's type bits are needed.
        public static bool Is64Bit(uint original) =>
            (original & PciRegisters.BarIoSpace) == 0 && (original & PciRegisters.BarMemoryTypeMask) == PciRegisters.BarMemoryType64;

        // originalHigh/probedHigh are only read for 64-bit BARs.
        public static PciFault Decode(int index, uint original, uint probed, uint originalHigh, uint probedHigh, out PciBar bar)
        {
            bar = default;
            int offset = PciRegisters.BarOffset(index);
            if ((original & PciRegisters.BarIoSpace) != 0)
                return DecodeIo(original, probed, offset, out bar);
            uint type = original & PciRegisters.BarMemoryTypeMask;
            if (type != PciRegisters.BarMemoryType32 && type != PciRegisters.BarMemoryType64)
                return new PciFault(PciError.BarReservedType, offset);
            bool is64 = type == PciRegisters.BarMemoryType64;
            if (is64 && index >= PciLimits.BarsMax - 1)
                return new PciFault(PciError.BarUpperHalfMissing, offset);
            ulong mask = (probed & PciRegisters.BarMemoryAddressMask) | (is64 ? (ulong)probedHigh << 32 : 0xFFFF_FFFF_0000_0000UL);
            if ((probed & PciRegisters.BarMemoryAddressMask) == 0 && (!is64 || probedHigh == 0))
                return PciFault.None; // not implemented: Absent
            if (!IsContiguousMask(mask))
                return new PciFault(PciError.BarMaskNotContiguous, offset);
            bar.Kind = is64 ? PciBarKind.Memory64 : PciBarKind.Memory32;
            bar.Prefetchable = (original & PciRegisters.BarPrefetchable) != 0;
            bar.SizeBytes = ~mask + 1;
            bar.Address = (original & PciRegisters.BarMemoryAddressMask) | (is64 ? (ulong)originalHigh << 32 : 0);
            return PciFault.None;
        }

        private static PciFault DecodeIo(uint original, uint probed, int offset, out PciBar bar)
        {
            bar = default;
            uint bits = probed & PciRegisters.BarIoAddressMask;
            if (bits == 0)
                return PciFault.None;
            ulong mask = 0xFFFF_FFFF_0000_0000UL | bits;
            if ((bits & IoUpperBitsIgnored) == 0)
                mask |= IoUpperBitsIgnored;
            if (!IsContiguousMask(mask))
                return new PciFault(PciError.BarMaskNotContiguous, offset);
            bar.Kind = PciBarKind.Io;
            bar.SizeBytes = ~mask + 1;
            bar.Address = original & PciRegisters.BarIoAddressMask;
            return PciFault.None;
        }

        // Ones from the top, then zeros: the complement plus one is a power of two (and non-zero,
        // which excludes an all-ones mask, a zero-byte BAR).
        private static bool IsContiguousMask(ulong mask)
        {
            ulong size = ~mask + 1;
            return size != 0 && (size & (size - 1)) == 0;
        }
    }
}
