// ECAM addressing (EcamConfigAccess, PCIe 4.0 7.2.2) over native memory standing in for the
// window: bus/device/function/offset land where the specification puts them, buses outside the
// window read as absent, and 8/16-bit reads and writes compose correctly from dwords.
using System;
using System.Runtime.InteropServices;
using OSv.Drivers.Virtio.Pci;
using Xunit;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    public sealed unsafe class EcamTests : IDisposable
    {
        private const int Buses = 2;
        private readonly byte* _window = (byte*)NativeMemory.AllocZeroed((nuint)(Buses << EcamRegion.BusShift));

        public void Dispose() => NativeMemory.Free(_window);

        [Fact]
        public void Read32_AddressFromBusDeviceFunctionOffset()
        {
            var ecam = new EcamConfigAccess(_window, 4, 5);
            *(uint*)(_window + (1 << 20) + (3 << 15) + (2 << 12) + 0x10) = 0xCAFE_F00D;

            Assert.Equal(0xCAFE_F00Du, ecam.Read32(new PciAddress(5, 3, 2), 0x10));
        }

        [Fact]
        public void Read32_BusOutsideWindow_AllOnes()
        {
            var ecam = new EcamConfigAccess(_window, 4, 5);

            Assert.Equal(uint.MaxValue, ecam.Read32(new PciAddress(3, 0, 0), 0));
            Assert.Equal(uint.MaxValue, ecam.Read32(new PciAddress(6, 0, 0), 0));
        }

        [Fact]
        public void NarrowReads_ComposedFromDwords()
        {
            var ecam = new EcamConfigAccess(_window, 0, 1);
            *(uint*)(_window + 0x8) = 0x0200_0001; // class 02, revision 01

            Assert.Equal(0x02, ecam.Read8(new PciAddress(0, 0, 0), PciRegisters.BaseClass));
            Assert.Equal(0x01, ecam.Read8(new PciAddress(0, 0, 0), PciRegisters.RevisionId));
            Assert.Equal(0x0200, ecam.Read16(new PciAddress(0, 0, 0), PciRegisters.SubClass));
        }

        [Fact]
        public void Write16ToCommand_WritesZeroToStatusHalf()
        {
            var ecam = new EcamConfigAccess(_window, 0, 1);
            *(uint*)(_window + 0x4) = 0x0010_0000; // status: capability list (RW1C bits would be here)

            ecam.Write16(new PciAddress(0, 0, 0), PciRegisters.Command, 0x0006);

            Assert.Equal(0x0000_0006u, *(uint*)(_window + 0x4));
        }

        [Fact]
        public void Write16ElsewhereKeepsNeighbour()
        {
            var ecam = new EcamConfigAccess(_window, 0, 1);
            *(uint*)(_window + 0x40) = 0x0003_1109;

            ecam.Write16(new PciAddress(0, 0, 0), 0x42, 0x8003);

            Assert.Equal(0x8003_1109u, *(uint*)(_window + 0x40));
        }
    }
}
