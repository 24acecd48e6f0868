// DeviceSetup (virtio 1.2, 3.1.1) over MmioTransport and SimulatedMmioDevice: the sequence up
// to FEATURES_OK, what is negotiated, and each way it fails (no VERSION_1, a required feature
// missing, FEATURES_OK refused, a reset that never completes), which must leave the device
// FAILED and say why.
using System.Linq;
using OSv.Drivers.Virtio.Core;
using OSv.Drivers.Virtio.Mmio;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class DeviceSetupTests
    {
        private const ulong Version1 = 1UL << 32;
        private const ulong Csum = 1UL << 0, Mac = 1UL << 5, MrgRxBuf = 1UL << 15, NetStatus = 1UL << 16;
        private const ulong Indirect = 1UL << 28, EventIndex = 1UL << 29, AccessPlatform = 1UL << 33;
        private const byte Acknowledge = 1, Driver = 2, DriverOk = 4, FeaturesOk = 8, Failed = 128;

        private static (SimulatedMmioDevice Device, MmioTransport Transport) Create(ulong offered, int[]? queues = null)
        {
            var device = new SimulatedMmioDevice(1, offered, queues ?? new[] { 256, 256 });
            MmioTransport? transport = MmioTransport.TryCreate(device, "mmio test", out string? refusal);
            Assert.Null(refusal);
            return (device, transport!);
        }

        [Theory]
        [InlineData(Version1 | Mac | NetStatus | Csum | Indirect | (1UL << 40), Mac | EventIndex | Indirect, Version1 | Mac | Indirect)]
        [InlineData(Version1, Mac | NetStatus, Version1)]
        [InlineData(Version1 | Mac | NetStatus | EventIndex, Mac | NetStatus | EventIndex, Version1 | Mac | NetStatus | EventIndex)]
        [InlineData(Version1 | MrgRxBuf | AccessPlatform | Mac, 0UL, Version1)]
        [InlineData(ulong.MaxValue, Mac | Version1, Version1 | Mac)]
        public void TryNegotiate_OfferedAndWanted_EndsAtFeaturesOk(ulong offered, ulong wanted, ulong expected)
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(offered);
            Assert.True(DeviceSetup.TryNegotiate(transport, wanted, required: 0, out ulong negotiated, out string? error), error);
            Assert.Null(error);
            Assert.Equal(expected, negotiated);
            Assert.Equal((offered & wanted) | Version1, negotiated);
            Assert.Equal(negotiated, device.DriverFeatures);
            Assert.Equal(Acknowledge | Driver | FeaturesOk, device.DeviceStatus);
            // 3.1.1: reset, ACKNOWLEDGE, DRIVER, (features), FEATURES_OK; never DRIVER_OK here.
            Assert.Equal(new byte[] { 0, Acknowledge, Acknowledge | Driver, Acknowledge | Driver | FeaturesOk }, device.StatusWrites);
        }

        [Fact]
        public void TryNegotiate_RequiredFeatureOffered_Accepted()
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(Version1 | Mac | NetStatus);
            Assert.True(DeviceSetup.TryNegotiate(transport, wanted: NetStatus, required: Mac, out ulong negotiated, out string? error), error);
            Assert.Equal(Version1 | Mac | NetStatus, negotiated);
            Assert.Equal(negotiated, device.DriverFeatures);
        }

        [Fact]
        public void TryNegotiate_DeviceLeftRunning_ResetFirst()
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(Version1 | Mac);
            Assert.True(DeviceSetup.TryNegotiate(transport, Mac, 0, out _, out _));
            transport.EnableQueue(0, 16, 0x10000, 0x20000, 0x30000);
            DeviceSetup.MarkDriverOk(transport);
            device.RaiseInterrupt(SimulatedMmioDevice.InterruptUsedBuffer);
            int resets = device.Resets;

            Assert.True(DeviceSetup.TryNegotiate(transport, Mac, 0, out ulong negotiated, out string? error), error);
            Assert.Equal(resets + 1, device.Resets);
            Assert.False(device.Queue(0).Ready);
            Assert.Equal(0u, device.InterruptStatus);
            Assert.Equal(Acknowledge | Driver | FeaturesOk, device.DeviceStatus);
            Assert.Equal(Version1 | Mac, negotiated);
        }

        [Fact]
        public void MarkDriverOk_AfterNegotiation_AllFourBits()
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(Version1 | Mac);
            Assert.True(DeviceSetup.TryNegotiate(transport, Mac, 0, out _, out _));
            DeviceSetup.MarkDriverOk(transport);
            Assert.Equal(Acknowledge | Driver | FeaturesOk | DriverOk, device.DeviceStatus);
        }

        [Fact]
        public void TryNegotiate_LegacyOnlyDevice_FailsWithoutVersion1()
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(Mac | NetStatus | EventIndex);
            Assert.False(DeviceSetup.TryNegotiate(transport, Mac, 0, out _, out string? error));
            Assert.NotNull(error);
            Assert.Contains("lacks required features", error);
            Assert.Contains("0x100000000", error); // VIRTIO_F_VERSION_1
            Assert.Equal(Failed, device.DeviceStatus & Failed);
            Assert.Equal(0, device.DeviceStatus & FeaturesOk);
            Assert.DoesNotContain(device.StatusWrites, s => (s & FeaturesOk) != 0);
            Assert.Equal(0UL, device.DriverFeatures); // nothing accepted
        }

        [Fact]
        public void TryNegotiate_RequiredFeatureMissing_FailsNamingIt()
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(Version1 | NetStatus);
            Assert.False(DeviceSetup.TryNegotiate(transport, NetStatus, required: Mac | NetStatus, out _, out string? error));
            Assert.NotNull(error);
            Assert.Contains("lacks required features 0x20", error);
            Assert.Equal(Failed, device.DeviceStatus & Failed);
            Assert.DoesNotContain(device.StatusWrites, s => (s & FeaturesOk) != 0);
        }

        [Fact]
        public void TryNegotiate_DeviceRefusesFeaturesOk_FailsSayingSo()
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(Version1 | Mac);
            device.RefuseFeaturesOk = true;
            Assert.False(DeviceSetup.TryNegotiate(transport, Mac, 0, out _, out string? error));
            Assert.NotNull(error);
            Assert.Contains("refused", error);
            Assert.Contains("0x100000020", error); // what was offered to it
            Assert.Equal(Failed, device.DeviceStatus & Failed);
            Assert.Equal(0, device.DeviceStatus & (FeaturesOk | DriverOk));
            Assert.Contains(device.StatusWrites, s => (s & FeaturesOk) != 0); // it was asked
        }

        [Fact]
        public void TryNegotiate_ResetNeverCompletes_FailsWithoutGoingOn()
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(Version1 | Mac);
            device.ForceStatus(Acknowledge | Driver | FeaturesOk | DriverOk); // a previous owner's
            device.ResetNeverCompletes = true;
            Assert.False(DeviceSetup.TryNegotiate(transport, Mac, 0, out _, out string? error));
            Assert.NotNull(error);
            Assert.Contains("reset", error);
            Assert.Equal(Failed, device.DeviceStatus & Failed);
            // Only the reset and the FAILED mark were written: no ACKNOWLEDGE, no features.
            Assert.Equal(0, device.StatusWrites[0]);
            Assert.All(device.StatusWrites.Skip(1), s => Assert.Equal(Failed, s & Failed));
            Assert.Equal(0UL, device.DriverFeatures);
        }

        // A reset that takes a while: the driver waits (the device throws on any access but a
        // status read until it reads 0) and then goes on.
        [Fact]
        public void TryNegotiate_SlowReset_WaitedFor()
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(Version1 | Mac);
            device.ForceStatus(Acknowledge | Driver);
            device.ResetReadsBeforeZero = 5000;
            Assert.True(DeviceSetup.TryNegotiate(transport, Mac, 0, out ulong negotiated, out string? error), error);
            Assert.Equal(Version1 | Mac, negotiated);
            Assert.Equal(Acknowledge | Driver | FeaturesOk, device.DeviceStatus);
        }

        [Fact]
        public void MarkFailed_KeepsTheOtherBits()
        {
            (SimulatedMmioDevice device, MmioTransport transport) = Create(Version1 | Mac);
            Assert.True(DeviceSetup.TryNegotiate(transport, Mac, 0, out _, out _));
            DeviceSetup.MarkFailed(transport);
            Assert.Equal(Acknowledge | Driver | FeaturesOk | Failed, device.DeviceStatus);
        }
    }
}
