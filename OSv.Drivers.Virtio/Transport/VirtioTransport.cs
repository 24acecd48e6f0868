// How a driver reaches one virtio device, whatever carries it (spec 4): virtio-mmio registers
// (MmioTransport) or a PCI function's virtio capabilities (PciTransport). Drivers and the device
// initialisation sequence (DeviceSetup) see only this, so they run unchanged on both transports
// and, hosted, on simulated ones.
//
// An abstract class rather than an interface: Notify is on the data path, a virtual call is one
// indirect call, and OSv.Runtime's interface dispatch has no cell cache yet: it resolves every
// interface call through CoreLib (OSv.Runtime/Interop/InterfaceDispatch.Metal.cs).
namespace OSv.Drivers.Virtio.Transport
{
    public abstract partial class VirtioTransport
    {
        // The device type (spec 5: 1 network, 4 entropy, ...), 0 for an empty slot.
        public abstract uint DeviceType { get; }

        // Where the device was found, for the boot log ("mmio 0xfeb00e00", "pci 00:02.0").
        public abstract string Location { get; }

        // Device status (spec 2.1): ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK, FAILED...;
        // writing 0 resets the device.
        public abstract byte Status { get; set; }

        // All 64 feature bits the device offers / the driver accepts (spec 2.2).
        public abstract ulong ReadDeviceFeatures();
        public abstract void WriteDriverFeatures(ulong features);

        // The largest size the device allows for a queue; 0 when the queue does not exist.
        public abstract int QueueSizeMax(int queueIndex);

        // Tells the device where a queue's three parts are and enables it (spec 4.1.5.1.3,
        // 4.2.3.2): size, then descriptor table, driver (available) and device (used) areas.
        public abstract void EnableQueue(int queueIndex, int queueSize, ulong descriptorTable, ulong driverArea, ulong deviceArea);

        // The available-buffer notification (spec 2.7.23, 4.1.4.4, 4.2.2).
        public abstract void Notify(int queueIndex);

        // Device-specific configuration (spec 4.1.4.6, 4.2.2: offset from the start of it). Reads
        // of a field wider than 32 bits go through ReadConfigConsistent.
        public abstract byte ReadConfig8(int offset);
        public abstract ushort ReadConfig16(int offset);
        public abstract uint ReadConfig32(int offset);

        // Changes whenever the device changes its configuration (spec 2.5.1).
        public abstract uint ConfigGeneration { get; }

        // Reads and clears the interrupt cause (bit 0: a used buffer, bit 1: configuration
        // changed). A line interrupt is shared by nothing else here, but must still be acked.
        public abstract uint AcknowledgeInterrupt();
    }
}
