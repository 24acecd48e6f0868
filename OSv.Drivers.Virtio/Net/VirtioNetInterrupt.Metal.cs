// The virtio-net interrupt, as OSv handles device interrupts: acknowledge it and wake the
// thread that serves the device (whoever waits in WaitForFrames); all the work happens there.
using OSv.Core.Sched;

namespace OSv.Drivers.Virtio.Net
{
    public sealed class VirtioNetInterrupt : DeviceInterruptHandler
    {
        // Set once the device has started: the interrupt is connected before the queues exist
        // (MSI-X queue vectors are programmed with the queues), so early interrupts find none.
        public VirtioNetDevice? Device { get; set; }

        public long InterruptCount { get; private set; }

        public override void OnInterrupt()
        {
            InterruptCount++;
            Device?.OnInterrupt();
        }
    }
}
