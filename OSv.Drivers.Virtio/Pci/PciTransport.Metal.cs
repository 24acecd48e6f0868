// A PCI virtio function's interrupt, for drivers that bind through VirtioDevices: one MSI-X
// vector for the configuration and every queue when the function has an MSI-X table (no I/O
// APIC, no shared line), otherwise the INTx line the host bridge's _PRT routes (level-triggered;
// the handler reads the ISR, which also acknowledges). Call it before the driver sets up its
// queues: queue vectors are written by EnableQueue.
using System;
using OSv.Core.Arch.X64;
using OSv.Core.Sched;

namespace OSv.Drivers.Virtio.Pci
{
    public sealed partial class PciTransport
    {
        public override bool ConnectInterrupt(DeviceInterruptHandler handler)
        {
            if (MsixTableEntries > 0 && Interrupts.AllocateMessageVector(handler, out MsiMessage message) >= 0)
            {
                Span<MsiMessage> messages = stackalloc MsiMessage[1];
                messages[0] = message;
                if (TryEnableMsix(messages) && SetConfigInterrupt(0))
                {
                    for (int queue = 0; queue < QueueCount && queue < PciLimits.QueuesMax; queue++)
                        SetQueueInterrupt(queue, 0);
                    return true;
                }
            }
            return LineInterrupt.IsPresent
                && Interrupts.RouteGlobalInterrupt(LineInterrupt.Gsi, LineInterrupt.LevelTriggered, LineInterrupt.ActiveLow, handler) >= 0;
        }
    }
}
