// The virtio-net interrupt, as OSv handles device interrupts: acknowledge it and wake the
// thread that serves the device (whoever waits in WaitForFrames); all the work happens there.
using OSv.Core.Sched;

namespace OSv.Drivers.Virtio.Net
{
    public sealed class VirtioNetInterrupt : DeviceInterruptHandler
    {
        private readonly VirtioNetDevice _device;

        public VirtioNetInterrupt(VirtioNetDevice device) { _device = device; }

        public long InterruptCount { get; private set; }

        public override void OnInterrupt()
        {
            InterruptCount++;
            _device.OnInterrupt();
        }
    }
}
