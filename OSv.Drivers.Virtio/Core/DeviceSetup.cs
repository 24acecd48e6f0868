// The device initialisation sequence every virtio driver follows (spec 3.1.1), over any
// transport: reset, ACKNOWLEDGE, DRIVER, feature negotiation ending in FEATURES_OK (which the
// device may refuse), then the driver sets up its queues and calls MarkDriverOk. A failure sets
// FAILED, so the device stops expecting anything of us, and says why.
using OSv.Drivers.Virtio.Transport;

namespace OSv.Drivers.Virtio.Core
{
    public static class DeviceStatus
    {
        public const byte Acknowledge = 1;
        public const byte Driver = 2;
        public const byte DriverOk = 4;
        public const byte FeaturesOk = 8;
        public const byte DeviceNeedsReset = 64;
        public const byte Failed = 128;
    }

    public static class DeviceFeatures
    {
        // VIRTIO_F_VERSION_1 (spec 6): a modern device. Every driver here requires it.
        public const ulong Version1 = 1UL << 32;
    }

    public static class DeviceSetup
    {
        // A reset completes when the status reads back 0 (spec 4.2.3.1 / 4.1.4.3.2); bounded.
        private const int ResetPollsMax = 100_000;

        // Runs the sequence up to FEATURES_OK. negotiated = offered ∩ wanted; false (and the
        // device marked FAILED) when the device is not modern, lacks a required feature, or
        // refuses the subset.
        public static bool TryNegotiate(VirtioTransport device, ulong wanted, ulong required, out ulong negotiated, out string? error)
        {
            negotiated = 0;
            device.Status = 0;
            for (int poll = 0; poll < ResetPollsMax && device.Status != 0; poll++)
            {
            }
            if (device.Status != 0)
                return Fail(device, "the device did not reset", out error);
            device.Status = DeviceStatus.Acknowledge;
            device.Status = DeviceStatus.Acknowledge | DeviceStatus.Driver;
            ulong offered = device.ReadDeviceFeatures();
            required |= DeviceFeatures.Version1;
            if ((offered & required) != required)
                return Fail(device, "the device lacks required features 0x" + ToHex(required & ~offered), out error);
            negotiated = offered & (wanted | required);
            device.WriteDriverFeatures(negotiated);
            device.Status = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk;
            if ((device.Status & DeviceStatus.FeaturesOk) == 0)
                return Fail(device, "the device refused the features 0x" + ToHex(negotiated) + " (status 0x" + ToHex(device.Status) + ")", out error);
            error = null;
            return true;
        }

        public static void MarkDriverOk(VirtioTransport device) =>
            device.Status = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk;

        public static void MarkFailed(VirtioTransport device) => device.Status = (byte)(device.Status | DeviceStatus.Failed);

        private static bool Fail(VirtioTransport device, string reason, out string? error)
        {
            MarkFailed(device);
            error = reason;
            return false;
        }

        private static string ToHex(ulong value) => value.ToString("x");
    }
}
