// The virtio-net interrupt, as OSv handles device interrupts: acknowledge it and wake the
// thread that serves the device (here: whoever waits on Received); all the work happens there.
using OSv.Core.Sched;
using OSv.Core.Sync;

namespace OSv.Drivers.Virtio.Net
{
    public sealed class VirtioNetInterrupt : DeviceInterruptHandler
    {
        private readonly VirtioNetDevice _device;

        public VirtioNetInterrupt(VirtioNetDevice device) { _device = device; }

        // Released once per interrupt that reported used buffers; a waiter re-checks the queues.
        public Semaphore Received { get; } = new Semaphore(0);

        public long InterruptCount { get; private set; }

        public override void OnInterrupt()
        {
            InterruptCount++;
            if ((_device.AcknowledgeInterrupt() & 1) != 0)
                Received.Release();
        }
    }
}
