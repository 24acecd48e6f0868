// What the network stack needs of a network interface, and nothing more: a source of received
// frames in the device's own buffers (lent, not copied: the stack returns each one when done), a
// sink for frames to send, a way to sleep until frames arrive, and the hook where a packet
// classifier may claim frames before the default path sees them (Van Jacobson's net channels:
// established TCP flows go straight to their connection's channel). Drivers implement it
// (OSv.Drivers.Virtio's VirtioNetDevice); hosted tests implement it with a simulated wire.
using OSv.Net.Wire;

namespace OSv.Net.Link
{
    // A received frame lent by its device: its bytes stay valid until FrameDevice.Return.
    public readonly struct FrameLease
    {
        public FrameLease(int buffer, int length)
        {
            Buffer = buffer;
            Length = length;
        }

        // The device's buffer number (meaningful only to that device).
        public int Buffer { get; }
        public int Length { get; }
    }

    // Claims frames for a faster path. A claimed frame belongs to the classifier, which returns
    // it to the device when its consumer is done; an unclaimed one goes on to the default path.
    public abstract class FrameClassifier
    {
        public abstract bool TryClaim(FrameDevice device, in FrameLease frame, System.ReadOnlySpan<byte> bytes);
    }

    public abstract class FrameDevice
    {
        public abstract MacAddress Address { get; }

        public abstract bool LinkUp { get; }

        // The largest frame TrySend accepts and TryTake can return (Ethernet header included).
        public abstract int FrameBytesMax { get; }

        public abstract bool TryTake(out FrameLease frame);

        public abstract System.ReadOnlySpan<byte> Bytes(in FrameLease frame);

        public abstract void Return(in FrameLease frame);

        // Copies the frame once into a device buffer; false when the device is full, or the
        // frame empty or too long.
        public abstract bool TrySend(System.ReadOnlySpan<byte> frame);

        // Blocks the calling thread until the device signals received frames or the timeout
        // passes; true when signalled. Frames may already be waiting: callers drain first.
        public abstract bool WaitForFrames(long timeoutNanoseconds);

        // Wakes a thread blocked in WaitForFrames, so that it re-reads the stack's next deadline.
        // Callable from any thread; a wake with no waiter is kept for the next WaitForFrames.
        public abstract void InterruptWait();

        // Installed by the stack; the default path never sees what it claims.
        public FrameClassifier? Classifier { get; set; }

        // The next frame for the default path, after the classifier had its pick.
        public bool TryTakeUnclaimed(out FrameLease frame)
        {
            while (TryTake(out frame))
            {
                FrameClassifier? classifier = Classifier;
                if (classifier == null || !classifier.TryClaim(this, frame, Bytes(frame)))
                    return true;
            }
            return false;
        }
    }
}
