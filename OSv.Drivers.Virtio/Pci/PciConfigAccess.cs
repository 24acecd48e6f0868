// How configuration space is reached: ECAM on metal (EcamConfigAccess), a simulated bus in
// hosted tests. Enumeration, BAR sizing and the capability snapshot go through this and nothing
// else, so they run unchanged against crafted and malicious config spaces.
//
// Caller rules: offsets are within PciLimits.ExtendedConfigSpaceBytes and naturally aligned for
// the access width; implementations check it (a wrong offset is a driver bug, not device input).
// Reads of an absent function return all ones, as PCI does.
//
// An abstract class rather than an interface: a virtual call is one indirect call, while
// OSv.Runtime's interface dispatch has no cell cache yet and resolves every interface call
// through CoreLib (OSv.Runtime/Interop/InterfaceDispatch.Metal.cs; same reason as VirtioTransport).
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public abstract class PciConfigAccess
    {
        // Buses this access reaches (for ECAM: the bus range of the host bridge / MCFG entry).
        public abstract int BusStart { get; }
        public abstract int BusEnd { get; }

        public abstract uint Read32(PciAddress function, int offset);
        public abstract void Write32(PciAddress function, int offset, uint value);

        // 8- and 16-bit accesses are composed from the aligned dword (config space has no read
        // side effects in the header and capability area this code touches).
        public byte Read8(PciAddress function, int offset) =>
            (byte)(Read32(function, offset & ~3) >> (8 * (offset & 3)));

        public ushort Read16(PciAddress function, int offset) =>
            (ushort)(Read32(function, offset & ~3) >> (8 * (offset & 2)));

        // 16-bit writes go through a read-modify-write of the dword, except for the command
        // register, whose neighbour (status) has write-one-to-clear bits that must be written
        // as zero: so the upper half is written 0 there.
        public void Write16(PciAddress function, int offset, ushort value)
        {
            int aligned = offset & ~3;
            int shift = 8 * (offset & 2);
            uint keep = aligned == PciRegisters.Command ? 0u : Read32(function, aligned) & ~(0xFFFFu << shift);
            Write32(function, aligned, keep | ((uint)value << shift));
        }

        // The first 256 bytes of a function, for the pure parsers (capabilities, virtio
        // structures, MSI-X). destination must hold PciLimits.ConfigSpaceBytes.
        public void Snapshot(PciAddress function, Span<byte> destination)
        {
            for (int offset = 0; offset < PciLimits.ConfigSpaceBytes; offset += 4)
            {
                uint value = Read32(function, offset);
                destination[offset] = (byte)value;
                destination[offset + 1] = (byte)(value >> 8);
                destination[offset + 2] = (byte)(value >> 16);
                destination[offset + 3] = (byte)(value >> 24);
            }
        }
    }
}
