// A VirtqueueLog that keeps the lines, so tests can assert the exact report.
using System.Collections.Generic;
using OSv.Drivers.Virtio.Virtqueue;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class RecordingLog : VirtqueueLog
    {
        public List<string> Lines { get; } = new List<string>();

        public override void DeviceError(int queueIndex, VirtqueueError error, uint value, uint limit) =>
            Lines.Add(FormatLine(queueIndex, error, value, limit));
    }
}
