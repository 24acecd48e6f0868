// A virtio-mmio device's interrupt: the GSI its ACPI _CRS names, routed through the I/O APIC.
using OSv.Core.Sched;

namespace OSv.Drivers.Virtio.Mmio
{
    public sealed partial class MmioTransport
    {
        private MmioDeviceInfo _line;
        private bool _hasLine;

        internal void SetInterruptLine(MmioDeviceInfo line)
        {
            _line = line;
            _hasLine = true;
        }

        public override bool ConnectInterrupt(DeviceInterruptHandler handler) =>
            _hasLine && Interrupts.RouteGlobalInterrupt(_line.Gsi, _line.LevelTriggered, _line.ActiveLow, handler) >= 0;
    }
}
