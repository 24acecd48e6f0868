// Sizes a function's BARs the standard way (PCI 3.0, 6.2.5.1, "implementation note: sizing a
// 32-bit base address register"): save the register, write all ones, read back, restore. Memory
// and I/O decoding are switched off meanwhile, so that the device never answers at the
// all-ones address it briefly holds, and the command register is restored afterwards.
// The decoding itself is pure (PciBars.Decode).
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public static class PciBarProbe
    {
        private const int BridgeBars = 2; // a type 1 header has BAR0 and BAR1 only

        // bars must hold PciLimits.BarsMax entries; unused slots are Absent. A fault names the
        // first BAR that decoded badly; the BARs before it are filled in.
        public static PciFault Probe(PciConfigAccess access, PciAddress function, byte headerLayout, Span<PciBar> bars)
        {
            for (int i = 0; i < PciLimits.BarsMax; i++)
                bars[i] = default;
            int count = headerLayout == PciRegisters.HeaderLayoutDevice ? PciLimits.BarsMax
                : headerLayout == PciRegisters.HeaderLayoutBridge ? BridgeBars : 0;
            ushort command = access.Read16(function, PciRegisters.Command);
            access.Write16(function, PciRegisters.Command, (ushort)(command & ~(PciRegisters.CommandIoSpace | PciRegisters.CommandMemorySpace)));
            PciFault fault = PciFault.None;
            for (int i = 0; i < count && fault.IsNone; i++)
            {
                int offset = PciRegisters.BarOffset(i);
                uint original = SizeRegister(access, function, offset, out uint probed);
                uint originalHigh = 0, probedHigh = 0;
                bool is64 = PciBars.Is64Bit(original) && i + 1 < count;
                if (is64)
                    originalHigh = SizeRegister(access, function, offset + 4, out probedHigh);
                fault = PciBars.Decode(i, original, probed, originalHigh, probedHigh, out bars[i]);
                if (is64 && fault.IsNone)
                {
                    i++;
                    bars[i].Kind = PciBarKind.UpperHalf;
                }
            }
            access.Write16(function, PciRegisters.Command, command);
            return fault;
        }

        private static uint SizeRegister(PciConfigAccess access, PciAddress function, int offset, out uint probed)
        {
            uint original = access.Read32(function, offset);
            access.Write32(function, offset, uint.MaxValue);
            probed = access.Read32(function, offset);
            access.Write32(function, offset, original);
            return original;
        }

        // Writes a memory BAR's address (both halves for a 64-bit BAR); the type bits are
        // read-only, so writing the address alone leaves them intact.
        public static void WriteAddress(PciConfigAccess access, PciAddress function, int index, PciBar bar)
        {
            int offset = PciRegisters.BarOffset(index);
            access.Write32(function, offset, (uint)bar.Address);
            if (bar.Kind == PciBarKind.Memory64)
                access.Write32(function, offset + 4, (uint)(bar.Address >> 32));
        }
    }
}
