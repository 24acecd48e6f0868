// The device's interrupt, on metal: each transport connects it its own way (virtio-mmio: a GSI
// through the I/O APIC; PCI: MSI-X or the INTx line).
using OSv.Core.Sched;

namespace OSv.Drivers.Virtio.Transport
{
    public abstract partial class VirtioTransport
    {
        // Makes the device's interrupts call handler; false when they cannot be connected (the
        // driver may still poll).
        public virtual bool ConnectInterrupt(DeviceInterruptHandler handler) => false;
    }
}
