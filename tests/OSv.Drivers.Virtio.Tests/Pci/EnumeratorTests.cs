// Bus enumeration (PciEnumerator) over a simulated bus: present, absent and multi-function
// slots, bridges followed only when firmware numbered them, and loops of bridges followed once.
using OSv.Drivers.Virtio.Pci;
using Xunit;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    public sealed class EnumeratorTests
    {
        private static int Enumerate(SimulatedPciBus bus, out PciFunctionInfo[] found, out PciFault fault)
        {
            found = new PciFunctionInfo[PciLimits.FunctionsMax];
            return PciEnumerator.Enumerate(bus, found, out fault);
        }

        [Fact]
        public void MicrovmBus_HostBridgeAndVirtioNetListed()
        {
            var bus = new SimulatedPciBus();
            var host = new ConfigSpace(0x1B36, 0x0008);
            host.Bytes[PciRegisters.BaseClass] = 0x06;
            bus.Add(0, 0, 0, host);
            bus.Add(0, 1, 0, new ConfigSpace());

            int count = Enumerate(bus, out PciFunctionInfo[] found, out PciFault fault);

            Assert.True(fault.IsNone);
            Assert.Equal(2, count);
            Assert.Equal("00:00.0 1b36:0008 class 06.00.00", found[0].ToString());
            Assert.Equal("00:01.0 1af4:1041 class 02.00.00", found[1].ToString());
            Assert.True(VirtioPciProbe.IsVirtio(found[1]));
            Assert.Equal(1u, VirtioPciProbe.DeviceTypeOf(found[1]));
        }

        [Fact]
        public void MultiFunctionBitClear_OtherFunctionsNotProbed()
        {
            var bus = new SimulatedPciBus();
            bus.Add(0, 3, 0, new ConfigSpace());
            bus.Add(0, 3, 2, new ConfigSpace()); // would be a ghost: function 0 is single-function

            Assert.Equal(1, Enumerate(bus, out _, out _));
        }

        [Fact]
        public void MultiFunctionDevice_AllFunctionsListed()
        {
            var bus = new SimulatedPciBus();
            bus.Add(0, 3, 0, new ConfigSpace(), PciRegisters.HeaderTypeMultiFunction);
            bus.Add(0, 3, 5, new ConfigSpace(0x1AF4, 0x1044));

            int count = Enumerate(bus, out PciFunctionInfo[] found, out _);

            Assert.Equal(2, count);
            Assert.Equal(5, found[1].Address.Function);
            Assert.Equal(4u, VirtioPciProbe.DeviceTypeOf(found[1]));
        }

        [Fact]
        public void TransitionalDevice_TypeFromSubsystemId()
        {
            var bus = new SimulatedPciBus();
            var legacy = new ConfigSpace(0x1AF4, 0x1000);
            legacy.Write16(PciRegisters.SubsystemId, 1);
            bus.Add(0, 2, 0, legacy);

            Enumerate(bus, out PciFunctionInfo[] found, out _);

            Assert.Equal(1u, VirtioPciProbe.DeviceTypeOf(found[0]));
        }

        [Fact]
        public void NumberedBridge_SecondaryBusScanned()
        {
            var bus = new SimulatedPciBus();
            bus.Bridge(0, 2, secondary: 1);
            bus.Add(1, 0, 0, new ConfigSpace());

            int count = Enumerate(bus, out PciFunctionInfo[] found, out _);

            Assert.Equal(2, count);
            Assert.Equal(1, found[1].Address.Bus);
        }

        [Fact]
        public void UnnumberedBridge_ListedNotFollowed()
        {
            var bus = new SimulatedPciBus();
            bus.Bridge(0, 2, secondary: 0);
            bus.Add(1, 0, 0, new ConfigSpace());

            int count = Enumerate(bus, out PciFunctionInfo[] found, out _);

            Assert.Equal(1, count);
            Assert.True(found[0].IsBridge);
        }

        [Fact]
        public void BridgeLoop_EachBusScannedOnce()
        {
            var bus = new SimulatedPciBus();
            bus.Bridge(0, 2, secondary: 1);
            bus.Bridge(1, 0, secondary: 2);
            bus.Bridge(2, 0, secondary: 1); // points back up: not followed (secondary <= own bus)
            bus.Bridge(2, 1, secondary: 3);
            bus.Bridge(3, 0, secondary: 2); // ditto

            int count = Enumerate(bus, out _, out PciFault fault);

            Assert.True(fault.IsNone);
            Assert.Equal(5, count);
        }

        [Fact]
        public void BridgeBeyondBusRange_NotFollowed()
        {
            var bus = new SimulatedPciBus(busEnd: 3);
            bus.Bridge(0, 2, secondary: 9);
            bus.Add(9, 0, 0, new ConfigSpace());

            Assert.Equal(1, Enumerate(bus, out _, out _));
        }

        [Fact]
        public void MoreFunctionsThanTable_ReportedNotGrown()
        {
            var bus = new SimulatedPciBus();
            for (int device = 0; device < 3; device++)
                bus.Add(0, device, 0, new ConfigSpace());
            var found = new PciFunctionInfo[2];

            int count = PciEnumerator.Enumerate(bus, found, out PciFault fault);

            Assert.Equal(2, count);
            Assert.Equal(PciError.TooManyFunctions, fault.Error);
        }
    }
}
