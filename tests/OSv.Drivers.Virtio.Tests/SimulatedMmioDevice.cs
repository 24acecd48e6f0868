// The device side of a virtio-mmio register window, version 2, written from virtio 1.2 section
// 4.2.2 ("MMIO Device Register Layout" and its device and driver requirements) and 3.1.1 (the
// initialisation sequence), not from MmioTransport: offsets and bit values are spelled out
// here again.
//
// Device behaviour: magic, version, device and vendor id; 64 feature bits through 32-bit select
// windows; status, where writing 0 resets the device (all of it: features, queues, interrupt
// status) and FEATURES_OK stays set only when the driver's features are a subset of the
// device's (RefuseFeaturesOk makes it refuse regardless); per-queue QueueNumMax (0 for a queue
// that does not exist), QueueNum, QueueReady and the three 64-bit part addresses; QueueNotify
// recorded per queue; InterruptStatus and InterruptACK; ConfigGeneration, bumped on every
// configuration change; a device-specific configuration space (virtio-net's: MAC at 0, status
// at 6). Switches simulate a reset that never completes or completes late.
//
// Driver requirements are checked and a violation throws (as SimulatedDevice does), so every
// test also checks that the transport and the drivers keep the contract: 32-bit aligned register
// access, naturally aligned configuration access, no reads of write-only registers or writes of
// read-only ones, a feature select written before the feature window is used, QueueNum within
// QueueNumMax and a power of two, queue registers untouched while the queue is ready, aligned
// part addresses, status bits never cleared but by a reset and set in the order of 3.1.1, no
// available buffer notification before DRIVER_OK, only defined bits acknowledged, and no access
// while a reset is still in progress.
using System;
using System.Collections.Generic;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class SimulatedMmioDevice : OSv.Drivers.Virtio.Mmio.MmioWindow
    {
        // Spec values (4.2.2, 2.1, 6), spelled out independently of the driver.
        public const uint Magic = 0x74726976;
        public const uint VendorQemu = 0x554D4551;
        public const byte StatusAcknowledge = 1, StatusDriver = 2, StatusDriverOk = 4, StatusFeaturesOk = 8, StatusFailed = 128;
        public const uint InterruptUsedBuffer = 1, InterruptConfigChange = 2;
        public const ulong FeatureIndirect = 1UL << 28, FeatureEventIndex = 1UL << 29, FeatureVersion1 = 1UL << 32;

        private const int RegMagic = 0x000, RegVersion = 0x004, RegDeviceId = 0x008, RegVendorId = 0x00C;
        private const int RegDeviceFeatures = 0x010, RegDeviceFeaturesSel = 0x014;
        private const int RegDriverFeatures = 0x020, RegDriverFeaturesSel = 0x024;
        private const int RegQueueSel = 0x030, RegQueueNumMax = 0x034, RegQueueNum = 0x038, RegQueueReady = 0x044;
        private const int RegQueueNotify = 0x050, RegInterruptStatus = 0x060, RegInterruptAck = 0x064, RegStatus = 0x070;
        private const int RegQueueDescLow = 0x080, RegQueueDescHigh = 0x084, RegQueueDriverLow = 0x090, RegQueueDriverHigh = 0x094;
        private const int RegQueueDeviceLow = 0x0A0, RegQueueDeviceHigh = 0x0A4, RegConfigGeneration = 0x0FC, RegConfig = 0x100;

        public sealed class QueueState
        {
            public int NumMax { get; set; }
            public int Num { get; set; }
            public bool Ready { get; set; }
            public ulong Descriptor { get; set; }
            public ulong Driver { get; set; }
            public ulong Device { get; set; }

            public void Reset()
            {
                Num = 0;
                Ready = false;
                Descriptor = Driver = Device = 0;
            }
        }

        public readonly struct Access
        {
            public Access(bool write, int offset, uint value, int width)
            {
                Write = write;
                Offset = offset;
                Value = value;
                Width = width;
            }

            public bool Write { get; }
            public int Offset { get; }
            public uint Value { get; }
            public int Width { get; }

            public override string ToString() => (Write ? "W" : "R") + Width * 8 + " 0x" + Offset.ToString("x3") + " = 0x" + Value.ToString("x");
        }

        private readonly QueueState[] _queues;
        private readonly int[] _notifyCounts;
        private uint _deviceFeaturesSel, _driverFeaturesSel, _queueSel;
        private bool _deviceFeaturesSelWritten, _driverFeaturesSelWritten;
        private byte _status;
        private int _resetReadsLeft;

        // deviceType: 1 network, 4 entropy...; queueSizesMax: QueueNumMax of queues 0, 1, ...
        public SimulatedMmioDevice(uint deviceType, ulong deviceFeatures, int[] queueSizesMax, int configBytes = 12)
        {
            DeviceType = deviceType;
            DeviceFeatures = deviceFeatures;
            _queues = new QueueState[queueSizesMax.Length];
            for (int i = 0; i < _queues.Length; i++)
                _queues[i] = new QueueState { NumMax = queueSizesMax[i] };
            _notifyCounts = new int[queueSizesMax.Length];
            Config = new byte[configBytes];
        }

        // What the registers say; tests may change them to build odd devices.
        public uint MagicValue { get; set; } = Magic;
        public uint Version { get; set; } = 2;
        public uint DeviceType { get; set; }
        public uint VendorId { get; set; } = VendorQemu;
        public ulong DeviceFeatures { get; set; }

        // The device's state as the driver left it.
        public ulong DriverFeatures { get; private set; }
        public byte DeviceStatus => _status;
        public uint InterruptStatus { get; set; }
        public uint ConfigGeneration { get; private set; }
        public byte[] Config { get; }
        public int QueueCount => _queues.Length;
        public QueueState Queue(int index) => _queues[index];
        public int Resets { get; private set; }

        // Every status value the driver wrote, in order (the 3.1.1 sequence as it happened).
        public List<byte> StatusWrites { get; } = new List<byte>();

        // Queue numbers written to QueueNotify, in order; per-queue totals survive Clear().
        public List<int> Notifications { get; } = new List<int>();
        public int NotifyCount(int queue) => _notifyCounts[queue];

        // Every register access (off for long runs).
        public bool RecordAccesses { get; set; } = true;
        public List<Access> Accesses { get; } = new List<Access>();

        // Where the device may do DMA (address, length → allowed), checked before it touches a
        // ring; null: anywhere. Hosted, a wrong address would otherwise crash the test host.
        public Func<ulong, ulong, bool>? DmaCheck { get; set; }

        // Called after each read with its offset: a device changing under the driver's feet.
        public Action<int>? AfterRead { get; set; }

        // Switches: the device refuses FEATURES_OK whatever the features; a reset never
        // completes (status keeps its value); a reset completes only after this many status reads.
        public bool RefuseFeaturesOk { get; set; }
        public bool ResetNeverCompletes { get; set; }
        public int ResetReadsBeforeZero { get; set; }

        // Puts the device in a state as if a previous driver had left it so.
        public void ForceStatus(byte status) => _status = status;

        public ulong NegotiatedFeatures => DriverFeatures;
        public bool EventIndexNegotiated => (DriverFeatures & FeatureEventIndex) != 0;

        // ---- device-side actions ----

        public void WriteConfig(int offset, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(Config.AsSpan(offset));
            ConfigGeneration++;
            InterruptStatus |= InterruptConfigChange;
        }

        public void SetMac(ReadOnlySpan<byte> mac) => WriteConfig(0, mac);

        public void SetNetStatus(ushort status) => WriteConfig(6, new[] { (byte)status, (byte)(status >> 8) });

        public void RaiseInterrupt(uint bits) => InterruptStatus |= bits;

        // The device side of queue i's rings, from the addresses the driver programmed.
        public SimulatedDevice Ring(int queue)
        {
            QueueState q = _queues[queue];
            Check(q.Ready, "ring of a queue that is not ready (the device must not touch it, 4.2.2)");
            if (DmaCheck != null)
            {
                Check(DmaCheck(q.Descriptor, 16UL * (ulong)q.Num), "queue " + queue + ": descriptor table outside DMA memory");
                Check(DmaCheck(q.Driver, 6 + 2UL * (ulong)q.Num), "queue " + queue + ": driver area outside DMA memory");
                Check(DmaCheck(q.Device, 6 + 8UL * (ulong)q.Num), "queue " + queue + ": device area outside DMA memory");
            }
            return new SimulatedDevice(q.Num, q.Descriptor, q.Driver, q.Device, EventIndexNegotiated, (DriverFeatures & FeatureIndirect) != 0);
        }

        public void ClearRecords()
        {
            Accesses.Clear();
            Notifications.Clear();
            StatusWrites.Clear();
        }

        // ---- MmioWindow ----

        public override uint Read32(int offset)
        {
            CheckNotResetting(offset, write: false);
            Check((offset & 3) == 0, "unaligned 32-bit access at 0x" + offset.ToString("x") + " (4.2.2.2)");
            uint value = offset >= RegConfig ? ConfigRead(offset, 4) : ReadRegister(offset);
            Record(false, offset, value, 4);
            AfterRead?.Invoke(offset);
            return value;
        }

        public override ushort Read16(int offset)
        {
            CheckNotResetting(offset, write: false);
            Check(offset >= RegConfig, "16-bit read of control register 0x" + offset.ToString("x") + " (4.2.2.2: 32-bit only)");
            Check((offset & 1) == 0, "unaligned 16-bit configuration read (4.2.2.2)");
            ushort value = (ushort)ConfigRead(offset, 2);
            Record(false, offset, value, 2);
            AfterRead?.Invoke(offset);
            return value;
        }

        public override byte Read8(int offset)
        {
            CheckNotResetting(offset, write: false);
            Check(offset >= RegConfig, "8-bit read of control register 0x" + offset.ToString("x") + " (4.2.2.2: 32-bit only)");
            byte value = (byte)ConfigRead(offset, 1);
            Record(false, offset, value, 1);
            AfterRead?.Invoke(offset);
            return value;
        }

        public override void Write32(int offset, uint value)
        {
            CheckNotResetting(offset, write: true);
            Check((offset & 3) == 0, "unaligned 32-bit access at 0x" + offset.ToString("x") + " (4.2.2.2)");
            Record(true, offset, value, 4);
            Check(offset < RegConfig, "write to the virtio-net configuration space, which is read-only");
            WriteRegister(offset, value);
        }

        private uint ConfigRead(int offset, int width)
        {
            int at = offset - RegConfig;
            Check(at + width <= Config.Length, "configuration read past the configuration space");
            Check(at % width == 0, "configuration field read unaligned (4.2.2.2)");
            uint value = 0;
            for (int i = 0; i < width; i++)
                value |= (uint)Config[at + i] << (8 * i);
            return value;
        }

        private QueueState? SelectedQueue => _queueSel < (uint)_queues.Length ? _queues[_queueSel] : null;

        private uint ReadRegister(int offset)
        {
            switch (offset)
            {
                case RegMagic: return MagicValue;
                case RegVersion: return Version;
                case RegDeviceId: return DeviceType;
                case RegVendorId: return VendorId;
                case RegDeviceFeatures:
                    Check(_deviceFeaturesSelWritten, "DeviceFeatures read before DeviceFeaturesSel was written (4.2.2.2)");
                    return _deviceFeaturesSel == 0 ? (uint)DeviceFeatures : _deviceFeaturesSel == 1 ? (uint)(DeviceFeatures >> 32) : 0;
                case RegQueueNumMax:
                    return SelectedQueue == null ? 0 : (uint)SelectedQueue.NumMax;
                case RegQueueReady:
                    return SelectedQueue != null && SelectedQueue.Ready ? 1u : 0u;
                case RegInterruptStatus: return InterruptStatus;
                case RegStatus:
                    if (_resetReadsLeft > 0)
                    {
                        _resetReadsLeft--;
                        return 0xFF; // still resetting: not yet 0
                    }
                    return _status;
                case RegConfigGeneration: return ConfigGeneration;
                default:
                    throw Violation("read of write-only or undefined register 0x" + offset.ToString("x") + " (4.2.2)");
            }
        }

        private void WriteRegister(int offset, uint value)
        {
            switch (offset)
            {
                case RegDeviceFeaturesSel:
                    _deviceFeaturesSel = value;
                    _deviceFeaturesSelWritten = true;
                    return;
                case RegDriverFeaturesSel:
                    _driverFeaturesSel = value;
                    _driverFeaturesSelWritten = true;
                    return;
                case RegDriverFeatures:
                    Check(_driverFeaturesSelWritten, "DriverFeatures written before DriverFeaturesSel (4.2.2.2)");
                    Check((_status & StatusFeaturesOk) == 0, "features changed after FEATURES_OK (3.1.1)");
                    Check((_status & StatusDriver) != 0, "features written before DRIVER (3.1.1)");
                    if (_driverFeaturesSel == 0)
                        DriverFeatures = DriverFeatures & 0xFFFF_FFFF_0000_0000UL | value;
                    else if (_driverFeaturesSel == 1)
                        DriverFeatures = DriverFeatures & 0xFFFF_FFFFUL | (ulong)value << 32;
                    else
                        Check(value == 0, "feature bits above 63 accepted, none offered");
                    return;
                case RegQueueSel:
                    _queueSel = value;
                    return;
                case RegQueueNum:
                    {
                        QueueState q = QueueForSetup("QueueNum");
                        Check(value >= 1 && value <= (uint)q.NumMax, "QueueNum " + value + " outside 1.." + q.NumMax + " (4.2.2.2)");
                        Check((value & (value - 1)) == 0, "QueueNum not a power of two (split virtqueue, 2.7)");
                        q.Num = (int)value;
                        return;
                    }
                case RegQueueDescLow: { QueueState q = QueueForSetup("QueueDescLow"); q.Descriptor = q.Descriptor & ~0xFFFF_FFFFUL | value; return; }
                case RegQueueDescHigh: { QueueState q = QueueForSetup("QueueDescHigh"); q.Descriptor = q.Descriptor & 0xFFFF_FFFFUL | (ulong)value << 32; return; }
                case RegQueueDriverLow: { QueueState q = QueueForSetup("QueueDriverLow"); q.Driver = q.Driver & ~0xFFFF_FFFFUL | value; return; }
                case RegQueueDriverHigh: { QueueState q = QueueForSetup("QueueDriverHigh"); q.Driver = q.Driver & 0xFFFF_FFFFUL | (ulong)value << 32; return; }
                case RegQueueDeviceLow: { QueueState q = QueueForSetup("QueueDeviceLow"); q.Device = q.Device & ~0xFFFF_FFFFUL | value; return; }
                case RegQueueDeviceHigh: { QueueState q = QueueForSetup("QueueDeviceHigh"); q.Device = q.Device & 0xFFFF_FFFFUL | (ulong)value << 32; return; }
                case RegQueueReady:
                    {
                        QueueState? q = SelectedQueue;
                        Check(q != null, "QueueReady written for a queue that does not exist");
                        if (value == 0)
                        {
                            q!.Ready = false;
                            return;
                        }
                        Check(value == 1, "QueueReady written with " + value);
                        Check((_status & StatusFeaturesOk) != 0, "queue enabled before FEATURES_OK (3.1.1)");
                        Check(q!.Num != 0, "queue enabled without QueueNum");
                        Check(q.Descriptor != 0 && q.Driver != 0 && q.Device != 0, "queue enabled with a part address 0");
                        Check(q.Descriptor % 16 == 0, "descriptor table not 16-byte aligned (2.7)");
                        Check(q.Driver % 2 == 0, "driver area not 2-byte aligned (2.7)");
                        Check(q.Device % 4 == 0, "device area not 4-byte aligned (2.7)");
                        q.Ready = true;
                        return;
                    }
                case RegQueueNotify:
                    Check(value < (uint)_queues.Length, "notify of queue " + value + ", which does not exist");
                    Check(_queues[value].Ready, "notify of a queue that is not ready");
                    Check((_status & StatusDriverOk) != 0, "available buffer notification before DRIVER_OK (3.1.1)");
                    Notifications.Add((int)value);
                    _notifyCounts[value]++;
                    return;
                case RegInterruptAck:
                    Check((value & ~(InterruptUsedBuffer | InterruptConfigChange)) == 0, "undefined bits acknowledged (4.2.2.2)");
                    InterruptStatus &= ~value;
                    return;
                case RegStatus:
                    Check(value <= 0xFF, "status written with bits above 7");
                    WriteStatus((byte)value);
                    return;
                default:
                    throw Violation("write of read-only or undefined register 0x" + offset.ToString("x") + " (4.2.2)");
            }
        }

        private QueueState QueueForSetup(string register)
        {
            QueueState? q = SelectedQueue;
            Check(q != null, register + " written for a queue that does not exist (QueueNumMax 0)");
            Check(!q!.Ready, register + " written while the queue is ready (4.2.2.2)");
            return q;
        }

        private void WriteStatus(byte value)
        {
            StatusWrites.Add(value);
            if (value == 0)
            {
                if (ResetNeverCompletes)
                    return;
                Resets++;
                _status = 0;
                DriverFeatures = 0;
                _deviceFeaturesSel = _driverFeaturesSel = _queueSel = 0;
                _deviceFeaturesSelWritten = _driverFeaturesSelWritten = false;
                InterruptStatus = 0;
                foreach (QueueState q in _queues)
                    q.Reset();
                _resetReadsLeft = ResetReadsBeforeZero;
                return;
            }
            Check((value & _status) == _status, "status bits cleared without a reset (2.1.2): 0x" + _status.ToString("x") + " -> 0x" + value.ToString("x"));
            byte added = (byte)(value & ~_status);
            if ((added & StatusFailed) != 0)
            {
                _status = value;
                return; // FAILED may come at any point
            }
            Check((value & StatusAcknowledge) != 0, "status without ACKNOWLEDGE (3.1.1)");
            if ((added & StatusDriver) != 0)
                Check((_status & StatusAcknowledge) != 0, "DRIVER before ACKNOWLEDGE (3.1.1)");
            if ((added & StatusFeaturesOk) != 0)
            {
                Check((_status & StatusDriver) != 0, "FEATURES_OK before DRIVER (3.1.1)");
                Check((added & StatusDriverOk) == 0, "FEATURES_OK and DRIVER_OK in one write (3.1.1: re-read first)");
                bool subset = (DriverFeatures & ~DeviceFeatures) == 0;
                if (!subset || RefuseFeaturesOk)
                    value = (byte)(value & ~StatusFeaturesOk); // the device does not accept: the bit does not stick
            }
            if ((added & StatusDriverOk) != 0)
                Check((_status & StatusFeaturesOk) != 0, "DRIVER_OK without FEATURES_OK accepted (3.1.1)");
            _status = value;
        }

        private void CheckNotResetting(int offset, bool write)
        {
            if (_resetReadsLeft > 0)
                Check(offset == RegStatus && !write, "register 0x" + offset.ToString("x") + " used before the reset completed (status read 0)");
        }

        private void Record(bool write, int offset, uint value, int width)
        {
            if (RecordAccesses)
                Accesses.Add(new Access(write, offset, value, width));
        }

        private static void Check(bool condition, string what)
        {
            if (!condition)
                throw Violation(what);
        }

        private static InvalidOperationException Violation(string what) => new InvalidOperationException("mmio device: " + what);
    }
}
