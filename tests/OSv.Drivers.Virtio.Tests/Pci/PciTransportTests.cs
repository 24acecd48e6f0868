// The transport over a virtio function (VirtioPciProbe, PciTransport, PciVirtio.Discover), with
// the BARs backed by native memory that stands in for device memory: QEMU's layout on a
// simulated bus whose BARs firmware "placed" at those buffers. Plain memory does not act like a
// device (no select registers), so these tests check what the driver writes where, and how it
// treats values a device could lie about.
using System;
using OSv.Core.Arch.X64;
using OSv.Drivers.Virtio.Pci;
using OSv.Drivers.Virtio.Transport;
using Xunit;
using C = OSv.Drivers.Virtio.Pci.VirtioPciCommonConfig;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    public sealed unsafe class PciTransportTests : IDisposable
    {
        private const int CommonAt = 0x0000, IsrAt = 0x1000, DeviceAt = 0x2000, NotifyAt = 0x3000;
        private const uint Multiplier = 4;

        private readonly DeviceMemory _bar4 = new DeviceMemory(0x4000);
        private readonly DeviceMemory _bar1 = new DeviceMemory(0x1000);
        private readonly SimulatedPciBus _bus = new SimulatedPciBus();
        private readonly SimulatedFunction _function;

        public PciTransportTests()
        {
            ConfigSpace config = ConfigSpace.QemuVirtioNet(out _);
            _function = _bus.Add(0, 1, 0, config);
            // BAR1 is 64-bit here (QEMU's is 32-bit) so that it can hold a host pointer.
            _function.SetMemoryBar64(1, 0x1000, 0, prefetchable: false);
            _function.SetMemoryBar64(4, 0x4000, 0);
            // "Firmware" placed the BARs at the buffers and enabled decoding.
            WriteBar64(1, (ulong)_bar1.Pointer);
            WriteBar64(4, (ulong)_bar4.Pointer);
            _function.Write32(PciRegisters.Command, PciRegisters.CommandMemorySpace);
            Common16(C.NumQueues, 3);
            Common16(C.QueueSize, 256);
            Common16(C.QueueNotifyOff, 2);
            _bar4.Pointer[DeviceAt] = 0x52;
        }

        public void Dispose()
        {
            _bar4.Dispose();
            _bar1.Dispose();
        }

        // Zeroed native memory aligned to its size, as a BAR's address must be.
        private sealed class DeviceMemory : IDisposable
        {
            public DeviceMemory(int bytes)
            {
                Pointer = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)bytes, (nuint)bytes);
                new Span<byte>(Pointer, bytes).Clear();
            }

            public byte* Pointer { get; }

            public void Dispose() => System.Runtime.InteropServices.NativeMemory.AlignedFree(Pointer);
        }

        private void WriteBar64(int index, ulong address)
        {
            _function.Write32(PciRegisters.BarOffset(index), (uint)address);
            _function.Write32(PciRegisters.BarOffset(index + 1), (uint)(address >> 32));
        }

        private void Common16(int offset, ushort value) => *(ushort*)(_bar4.Pointer + CommonAt + offset) = value;
        private ushort ReadCommon16(int offset) => *(ushort*)(_bar4.Pointer + CommonAt + offset);
        private ulong ReadCommon64(int offset) => *(ulong*)(_bar4.Pointer + CommonAt + offset);

        private PciTransport Discover()
        {
            var found = new VirtioTransport[2];
            int count = PciVirtio.Discover(_bus, default, null, found);
            Assert.Equal(1, count);
            return (PciTransport)found[0];
        }

        [Fact]
        public void Discover_FirmwarePlacedQemuLayout_TransportBound()
        {
            PciTransport net = Discover();

            Assert.Equal(1u, net.DeviceType);
            Assert.Equal("pci 00:01.0", net.Location);
            Assert.Equal(4, net.MsixTableEntries);
            Assert.Equal(3, net.QueueCount);
            Assert.Equal(0x52, net.ReadConfig8(0));
            Assert.Equal(PciRegisters.CommandMemorySpace | PciRegisters.CommandBusMaster, _function.Command & 0x7);
        }

        [Fact]
        public void Discover_WithMicrovmRouting_LineInterruptFromPrt()
        {
            _function.Config[PciRegisters.InterruptPin] = 1;
            PciHostBridges.TryResolve(Array.Empty<byte>(), AcpiTables.MicrovmPcieDsdt, out PciHostBridge bridge);
            var found = new VirtioTransport[1];

            PciVirtio.Discover(_bus, default, bridge.Routing, found);

            PciInterruptRoute line = ((PciTransport)found[0]).LineInterrupt;
            Assert.Equal((true, 17u, true, false), (line.IsPresent, line.Gsi, line.LevelTriggered, line.ActiveLow));
        }

        [Fact]
        public void Discover_MalformedCapabilityList_NoTransportAndDecodingUntouched()
        {
            _function.Config[_function.Config[PciRegisters.CapabilitiesPointer] + 1] = _function.Config[PciRegisters.CapabilitiesPointer];
            _function.Write32(PciRegisters.Command, 0);

            Assert.Equal(0, PciVirtio.Discover(_bus, default, null, new VirtioTransport[2]));
            Assert.Equal(0, _function.Command & PciRegisters.CommandBusMaster);
        }

        [Fact]
        public void EnableQueue_WritesSizeAddressesThenEnable_NotifyAtOffsetTimesMultiplier()
        {
            PciTransport net = Discover();

            net.EnableQueue(1, 128, 0x1111_0000, 0x2222_0000, 0x3_3333_0000);
            net.Notify(1);

            Assert.Equal(1, ReadCommon16(C.QueueSelect));
            Assert.Equal(128, ReadCommon16(C.QueueSize));
            Assert.Equal(0x1111_0000UL, ReadCommon64(C.QueueDesc));
            Assert.Equal(0x2222_0000UL, ReadCommon64(C.QueueDriver));
            Assert.Equal(0x3_3333_0000UL, ReadCommon64(C.QueueDevice));
            Assert.Equal(1, ReadCommon16(C.QueueEnable));
            Assert.Equal(1, *(ushort*)(_bar4.Pointer + NotifyAt + 2 * Multiplier));
            Assert.True(net.LastFault.IsNone);
        }

        [Fact]
        public void EnableQueue_NotifyOffsetPastStructure_QueueLeftDisabledDeviceFailed()
        {
            PciTransport net = Discover();
            Common16(C.QueueNotifyOff, 0x400); // 0x400 * 4 = 0x1000: no 2 bytes left in 4 KiB

            net.EnableQueue(0, 64, 0x1000, 0x2000, 0x3000);

            Assert.Equal(PciError.VirtioQueueNotifyOutsideRegion, net.LastFault.Error);
            Assert.Equal(0, ReadCommon16(C.QueueEnable));
            Assert.Equal(0UL, ReadCommon64(C.QueueDesc));
            Assert.Equal(128, _bar4.Pointer[CommonAt + C.DeviceStatus] & 128);
        }

        [Fact]
        public void EnableQueue_LastNotifySlot_Accepted()
        {
            PciTransport net = Discover();
            Common16(C.QueueNotifyOff, 0x3FF); // 0xFFC + 2 <= 0x1000

            net.EnableQueue(0, 64, 0x1000, 0x2000, 0x3000);
            net.Notify(0);

            Assert.True(net.LastFault.IsNone);
            Assert.Equal(0, *(ushort*)(_bar4.Pointer + NotifyAt + 0xFFC));
        }

        [Fact]
        public void QueueSizeMax_QueueBeyondNumQueues_Zero()
        {
            PciTransport net = Discover();

            Assert.Equal(256, net.QueueSizeMax(2));
            Assert.Equal(0, net.QueueSizeMax(3));
            Assert.Equal(0, net.QueueSizeMax(-1));
        }

        [Fact]
        public void Features_SplitIntoTwoWords_LowThenHigh()
        {
            PciTransport net = Discover();

            net.WriteDriverFeatures(0x0000_0001_8000_0020);

            // Plain memory keeps the last write: the high word, with select 1.
            Assert.Equal(1u, *(uint*)(_bar4.Pointer + C.DriverFeatureSelect));
            Assert.Equal(1u, *(uint*)(_bar4.Pointer + C.DriverFeature));
        }

        [Fact]
        public void TryEnableMsix_ProgramsEntriesUnmaskedAndSetsEnable()
        {
            PciTransport net = Discover();
            var messages = new[] { MsiMessage.ForVector(0, 47), MsiMessage.ForVector(2, 46) };

            Assert.True(net.TryEnableMsix(messages));

            Assert.Equal(0xFEE0_0000u, *(uint*)(_bar1.Pointer + 0));
            Assert.Equal(47u, *(uint*)(_bar1.Pointer + 8));
            Assert.Equal(0u, *(uint*)(_bar1.Pointer + 12));
            Assert.Equal(0xFEE0_2000u, *(uint*)(_bar1.Pointer + 16));
            Assert.Equal(46u, *(uint*)(_bar1.Pointer + 24));
            int msix = FindMsix();
            ushort control = BitConverter.ToUInt16(_function.Config, msix + 2);
            Assert.Equal(MsixCapability.Enable, control & (MsixCapability.Enable | MsixCapability.FunctionMask));
            Assert.Equal(3, control & MsixCapability.TableSizeMask); // table size is read-only data: kept
        }

        [Fact]
        public void TryEnableMsix_MoreMessagesThanEntries_Refused()
        {
            PciTransport net = Discover();

            Assert.False(net.TryEnableMsix(new MsiMessage[5]));
            Assert.False(net.MsixEnabled);
        }

        [Fact]
        public void SetConfigInterrupt_VectorReadsBack_Accepted()
        {
            PciTransport net = Discover();
            net.TryEnableMsix(new[] { MsiMessage.ForVector(0, 47) });

            // Plain memory echoes the write, as a device that mapped the vector does.
            Assert.True(net.SetConfigInterrupt(0));
            Assert.Equal(0, ReadCommon16(C.ConfigMsixVector));
        }

        [Fact]
        public void Reset_ConfigVectorWrittenAgainBeforeNextStatus()
        {
            PciTransport net = Discover();
            net.TryEnableMsix(new[] { MsiMessage.ForVector(0, 47) });
            net.SetConfigInterrupt(0);

            net.Status = 0;
            Common16(C.ConfigMsixVector, C.NoVector); // what a device does on reset
            net.Status = 1;

            Assert.Equal(0, ReadCommon16(C.ConfigMsixVector));
        }

        [Fact]
        public void EnableQueue_WithMsix_QueueVectorWrittenBeforeEnable()
        {
            PciTransport net = Discover();
            net.TryEnableMsix(new[] { MsiMessage.ForVector(0, 47), MsiMessage.ForVector(0, 46) });
            net.SetQueueInterrupt(1, 1);

            net.EnableQueue(1, 64, 0x1000, 0x2000, 0x3000);

            Assert.Equal(1, ReadCommon16(C.QueueMsixVector));
            Assert.True(net.LastFault.IsNone);
        }

        [Fact]
        public void ConfigRead_PastDeviceStructure_IsAnInvariantFailure()
        {
            PciTransport net = Discover();

            Assert.ThrowsAny<Exception>(() => net.ReadConfig32(0x1000));
        }

        private int FindMsix()
        {
            for (int at = _function.Config[PciRegisters.CapabilitiesPointer]; at != 0; at = _function.Config[at + 1])
            {
                if (_function.Config[at] == PciRegisters.CapabilityMsix)
                    return at;
            }
            throw new Xunit.Sdk.XunitException("no MSI-X capability");
        }
    }
}
