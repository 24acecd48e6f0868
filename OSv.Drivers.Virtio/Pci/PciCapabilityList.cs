// Walks a function's capability list (PCI 3.0, 6.7) in a snapshot of its 256-byte config space.
// The list is device-controlled data, so it is checked, never trusted:
//  - the Status register must announce a list (bit 4), else NoCapabilityList;
//  - each pointer has its two reserved low bits masked (as the spec tells software to) and must
//    lie in 0x40..0xFC, the device-specific area after the header (CapabilityPointerOutOfRange);
//  - a pointer seen before is a loop (CapabilityLoop): a 64-bit bitmap over the 48 possible
//    positions, so a loop is caught on its first repeat, and the walk is bounded by
//    PciLimits.CapabilitiesMax steps whatever the device does.
// A malformed list rejects the whole function: a capability found after a bad pointer could be
// anything, so nothing from the list is used.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public readonly struct PciCapability
    {
        public PciCapability(byte id, int offset)
        {
            Id = id;
            Offset = offset;
        }

        public byte Id { get; }
        public int Offset { get; }
    }

    public static class PciCapabilityList
    {
        // found must hold PciLimits.CapabilitiesMax entries; count is how many were written.
        public static PciFault Walk(ReadOnlySpan<byte> config, Span<PciCapability> found, out int count)
        {
            count = 0;
            if (config.Length < PciLimits.ConfigSpaceBytes)
                return new PciFault(PciError.CapabilityPastConfigSpace, config.Length);
            if ((LittleEndian.ReadUInt16(config, PciRegisters.Status) & PciRegisters.StatusCapabilitiesList) == 0)
                return new PciFault(PciError.NoCapabilityList, PciRegisters.Status);
            ulong visited = 0;
            int pointerAt = PciRegisters.CapabilitiesPointer;
            int pointer = config[pointerAt] & PciRegisters.CapabilityPointerMask;
            while (pointer != 0)
            {
                if (pointer < PciLimits.CapabilitiesFirstOffset)
                    return new PciFault(PciError.CapabilityPointerOutOfRange, pointerAt);
                ulong bit = 1UL << (pointer >> 2); // pointer >> 2 is in 16..63
                if ((visited & bit) != 0 || count >= PciLimits.CapabilitiesMax || count >= found.Length)
                    return new PciFault(PciError.CapabilityLoop, pointerAt);
                visited |= bit;
                found[count++] = new PciCapability(config[pointer], pointer);
                pointerAt = pointer + 1; // the header's 2 bytes fit: pointer <= 0xFC
                pointer = config[pointerAt] & PciRegisters.CapabilityPointerMask;
            }
            return PciFault.None;
        }
    }
}
