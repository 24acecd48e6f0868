// A PCI virtio function's interrupt, for drivers that bind through VirtioDevices: the INTx line
// the host bridge's _PRT routes (level-triggered, shared in principle: the handler reads the ISR,
// which also acknowledges). MSI-X (TryEnableMsix) needs a vector with no I/O APIC route, which the
// kernel does not hand out yet.
using OSv.Core.Sched;

namespace OSv.Drivers.Virtio.Pci
{
    public sealed partial class PciTransport
    {
        public override bool ConnectInterrupt(DeviceInterruptHandler handler) =>
            LineInterrupt.IsPresent
            && Interrupts.RouteGlobalInterrupt(LineInterrupt.Gsi, LineInterrupt.LevelTriggered, LineInterrupt.ActiveLow, handler) >= 0;
    }
}
