// The virtio-net device as the stack sees it, with one change: frames the net thread sends while
// it serves the sockets (memcached -t 1, NetThreadServer.RunOnce) are queued without notifying the
// device, and published with at most one notification when the net thread next takes frames.
//
// Why. A notification is a write to the device's MMIO register: under TCG it leaves translated
// code for QEMU's device model and wakes QEMU's main loop, and RIP sampling put 18-20% of the
// guest's time there, two thirds of it in sending frames. Replies to the connections served in
// one pass now share one notification (virtio 1.2, 2.7.13: the driver may batch before notifying).
//
// Protocol. All calls come with the network's lock held, except WaitForFrames and InterruptWait
// (as for any FrameDevice). Deferring is on only between BeginDeferring and EndDeferring, called
// by the net thread around its work, and only for sends made by that thread; any other thread's
// send publishes everything queued so far. The net thread flushes in TryTake, which it calls
// under the lock at the start of every pass; EndDeferring reports whether frames wait, and the
// worker then asks the net thread for another pass before it sleeps (INetThreadWork.RunOnce
// returning true), so a deferred frame waits at most one pass.
using System;
using OSv.Drivers.Virtio.Net;
using OSv.Net.Link;
using OSv.Net.Wire;
using Thread = OSv.Core.Sched.Thread;

namespace Memcached.Hosting
{
    internal sealed class BatchedFrameDevice : FrameDevice
    {
        private readonly VirtioNetDevice inner;
        private Thread? deferringThread; // the net thread while it serves, else null
        private bool framesDeferred;     // queued, not yet published (lock held to change)

        public BatchedFrameDevice(VirtioNetDevice inner) => this.inner = inner;

        public override MacAddress Address => inner.Address;
        public override bool LinkUp => inner.LinkUp;
        public override int FrameBytesMax => inner.FrameBytesMax;

        public void BeginDeferring() => deferringThread = Thread.Current;

        // True when frames wait for the next pass's TryTake.
        public bool EndDeferring()
        {
            deferringThread = null;
            return framesDeferred;
        }

        public override bool TryTake(out FrameLease frame)
        {
            if (framesDeferred)
                Flush();
            return inner.TryTake(out frame);
        }

        public override ReadOnlySpan<byte> Bytes(in FrameLease frame) => inner.Bytes(frame);
        public override void Return(in FrameLease frame) => inner.Return(frame);

        public override bool TrySend(ReadOnlySpan<byte> frame)
        {
            if (deferringThread == null || deferringThread != Thread.Current)
            {
                if (framesDeferred)
                    Flush(); // even when this frame does not fit
                return inner.TrySend(frame, flush: true);
            }
            if (inner.TrySend(frame, flush: false))
            {
                framesDeferred = true;
                return true;
            }
            if (!framesDeferred)
                return false; // full with everything published: the device is behind
            Flush(); // full of unpublished frames: publish them, then try once more
            bool queued = inner.TrySend(frame, flush: false);
            framesDeferred = queued;
            return queued;
        }

        public override bool WaitForFrames(long timeoutNanoseconds) => inner.WaitForFrames(timeoutNanoseconds);
        public override void InterruptWait() => inner.InterruptWait();

        private void Flush()
        {
            framesDeferred = false;
            inner.Flush();
        }
    }
}
