// VirtioTransport over a modern virtio PCI function (virtio 1.2, 4.1): the common configuration
// structure for status, features and queue setup, the notification area for available-buffer
// notifications, the ISR status byte for line interrupts, the device-specific configuration for
// the driver, and optionally MSI-X. Regions come from VirtioPciStructures, already checked to lie
// inside their BARs, as RegisterBlocks (every access bounds-checked, natural width).
//
// Device input checked here, at run time: a queue's notify offset (queue_notify_off *
// notify_off_multiplier, 4.1.4.4) must leave 2 bytes inside the notify structure, and MSI-X
// vectors written to the device must read back unchanged (4.1.5.1.2: NO_VECTOR means the device
// could not map it). Either failure is kept in LastFault, the queue is left disabled and the
// device marked FAILED (the contract's EnableQueue returns nothing; see the report).
//
// Reset: writing status 0 resets the device, and QEMU (like the spec's reset) forgets the MSI-X
// vectors; the configuration vector chosen with SetConfigInterrupt is written again before the
// next non-zero status, so the device setup sequence needs to know nothing about PCI. Queue
// vectors are written by EnableQueue, before queue_enable, as 4.1.5.1.3 orders.
using System;
using OSv.Core.Arch.X64;
using OSv.Core.Diagnostics;
using OSv.Drivers.Virtio.Transport;
using C = OSv.Drivers.Virtio.Pci.VirtioPciCommonConfig;

namespace OSv.Drivers.Virtio.Pci
{
    public sealed partial class PciTransport : VirtioTransport
    {
        private const byte StatusFailed = 128; // spec 2.1
        private const int NotifyBytes = 2;     // le16 queue index (no VIRTIO_F_NOTIFICATION_DATA)

        private readonly PciConfigAccess _access;
        private readonly PciAddress _address;
        private readonly uint _deviceType;
        private readonly string _location;
        private readonly RegisterBlock _common;
        private readonly RegisterBlock _notify;
        private readonly RegisterBlock _isr;
        private readonly RegisterBlock _device;
        private readonly uint _notifyMultiplier;
        private readonly RegisterBlock _msixTable;
        private readonly int _msixCapability;
        private readonly int _msixEntries;
        private readonly int[] _notifyOffsets = new int[PciLimits.QueuesMax];     // -1: queue not enabled
        private readonly ushort[] _queueVectors = new ushort[PciLimits.QueuesMax]; // table entry or NoVector
        private ushort _configVector = C.NoVector;
        private bool _configVectorPending;
        private bool _msixEnabled;

        // msixTable is empty (and msixCapability 0) when the function has no MSI-X.
        public PciTransport(PciConfigAccess access, PciAddress address, uint deviceType,
            RegisterBlock common, RegisterBlock notify, uint notifyMultiplier, RegisterBlock isr, RegisterBlock device,
            RegisterBlock msixTable, int msixCapability, int msixEntries)
        {
            Invariant.Assert(common.LengthBytes >= VirtioPciStructures.CommonConfigBytesMin, "PciTransport: common configuration too short");
            Invariant.Assert(notify.LengthBytes >= NotifyBytes && isr.LengthBytes >= 1, "PciTransport: notify or ISR structure too short");
            _access = access;
            _address = address;
            _deviceType = deviceType;
            _location = "pci " + address.ToString();
            _common = common;
            _notify = notify;
            _notifyMultiplier = notifyMultiplier;
            _isr = isr;
            _device = device;
            _msixTable = msixTable;
            _msixCapability = msixCapability;
            _msixEntries = msixTable.IsEmpty ? 0 : Math.Min(msixEntries, msixTable.LengthBytes / MsixCapability.EntryBytes);
            for (int q = 0; q < PciLimits.QueuesMax; q++)
            {
                _notifyOffsets[q] = -1;
                _queueVectors[q] = C.NoVector;
            }
        }

        public override uint DeviceType => _deviceType;
        public override string Location => _location;
        public PciAddress Address => _address;

