// A PCI bus in memory, written from PCI 3.0 chapter 6: functions answer config reads, empty
// slots read all ones, BARs keep only the address bits their size allows (so writing all ones
// reads back the size mask) and their type bits are read-only, the status register's bits are
// write-one-to-clear (ignored here: nothing sets them). Tests add functions, then drive the
// enumerator, BAR probing and assignment, and the virtio probe through PciConfigAccess.
using System;
using System.Collections.Generic;
using OSv.Drivers.Virtio.Pci;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    internal sealed class SimulatedFunction
    {
        public readonly byte[] Config = new byte[PciLimits.ExtendedConfigSpaceBytes];
        public readonly uint[] BarWritableMask = new uint[PciLimits.BarsMax];
        public int BarWrites;

        public SimulatedFunction(byte[] header)
        {
            header.CopyTo(Config, 0);
        }

        public uint Read32(int offset) => BitConverter.ToUInt32(Config, offset);

        public void Write32(int offset, uint value)
        {
            int bar = (offset - PciRegisters.Bar0) / 4;
            if (offset >= PciRegisters.Bar0 && offset < PciRegisters.BarOffset(PciLimits.BarsMax) && Config[PciRegisters.HeaderType] == 0)
            {
                BarWrites++;
                uint mask = BarWritableMask[bar];
                value = (value & mask) | (Read32(offset) & ~mask & ReadOnlyBits(offset));
            }
            else if (offset == PciRegisters.Command)
                value = (value & 0xFFFF) | (Read32(offset) & 0xFFFF_0000); // status: RW1C, nothing to clear
            BitConverter.GetBytes(value).CopyTo(Config, offset);
        }

        // A 32-bit memory BAR of this size (a power of two, >= 16).
        public void SetMemoryBar32(int index, uint size, uint address = 0)
        {
            BarWritableMask[index] = ~(size - 1);
            BitConverter.GetBytes(address & ~(size - 1)).CopyTo(Config, PciRegisters.BarOffset(index));
        }

        // A 64-bit memory BAR: the low slot carries type bits 0b100 (+ prefetchable 0b1000).
        public void SetMemoryBar64(int index, ulong size, ulong address = 0, bool prefetchable = true)
        {
            ulong mask = ~(size - 1);
            BarWritableMask[index] = (uint)mask & 0xFFFF_FFF0;
            BarWritableMask[index + 1] = (uint)(mask >> 32);
            uint type = PciRegisters.BarMemoryType64 | (prefetchable ? PciRegisters.BarPrefetchable : 0);
            BitConverter.GetBytes((uint)(address & mask) | type).CopyTo(Config, PciRegisters.BarOffset(index));
            BitConverter.GetBytes((uint)((address & mask) >> 32)).CopyTo(Config, PciRegisters.BarOffset(index + 1));
        }

        public void SetIoBar(int index, uint size)
        {
            BarWritableMask[index] = ~(size - 1) & 0xFFFF;
            BitConverter.GetBytes(PciRegisters.BarIoSpace).CopyTo(Config, PciRegisters.BarOffset(index));
        }

        public ushort Command => BitConverter.ToUInt16(Config, PciRegisters.Command);

        public ulong BarAddress(int index, bool is64) =>
            (Read32(PciRegisters.BarOffset(index)) & 0xFFFF_FFF0) | (is64 ? (ulong)Read32(PciRegisters.BarOffset(index + 1)) << 32 : 0);

        // Type and low flag bits of a BAR never change; the upper half of a 64-bit BAR has none.
        private uint ReadOnlyBits(int offset) => 0xF;
    }

    internal sealed class SimulatedPciBus : PciConfigAccess
    {
        private readonly Dictionary<(int, int, int), SimulatedFunction> _functions = new();
        private readonly int _busEnd;

        public SimulatedPciBus(int busEnd = 255) { _busEnd = busEnd; }

        public override int BusStart => 0;
        public override int BusEnd => _busEnd;

        public int Reads;

        public SimulatedFunction Add(int bus, int device, int function, ConfigSpace header, byte headerType = 0)
        {
            header.Bytes[PciRegisters.HeaderType] = headerType;
            var simulated = new SimulatedFunction(header.Bytes);
            _functions[(bus, device, function)] = simulated;
            return simulated;
        }

        public SimulatedFunction Bridge(int bus, int device, int secondary)
        {
            var header = new ConfigSpace(0x1B36, 0x000C);
            header.Bytes[PciRegisters.BaseClass] = 0x06;
            header.Bytes[PciRegisters.SubClass] = 0x04;
            SimulatedFunction bridge = Add(bus, device, 0, header, PciRegisters.HeaderLayoutBridge);
            bridge.Config[PciRegisters.SecondaryBus] = (byte)secondary;
            return bridge;
        }

        public override uint Read32(PciAddress function, int offset)
        {
            Reads++;
            if ((offset & 3) != 0)
                throw new InvalidOperationException("unaligned config read");
            return _functions.TryGetValue((function.Bus, function.Device, function.Function), out SimulatedFunction? f) ? f.Read32(offset) : uint.MaxValue;
        }

        public override void Write32(PciAddress function, int offset, uint value)
        {
            if ((offset & 3) != 0)
                throw new InvalidOperationException("unaligned config write");
            if (_functions.TryGetValue((function.Bus, function.Device, function.Function), out SimulatedFunction? f))
                f.Write32(offset, value);
        }
    }
}
