// MmioTransport (virtio 1.2, 4.2) against SimulatedMmioDevice: which windows it accepts, the
// 64-bit feature words through the 32-bit select windows, queue setup (4.2.3.2), notification,
// configuration reads and the interrupt acknowledgement. The simulated device throws on any
// access the spec forbids the driver, so each test also checks the transport's access pattern.
using System.Linq;
using OSv.Drivers.Virtio.Mmio;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class MmioTransportTests
    {
        private const ulong Version1 = SimulatedMmioDevice.FeatureVersion1;
        private const ulong Mac = 1UL << 5, NetStatus = 1UL << 16;
        private static readonly byte[] MacBytes = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

        // Register offsets from the spec's table (4.2.2), not from the transport.
        private const int QueueSel = 0x030, QueueReady = 0x044, InterruptStatus = 0x060, InterruptAck = 0x064;

        private static SimulatedMmioDevice NetDevice(params int[] queueSizesMax)
        {
            var device = new SimulatedMmioDevice(1, Version1 | Mac | NetStatus, queueSizesMax.Length == 0 ? new[] { 256, 256 } : queueSizesMax);
            device.SetMac(MacBytes);
            device.SetNetStatus(1);
            device.InterruptStatus = 0;
            return device;
        }

        private static MmioTransport Create(SimulatedMmioDevice device, string location = "mmio 0xfeb02e00")
        {
            MmioTransport? transport = MmioTransport.TryCreate(device, location, out string? refusal);
            Assert.Null(refusal);
            Assert.NotNull(transport);
            return transport!;
        }

        // Reset, ACKNOWLEDGE, DRIVER, all offered features, FEATURES_OK (3.1.1), by hand.
        private static void ToFeaturesOk(MmioTransport transport)
        {
            transport.Status = 0;
            transport.Status = 1;
            transport.Status = 3;
            transport.WriteDriverFeatures(transport.ReadDeviceFeatures());
            transport.Status = 11;
            Assert.Equal(11, transport.Status);
        }

        [Fact]
        public void TryCreate_ModernDevice_AcceptedWithoutTouchingIt()
        {
            SimulatedMmioDevice device = NetDevice();
            device.ClearRecords();
            MmioTransport transport = Create(device, "mmio 0xfeb02e00");
            Assert.Equal(1u, transport.DeviceType);
            Assert.Equal("mmio 0xfeb02e00", transport.Location);
            Assert.DoesNotContain(device.Accesses, a => a.Write); // probing a slot must not disturb it
            device.DeviceType = 4;
            Assert.Equal(4u, transport.DeviceType); // read from the device, as the register says
        }

        [Theory]
        [InlineData(0u)]
        [InlineData(0xFFFFFFFFu)]
        [InlineData(0x76697274u)] // "virt" byte-swapped
        public void TryCreate_WrongMagic_Refused(uint magic)
        {
            SimulatedMmioDevice device = NetDevice();
            device.MagicValue = magic;
            device.ClearRecords();
            Assert.Null(MmioTransport.TryCreate(device, "mmio 0x0", out string? refusal));
            Assert.NotNull(refusal);
            Assert.Contains("magic", refusal);
            Assert.DoesNotContain(device.Accesses, a => a.Write);
        }

        [Theory]
        [InlineData(1u)]
        [InlineData(3u)]
        public void TryCreate_NotVersion2_RefusedNamingTheVersionAndForceLegacy(uint version)
        {
            SimulatedMmioDevice device = NetDevice();
            device.Version = version;
            Assert.Null(MmioTransport.TryCreate(device, "mmio 0x0", out string? refusal));
            Assert.NotNull(refusal);
            Assert.Contains("version " + version, refusal);
            Assert.Contains("force-legacy=false", refusal);
        }

        // 4.2.2.2: "The driver MUST ignore a device with DeviceID 0x0, but MUST NOT report any
        // error": the refusal is exactly the one discovery keeps quiet about.
        [Fact]
        public void TryCreate_DeviceIdZero_EmptySlot()
        {
            SimulatedMmioDevice device = NetDevice();
            device.DeviceType = 0;
            Assert.Null(MmioTransport.TryCreate(device, "mmio 0x0", out string? refusal));
            Assert.Equal("empty slot", refusal);
        }

        [Theory]
        [InlineData(0UL)]
        [InlineData(0x0000_0001_0000_0000UL)]
        [InlineData(0x0000_0001_0001_0020UL)]
        [InlineData(0x8000_0000_8000_0001UL)]
        [InlineData(0xFFFF_FFFF_FFFF_FFFFUL)]
        public void ReadDeviceFeatures_BothHalves(ulong offered)
        {
            SimulatedMmioDevice device = NetDevice();
            device.DeviceFeatures = offered;
            Assert.Equal(offered, Create(device).ReadDeviceFeatures());
        }

        [Fact]
        public void WriteDriverFeatures_BothHalves_HighHalfRewrittenEvenWhenZero()
        {
            SimulatedMmioDevice device = NetDevice();
            device.DeviceFeatures = ulong.MaxValue;
            MmioTransport transport = Create(device);
            transport.Status = 0;
            transport.Status = 1;
            transport.Status = 3;
            transport.WriteDriverFeatures(0x0000_0001_2000_0020UL);
            Assert.Equal(0x0000_0001_2000_0020UL, device.DriverFeatures);
            transport.WriteDriverFeatures(0xFFFF_FFFF_FFFF_FFFFUL);
            Assert.Equal(0xFFFF_FFFF_FFFF_FFFFUL, device.DriverFeatures);
            transport.WriteDriverFeatures(0x20UL);
            Assert.Equal(0x20UL, device.DriverFeatures);
            transport.WriteDriverFeatures(0x1_0000_0000UL);
            Assert.Equal(0x1_0000_0000UL, device.DriverFeatures);
        }

        // What DeviceSetup relies on: the device keeps FEATURES_OK only for a subset of its offer.
        [Fact]
        public void FeaturesOk_KeptOnlyForASubsetOfTheOffer()
        {
            SimulatedMmioDevice device = NetDevice();
            MmioTransport transport = Create(device);
            transport.Status = 0;
            transport.Status = 1;
            transport.Status = 3;
            transport.WriteDriverFeatures(Version1 | Mac | 1UL << 40);
            transport.Status = 11;
            Assert.Equal(3, transport.Status);
            ToFeaturesOk(transport);
        }

        [Fact]
        public void Status_RoundTrips_AndZeroResetsQueuesFeaturesAndInterrupts()
        {
            SimulatedMmioDevice device = NetDevice(256, 128);
            MmioTransport transport = Create(device);
            transport.Status = 0;
            Assert.Equal(0, transport.Status);
            transport.Status = 1;
            Assert.Equal(1, transport.Status);
            transport.Status = 3;
            Assert.Equal(3, transport.Status);
            transport.WriteDriverFeatures(Version1);
            transport.Status = 11;
            transport.EnableQueue(1, 64, 0x10000, 0x20000, 0x30000);
            transport.Status = 15;
            Assert.Equal(15, transport.Status);
            device.RaiseInterrupt(SimulatedMmioDevice.InterruptUsedBuffer);
            Assert.Equal(0, transport.QueueSizeMax(1));

            transport.Status = 0;
            Assert.Equal(0, transport.Status);
            Assert.False(device.Queue(1).Ready);
            Assert.Equal(0UL, device.DriverFeatures);
            Assert.Equal(0u, device.InterruptStatus);
            Assert.Equal(128, transport.QueueSizeMax(1));
        }

        [Fact]
        public void EnableQueue_ProgramsSizeAndAll64BitAddressesThenSetsReady()
        {
            SimulatedMmioDevice device = NetDevice(256, 256);
            MmioTransport transport = Create(device);
            ToFeaturesOk(transport);
            device.ClearRecords();
            const ulong descriptors = 0x0000_0012_3456_7000UL, driver = 0x0000_0034_0000_1002UL, deviceArea = 0x8000_0056_0000_2004UL;
            transport.EnableQueue(1, 128, descriptors, driver, deviceArea);

            SimulatedMmioDevice.QueueState q = device.Queue(1);
            Assert.True(q.Ready);
            Assert.Equal(128, q.Num);
            Assert.Equal(descriptors, q.Descriptor);
            Assert.Equal(driver, q.Driver);
            Assert.Equal(deviceArea, q.Device);
            SimulatedMmioDevice.QueueState other = device.Queue(0);
            Assert.False(other.Ready);
            Assert.Equal(0, other.Num);
            Assert.Equal(0UL, other.Descriptor | other.Driver | other.Device);

            // The queue was selected first and made ready last (4.2.3.2).
            var writes = device.Accesses.Where(a => a.Write).ToList();
            Assert.Equal(QueueSel, writes[0].Offset);
            Assert.Equal(1u, writes[0].Value);
            Assert.Equal(QueueReady, writes[^1].Offset);
            Assert.Equal(1u, writes[^1].Value);
            Assert.Single(writes, w => w.Offset == QueueReady);
        }

        [Fact]
        public void QueueSizeMax_ExistingQueue_DeviceMaximum()
        {
            MmioTransport transport = Create(NetDevice(1024, 16));
            Assert.Equal(1024, transport.QueueSizeMax(0));
            Assert.Equal(16, transport.QueueSizeMax(1));
        }

        [Fact]
        public void QueueSizeMax_AbsentQueue_Zero()
        {
            MmioTransport transport = Create(NetDevice(256, 0));
            Assert.Equal(0, transport.QueueSizeMax(1)); // the device says 0
            Assert.Equal(0, transport.QueueSizeMax(2)); // beyond the device's queues
            Assert.Equal(0, transport.QueueSizeMax(1000));
            Assert.Equal(256, transport.QueueSizeMax(0));
        }

        [Fact]
        public void QueueSizeMax_AlreadyReadyQueue_Zero()
        {
            SimulatedMmioDevice device = NetDevice(256, 256);
            MmioTransport transport = Create(device);
            ToFeaturesOk(transport);
            transport.EnableQueue(0, 256, 0x10000, 0x20000, 0x30000);
            Assert.Equal(0, transport.QueueSizeMax(0));
            Assert.Equal(256, transport.QueueSizeMax(1));
            Assert.True(device.Queue(0).Ready); // asking changed nothing
        }

        [Fact]
        public void Notify_WritesTheQueueIndex()
        {
            SimulatedMmioDevice device = NetDevice(256, 256);
            MmioTransport transport = Create(device);
            ToFeaturesOk(transport);
            transport.EnableQueue(0, 8, 0x10000, 0x20000, 0x30000);
            transport.EnableQueue(1, 8, 0x40000, 0x50000, 0x60000);
            transport.Status = 15;
            transport.Notify(1);
            transport.Notify(0);
            transport.Notify(1);
            Assert.Equal(new[] { 1, 0, 1 }, device.Notifications);
        }

        [Fact]
        public void ConfigReads_MacBytesStatusWordAndGeneration()
        {
            SimulatedMmioDevice device = NetDevice();
            MmioTransport transport = Create(device);
            for (int i = 0; i < MacBytes.Length; i++)
                Assert.Equal(MacBytes[i], transport.ReadConfig8(i));
            Assert.Equal((ushort)1, transport.ReadConfig16(6));
            Assert.Equal(0x1200_5452u, transport.ReadConfig32(0));
            Assert.Equal(0x0001_5634u, transport.ReadConfig32(4));

            uint generation = transport.ConfigGeneration;
            Assert.Equal(device.ConfigGeneration, generation);
            device.SetNetStatus(0);
            Assert.NotEqual(generation, transport.ConfigGeneration);
            Assert.Equal((ushort)0, transport.ReadConfig16(6));
        }

        [Fact]
        public void AcknowledgeInterrupt_ReturnsAndClearsTheCause()
        {
            SimulatedMmioDevice device = NetDevice();
            MmioTransport transport = Create(device);
            device.RaiseInterrupt(SimulatedMmioDevice.InterruptUsedBuffer | SimulatedMmioDevice.InterruptConfigChange);
            Assert.Equal(3u, transport.AcknowledgeInterrupt());
            Assert.Equal(0u, device.InterruptStatus);
            Assert.Equal(0u, transport.AcknowledgeInterrupt());
        }

        // A cause raised between the read and the ack stays pending: only the bits read are acked.
        [Fact]
        public void AcknowledgeInterrupt_AcksExactlyTheBitsRead()
        {
            SimulatedMmioDevice device = NetDevice();
            MmioTransport transport = Create(device);
            device.RaiseInterrupt(SimulatedMmioDevice.InterruptUsedBuffer);
            device.AfterRead = offset =>
            {
                if (offset == InterruptStatus)
                    device.RaiseInterrupt(SimulatedMmioDevice.InterruptConfigChange);
            };
            device.ClearRecords();
            Assert.Equal(1u, transport.AcknowledgeInterrupt());
            Assert.Equal(SimulatedMmioDevice.InterruptConfigChange, device.InterruptStatus);
            Assert.Equal(new[] { 1u }, device.Accesses.Where(a => a.Write && a.Offset == InterruptAck).Select(a => a.Value));

            device.AfterRead = null;
            Assert.Equal(2u, transport.AcknowledgeInterrupt());
            Assert.Equal(0u, device.InterruptStatus);
        }

        [Fact]
        public void AcknowledgeInterrupt_NothingPending_AcksNothing()
        {
            SimulatedMmioDevice device = NetDevice();
            MmioTransport transport = Create(device);
            device.ClearRecords();
            Assert.Equal(0u, transport.AcknowledgeInterrupt());
            uint acked = 0;
            foreach (SimulatedMmioDevice.Access access in device.Accesses)
                if (access.Write && access.Offset == InterruptAck)
                    acked |= access.Value;
            Assert.Equal(0u, acked);
        }
    }
}