        // The last device misbehaviour seen (None if none): see the design comment.
        public PciFault LastFault { get; private set; } = PciFault.None;

        public int QueueCount => _common.Read16(C.NumQueues);

        // The function's line interrupt (INTx) as the host bridge's _PRT routes it; not present
        // when the function has no interrupt pin or no route is known. When MSI-X is not enabled
        // the device signals here, and AcknowledgeInterrupt (the ISR read) deasserts the line.
        public PciInterruptRoute LineInterrupt { get; set; }
        public int MsixTableEntries => _msixEntries;
        public bool MsixEnabled => _msixEnabled;

        public override byte Status
        {
            get => _common.Read8(C.DeviceStatus);
            set
            {
                if (value == 0)
                {
                    ForgetQueues();
                    _configVectorPending = _configVector != C.NoVector;
                }
                else if (_configVectorPending)
                {
                    _configVectorPending = false;
                    WriteConfigVector();
                }
                _common.Write8(C.DeviceStatus, value);
            }
        }

        public override ulong ReadDeviceFeatures()
        {
            _common.Write32(C.DeviceFeatureSelect, 0);
            uint low = _common.Read32(C.DeviceFeature);
            _common.Write32(C.DeviceFeatureSelect, 1);
            uint high = _common.Read32(C.DeviceFeature);
            return low | ((ulong)high << 32);
        }

        public override void WriteDriverFeatures(ulong features)
        {
            _common.Write32(C.DriverFeatureSelect, 0);
            _common.Write32(C.DriverFeature, (uint)features);
            _common.Write32(C.DriverFeatureSelect, 1);
            _common.Write32(C.DriverFeature, (uint)(features >> 32));
        }

        public override int QueueSizeMax(int queueIndex)
        {
            if (queueIndex < 0 || queueIndex >= PciLimits.QueuesMax || queueIndex >= QueueCount)
                return 0;
            _common.Write16(C.QueueSelect, (ushort)queueIndex);
            return _common.Read16(C.QueueSize);
        }

        // 4.1.5.1.3: select, size, MSI-X vector (read back), addresses, then enable.
        public override void EnableQueue(int queueIndex, int queueSize, ulong descriptorTable, ulong driverArea, ulong deviceArea)
        {
            int sizeMax = QueueSizeMax(queueIndex); // also selects the queue
            Invariant.Assert(sizeMax > 0, "PciTransport.EnableQueue: no such queue");
            Invariant.Assert(queueSize > 0 && queueSize <= sizeMax, "PciTransport.EnableQueue: size above the device's maximum");
            _common.Write16(C.QueueSize, (ushort)queueSize);
            if (_msixEnabled)
            {
                ushort vector = _queueVectors[queueIndex];
                _common.Write16(C.QueueMsixVector, vector);
                if (vector != C.NoVector && _common.Read16(C.QueueMsixVector) != vector)
                {
                    Fail(new PciFault(PciError.VirtioQueueVectorRejected, queueIndex));
                    return;
                }
            }
            ulong notifyOffset = (ulong)_common.Read16(C.QueueNotifyOff) * _notifyMultiplier;
            if (notifyOffset > (ulong)(_notify.LengthBytes - NotifyBytes))
            {
                Fail(new PciFault(PciError.VirtioQueueNotifyOutsideRegion, queueIndex));
                return;
            }
            _common.Write64(C.QueueDesc, descriptorTable);
            _common.Write64(C.QueueDriver, driverArea);
            _common.Write64(C.QueueDevice, deviceArea);
            _notifyOffsets[queueIndex] = (int)notifyOffset;
            _common.Write16(C.QueueEnable, 1);
        }

        // 4.1.4.4: the queue index, 16 bits, at the queue's notify address. Data path: one
        // bounds-checked array read and one store.
        public override void Notify(int queueIndex)
        {
            int offset = _notifyOffsets[queueIndex];
            Invariant.Assert(offset >= 0, "PciTransport.Notify: queue not enabled");
            _notify.Write16(offset, (ushort)queueIndex);
        }

