// One connection's Van Jacobson net channel (Jacobson and Felderman, "Speeding up networking",
// LCA 2006; OSv's net_channel, core/net_channel.cc): the receive thread's classifier pushes the
// frames of one established TCP flow into this channel's ring, and the thread that owns the
// connection pops them and runs the full TCP input itself, so protocol work lands on the
// consumer's core and cache instead of the driver's.
//
// What it holds: the SPSC ring of leases, the device those leases belong to (the consumer reads
// Device.Bytes(lease) and calls Device.Return(lease) when done), the FlowKey it serves, and the
// SocketWaker to signal when frames arrive.
//
// Wake-ups: the waker is called only when a push finds the consumer had drained every earlier
// frame (SpscRing's PushedWasDrained), not on every push. A wake-up is a cross-thread signal (a
// futex or an IPI and a context switch, microseconds); the edge test costs one fence
// (nanoseconds). A burst of N frames to a busy consumer costs one wake instead of N, and the
// consumer, once woken, drains until TryPop fails, so nothing is stranded: SpscRing's paired
// fences guarantee that a consumer which found the ring empty is seen as drained by the next push.
//
// Caller rules:
// - Producer side (TryPush, the counters it bumps) runs on one receive thread; consumer side
//   (TryPop, Drain) on one thread at a time.
// - The waker's Wake runs on the receive thread, WITHOUT the stack's lock (unlike protocol
//   wake-ups, see SocketWaker): it must only set a sticky signal, so a wake that comes between a
//   consumer's failed TryPop and its sleep is not lost.
// - Flow is fixed while the channel is in a FlowTable (Bind refuses otherwise). A frame may still
//   arrive after Remove (a reader found the channel just before): the consumer must feed every
//   frame to the full TCP input, which demultiplexes by the 4-tuple itself, and Drain returns the
//   leftovers of a closed channel to the device. Channels are pooled and rebound, never freed.
using OSv.Net.Link;
using OSv.Net.Sockets;
using OSv.Net.Tcp;

namespace OSv.Net.Channels
{
    public sealed class NetChannel
    {
        private readonly SpscRing _ring;
        private FlowKey _flow;
        private long _pushed;
        private long _full;
        private long _wakes;

        public NetChannel(FrameDevice device)
        {
            Device = device;
            _ring = new SpscRing(NetLimits.NetChannelRingCapacity);
        }

        public FrameDevice Device { get; }

        public FlowKey Flow => _flow;

        public SocketWaker? Waker { get; set; }

        // Set by FlowTable while the channel is in it; Bind refuses then.
        public bool InTable { get; internal set; }

        public int Capacity => _ring.Capacity;

        public int Count => _ring.Count;

        // Producer-side counters, written only by the receive thread (plain stores; readers on
        // other threads see a recent value, which is all a counter needs).
        public long Pushed => _pushed;

        public long Full => _full;

        public long Wakes => _wakes;

        // Points a pooled channel at a new flow; false while it is in a table.
        public bool Bind(in FlowKey flow, SocketWaker? waker)
        {
            if (InTable)
                return false;
            _flow = flow;
            Waker = waker;
            return true;
        }

        // Producer: false when the ring is full (counted); the frame then takes the normal path.
        public bool TryPush(in FrameLease lease)
        {
            RingPushResult result = _ring.TryPush(lease);
            if (result == RingPushResult.Full)
            {
                _full++;
                return false;
            }
            _pushed++;
            if (result == RingPushResult.PushedWasDrained)
            {
                // Edge: empty -> non-empty. The consumer may be asleep (see the design comment).
                _wakes++;
                Waker?.Wake(SocketEvents.Readable);
            }
            return true;
        }

        // Consumer: the next frame, to be read with Device.Bytes and returned with Device.Return.
        public bool TryPop(out FrameLease lease) => _ring.TryPop(out lease);

        // Consumer: returns every queued frame to the device unread (a closed connection's
        // leftovers); the count returned.
        public int Drain()
        {
            int drained = 0;
            while (drained < NetLimits.NetChannelRingCapacity && _ring.TryPop(out FrameLease lease))
            {
                Device.Return(lease);
                drained++;
            }
            return drained;
        }
    }
}
