// What a device can get wrong in the used ring, as the driver detects it (SplitVirtqueue.TryTakeUsed).
// Each is counted per queue, remembered as the queue's last error and reported to its
// VirtqueueLog; none changes driver state beyond skipping the bad element.
namespace OSv.Drivers.Virtio.Virtqueue
{
    public enum VirtqueueError
    {
        None = 0,

        // used elem id ≥ queue size: names no descriptor at all.
        UsedIdOutOfRange = 1,

        // used elem id names a descriptor that is not the head of a chain the device was given:
        // never added, not yet published, a chain's inner descriptor, or already completed
        // (a double completion).
        UsedIdNotOutstanding = 2,

        // used elem len > the chain's device-writable bytes (2.7.8: len counts bytes written into
        // the chain). The chain is reclaimed and reported with WrittenBytes = 0.
        UsedLengthTooLarge = 3,

        // used idx moved more than the queue size past the last element taken (or backwards): at
        // most Q chains can be outstanding, so the index is garbage. Nothing is consumed; the
        // queue resumes when the device's idx is sane again.
        UsedIndexJump = 4,
    }

    public static class VirtqueueErrors
    {
        // Number of VirtqueueError values, None included (sizes the per-queue counters).
        public const int Count = 5;

        public static string Describe(VirtqueueError error)
        {
            switch (error)
            {
                case VirtqueueError.None: return "no error";
                case VirtqueueError.UsedIdOutOfRange: return "used id out of range";
                case VirtqueueError.UsedIdNotOutstanding: return "used id not outstanding";
                case VirtqueueError.UsedLengthTooLarge: return "used length larger than the writable buffer";
                case VirtqueueError.UsedIndexJump: return "used index jumped past the queue size";
                default: return "unknown error";
            }
        }
    }
}
