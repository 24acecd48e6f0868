// The virtio-mmio transport, version 2 (virtio 1.2, 4.2.2): one register window per device.
// Legacy (version 1) devices are refused: QEMU offers modern ones with
// -global virtio-mmio.force-legacy=false, which `osv run --net user` passes.
namespace OSv.Drivers.Virtio.Mmio
{
    public sealed partial class MmioTransport : Transport.VirtioTransport
    {
        public const uint MagicValue = 0x74726976; // "virt"
        public const uint ModernVersion = 2;

        // Register offsets (spec 4.2.2, table "MMIO Device Register Layout").
        public const int MagicValueRegister = 0x000;
        public const int VersionRegister = 0x004;
        public const int DeviceIdRegister = 0x008;
        public const int VendorIdRegister = 0x00C;
        public const int DeviceFeaturesRegister = 0x010;
        public const int DeviceFeaturesSelectRegister = 0x014;
        public const int DriverFeaturesRegister = 0x020;
        public const int DriverFeaturesSelectRegister = 0x024;
        public const int QueueSelectRegister = 0x030;
        public const int QueueSizeMaxRegister = 0x034;
        public const int QueueSizeRegister = 0x038;
        public const int QueueReadyRegister = 0x044;
        public const int QueueNotifyRegister = 0x050;
        public const int InterruptStatusRegister = 0x060;
        public const int InterruptAcknowledgeRegister = 0x064;
        public const int StatusRegister = 0x070;
        public const int QueueDescriptorLowRegister = 0x080;
        public const int QueueDescriptorHighRegister = 0x084;
        public const int QueueDriverLowRegister = 0x090;
        public const int QueueDriverHighRegister = 0x094;
        public const int QueueDeviceLowRegister = 0x0A0;
        public const int QueueDeviceHighRegister = 0x0A4;
        public const int ConfigGenerationRegister = 0x0FC;
        public const int ConfigOffset = 0x100;

        private readonly MmioWindow _registers;
        private readonly string _location;

        private MmioTransport(MmioWindow registers, string location)
        {
            _registers = registers;
            _location = location;
        }

        // A transport for the window, or null (with the reason) when it holds no modern virtio
        // device: wrong magic, a legacy version, or an empty slot (device id 0).
        public static MmioTransport? TryCreate(MmioWindow registers, string location, out string? refusal)
        {
            refusal = null;
            if (registers.Read32(MagicValueRegister) != MagicValue)
                refusal = "no virtio magic value";
            else if (registers.Read32(VersionRegister) != ModernVersion)
                refusal = "legacy virtio-mmio (version " + registers.Read32(VersionRegister) + "); start QEMU with -global virtio-mmio.force-legacy=false";
            else if (registers.Read32(DeviceIdRegister) == 0)
                refusal = "empty slot";
            return refusal == null ? new MmioTransport(registers, location) : null;
        }

        public override uint DeviceType => _registers.Read32(DeviceIdRegister);

        public override string Location => _location;

        public override byte Status
        {
            get => (byte)_registers.Read32(StatusRegister);
            set => _registers.Write32(StatusRegister, value);
        }

        public override ulong ReadDeviceFeatures()
        {
            _registers.Write32(DeviceFeaturesSelectRegister, 0);
            ulong low = _registers.Read32(DeviceFeaturesRegister);
            _registers.Write32(DeviceFeaturesSelectRegister, 1);
            ulong high = _registers.Read32(DeviceFeaturesRegister);
            return low | high << 32;
        }

        public override void WriteDriverFeatures(ulong features)
        {
            _registers.Write32(DriverFeaturesSelectRegister, 0);
            _registers.Write32(DriverFeaturesRegister, (uint)features);
            _registers.Write32(DriverFeaturesSelectRegister, 1);
            _registers.Write32(DriverFeaturesRegister, (uint)(features >> 32));
        }

        public override int QueueSizeMax(int queueIndex)
        {
            _registers.Write32(QueueSelectRegister, (uint)queueIndex);
            if (_registers.Read32(QueueReadyRegister) != 0)
                return 0; // already in use: not ours to set up again
            uint max = _registers.Read32(QueueSizeMaxRegister);
            return max > int.MaxValue ? 0 : (int)max;
        }

        public override void EnableQueue(int queueIndex, int queueSize, ulong descriptorTable, ulong driverArea, ulong deviceArea)
        {
            _registers.Write32(QueueSelectRegister, (uint)queueIndex);
            _registers.Write32(QueueSizeRegister, (uint)queueSize);
            _registers.Write32(QueueDescriptorLowRegister, (uint)descriptorTable);
            _registers.Write32(QueueDescriptorHighRegister, (uint)(descriptorTable >> 32));
            _registers.Write32(QueueDriverLowRegister, (uint)driverArea);
            _registers.Write32(QueueDriverHighRegister, (uint)(driverArea >> 32));
            _registers.Write32(QueueDeviceLowRegister, (uint)deviceArea);
            _registers.Write32(QueueDeviceHighRegister, (uint)(deviceArea >> 32));
            _registers.Write32(QueueReadyRegister, 1);
        }

        public override void Notify(int queueIndex) => _registers.Write32(QueueNotifyRegister, (uint)queueIndex);

        public override byte ReadConfig8(int offset) => _registers.Read8(ConfigOffset + offset);

        public override ushort ReadConfig16(int offset) => _registers.Read16(ConfigOffset + offset);

        public override uint ReadConfig32(int offset) => _registers.Read32(ConfigOffset + offset);

        public override uint ConfigGeneration => _registers.Read32(ConfigGenerationRegister);

        public override uint AcknowledgeInterrupt()
        {
            uint status = _registers.Read32(InterruptStatusRegister);
            if (status != 0)
                _registers.Write32(InterruptAcknowledgeRegister, status);
            return status;
        }
    }
}
