// Where a queue reports a device's errors. Called on the error path only, never on the data
// path of a correct device, so implementations may format and allocate. The default writes one
// line to the console; tests and drivers with a log of their own pass a subclass.
namespace OSv.Drivers.Virtio.Virtqueue
{
    public abstract class VirtqueueLog
    {
        // value: what the device wrote (id, length or index distance); limit: what it had to stay
        // within (queue size, writable bytes) or 0 where there is no single limit.
        public abstract void DeviceError(int queueIndex, VirtqueueError error, uint value, uint limit);

        // "virtio: queue 1: used id out of range (value 300, limit 256)"
        public static string FormatLine(int queueIndex, VirtqueueError error, uint value, uint limit) =>
            "virtio: queue " + queueIndex.ToString() + ": " + VirtqueueErrors.Describe(error) +
            " (value " + value.ToString() + ", limit " + limit.ToString() + ")";
    }

    public sealed class ConsoleVirtqueueLog : VirtqueueLog
    {
        public override void DeviceError(int queueIndex, VirtqueueError error, uint value, uint limit) =>
            System.Console.WriteLine(FormatLine(queueIndex, error, value, limit));
    }
}
