// What every blocking socket shares: the wake-up path from the protocol code to the threads and
// pollers waiting on it. The pure protocol blocks (TcpControlBlock, TcpListenerBlock,
// UdpSocketBlock) call SocketWaker.Wake with the network's lock held; this socket's waker then
// broadcasts its condition variable (threads blocked in Receive, Send, Accept re-check under the
// lock) and queues the socket on its poller's ready list, once.
//
// Every wait is a loop: take the lock, drain the socket's net channel (TCP input for its flow
// runs here, in the caller's thread), check readiness, wait on the condition variable with the
// remaining time, repeat. The lock is the network's single lock (Network.cs says why one).
using OSv.Core.Sync;
using OSv.Core.Time;

namespace OSv.Net.Sockets
{
    public abstract class NetSocket
    {
        private readonly Waker _waker, _channelWaker;
        private protected readonly CondVar _changed = new CondVar();

        // Poller registration (guarded by the network's lock).
        internal Poller? PollerOf;
        internal int PollToken;
        internal SocketEvents PollInterest;
        internal bool QueuedInPoller;

        private protected NetSocket(Network network)
        {
            Network = network;
            _waker = new Waker(this, SocketEvents.None);
            _channelWaker = new Waker(this, SocketEvents.Readable | SocketEvents.Writable);
        }

        public Network Network { get; }

        private protected SocketWaker WakerForBlocks => _waker;

        // For a net channel: frames waiting there may carry data or ACKs, so whatever the socket
        // waits for (Readable, or Writable when its send buffer is full) may follow once they
        // are processed; its poller must look even when the interest is Writable alone.
        private protected SocketWaker WakerForChannel => _channelWaker;

        // Readiness as the protocol block reports it, after draining any channel (lock held).
        internal abstract SocketEvents ReadinessLocked(long nowNs);

        // Waits, lock held, until ReadinessLocked intersects `events` or the deadline passes;
        // returns the readiness seen last (None on timeout with nothing ready).
        private protected SocketEvents WaitLocked(SocketEvents events, long deadlineNs)
        {
            while (true)
            {
                SocketEvents ready = ReadinessLocked(Clock.NowNanoseconds);
                if ((ready & (events | SocketEvents.HangUp | SocketEvents.Error)) != 0)
                    return ready;
                long remaining = deadlineNs - Clock.NowNanoseconds;
                if (remaining <= 0)
                    return SocketEvents.None;
                _changed.Wait(Network.Lock, remaining);
            }
        }

        // A relative timeout (negative: none) as an absolute deadline, saturating.
        internal static long DeadlineAfter(long timeoutNs)
        {
            if (timeoutNs < 0)
                return long.MaxValue;
            long now = Clock.NowNanoseconds;
            return timeoutNs > long.MaxValue - now ? long.MaxValue : now + timeoutNs;
        }

        private void OnWake(SocketEvents events)
        {
            _changed.Broadcast();
            Poller? poller = PollerOf;
            if (poller != null && (events & (PollInterest | SocketEvents.HangUp | SocketEvents.Error)) != 0)
                poller.QueueLocked(this);
        }

        private sealed class Waker : SocketWaker
        {
            private readonly NetSocket _socket;

            private readonly SocketEvents _added;

            public Waker(NetSocket socket, SocketEvents added)
            {
                _socket = socket;
                _added = added;
            }

            public override void Wake(SocketEvents events) => _socket.OnWake(events | _added);
        }
    }
}