        public override byte ReadConfig8(int offset) => _device.Read8(offset);
        public override ushort ReadConfig16(int offset) => _device.Read16(offset);
        public override uint ReadConfig32(int offset) => _device.Read32(offset);

        public override uint ConfigGeneration => _common.Read8(C.ConfigGeneration);

        // 4.1.4.5: reading the ISR byte returns and clears it. With MSI-X on, it stays 0.
        public override uint AcknowledgeInterrupt() => _isr.Read8(0);

        // Programs MSI-X table entries 0..n-1 with these messages (PCI 3.0, 6.8.2.6-9), then
        // enables MSI-X, which disables the line interrupt. Entries are masked while written, so
        // a half-written address is never used. False if the function has no MSI-X or too few
        // entries. Pair with SetConfigInterrupt / SetQueueInterrupt to say which entry signals what.
        public bool TryEnableMsix(ReadOnlySpan<MsiMessage> messages)
        {
            if (_msixEntries == 0 || messages.Length == 0 || messages.Length > _msixEntries || messages.Length > PciLimits.MsixEntriesMax)
                return false;
            int control = _msixCapability + MsixCapability.MessageControlOffset;
            ushort original = _access.Read16(_address, control);
            _access.Write16(_address, control, (ushort)(original | MsixCapability.Enable | MsixCapability.FunctionMask));
            for (int entry = 0; entry < messages.Length; entry++)
            {
                int at = entry * MsixCapability.EntryBytes;
                _msixTable.Write32(at + MsixCapability.EntryVectorControl, MsixCapability.VectorMasked);
                _msixTable.Write32(at + MsixCapability.EntryAddressLow, (uint)messages[entry].Address);
                _msixTable.Write32(at + MsixCapability.EntryAddressHigh, (uint)(messages[entry].Address >> 32));
                _msixTable.Write32(at + MsixCapability.EntryData, messages[entry].Data);
                _msixTable.Write32(at + MsixCapability.EntryVectorControl, 0);
            }
            _access.Write16(_address, control, (ushort)((original | MsixCapability.Enable) & ~MsixCapability.FunctionMask));
            _msixEnabled = true;
            return true;
        }

        // Which MSI-X entry signals configuration changes (NoVector: none). Written now and again
        // after every reset; false if the device refused it.
        public bool SetConfigInterrupt(ushort entry)
        {
            Invariant.Assert(entry == C.NoVector || entry < _msixEntries, "PciTransport: MSI-X entry out of range");
            _configVector = entry;
            return WriteConfigVector();
        }

        // Which MSI-X entry signals this queue's used buffers; takes effect in EnableQueue.
        public void SetQueueInterrupt(int queueIndex, ushort entry)
        {
            Invariant.Assert(queueIndex >= 0 && queueIndex < PciLimits.QueuesMax, "PciTransport: queue index out of range");
            Invariant.Assert(entry == C.NoVector || entry < _msixEntries, "PciTransport: MSI-X entry out of range");
            _queueVectors[queueIndex] = entry;
        }

        private bool WriteConfigVector()
        {
            _common.Write16(C.ConfigMsixVector, _configVector);
            if (_configVector == C.NoVector || _common.Read16(C.ConfigMsixVector) == _configVector)
                return true;
            LastFault = new PciFault(PciError.VirtioConfigVectorRejected, -1);
            return false;
        }

        private void ForgetQueues()
        {
            for (int q = 0; q < PciLimits.QueuesMax; q++)
                _notifyOffsets[q] = -1;
        }

        // The device lied or refused: remember why and tell it we gave up (spec 2.1.1: FAILED).
        private void Fail(PciFault fault)
        {
            LastFault = fault;
            _common.Write8(C.DeviceStatus, (byte)(_common.Read8(C.DeviceStatus) | StatusFailed));
        }
    }
}
