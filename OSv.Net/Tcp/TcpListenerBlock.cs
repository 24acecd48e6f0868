// A passive OPEN (RFC 9293 3.10.1, the LISTEN state): the connections it spawned until the
// application accepts them.
//
// Backlog: children in SYN_RECEIVED (the SYN queue) plus established children waiting in the
// accept queue never exceed Backlog (clamped to NetLimits.TcpBacklogMax), checked when a SYN
// arrives, so a child that becomes established always finds room in the accept queue. A SYN over
// the limit is dropped and counted (TcpCounters.SynQueueOverflows): a SYN flood fills the queue
// for the SYN-ACK retransmission time and then drains, it never grows anything. (Linux bounds the
// two queues separately and can answer with SYN cookies; neither is done here.)
//
// The accept queue is a ring of block references allocated once per listener object; listener
// objects come from the layer's fixed table and are reused after Close. A child that closes
// (RST, timeout) while queued stays queued until TryAccept or Close skips and recycles it.
using OSv.Net.Sockets;
using OSv.Net.Wire;

namespace OSv.Net.Tcp
{
    public sealed class TcpListenerBlock
    {
        private readonly TcpLayer _layer;
        private readonly TcpControlBlock?[] _acceptQueue = new TcpControlBlock?[NetLimits.TcpBacklogMax];
        private int _acceptHead, _acceptCount, _synReceivedCount, _backlog;

        internal TcpListenerBlock(TcpLayer layer) => _layer = layer;

        public ushort Port { get; private set; }
        public Ipv4Address LocalAddress { get; private set; }
        public SocketWaker? Waker { get; set; }
        public bool IsOpen { get; private set; }
        public int Backlog => _backlog;
        public int PendingCount => _acceptCount;
        public int SynReceivedCount => _synReceivedCount;

        public SocketEvents Readiness => _acceptCount > 0 ? SocketEvents.Readable : SocketEvents.None;

        internal void Open(Ipv4Address localAddress, ushort port, int backlog)
        {
            LocalAddress = localAddress;
            Port = port;
            _backlog = backlog < 1 ? 1 : backlog > NetLimits.TcpBacklogMax ? NetLimits.TcpBacklogMax : backlog;
            _acceptHead = _acceptCount = _synReceivedCount = 0;
            Waker = null;
            IsOpen = true;
        }

        internal bool HasRoom => _synReceivedCount + _acceptCount < _backlog;

        internal void OnChildCreated() => _synReceivedCount++;

        // A child in SYN_RECEIVED closed (RST, timeout) before it was established.
        internal void OnChildLost() => _synReceivedCount--;

        internal void OnChildEstablished(TcpControlBlock child)
        {
            _synReceivedCount--;
            int tail = (_acceptHead + _acceptCount) % _acceptQueue.Length;
            _acceptQueue[tail] = child;
            _acceptCount++;
            child.InAcceptQueue = true;
            if (_acceptCount == 1)
                Waker?.Wake(SocketEvents.Readable);
        }

        // Takes the oldest established child; the caller owns it from here (and Releases it).
        public bool TryAccept(out TcpControlBlock? connection)
        {
            while (_acceptCount > 0)
            {
                TcpControlBlock child = PopAccepted();
                if (child.State == TcpState.Closed && !child.InTable)
                {
                    _layer.Recycle(child); // closed while waiting: never seen by the application
                    continue;
                }
                connection = child;
                return true;
            }
            connection = null;
            return false;
        }

        private TcpControlBlock PopAccepted()
        {
            TcpControlBlock child = _acceptQueue[_acceptHead]!;
            _acceptQueue[_acceptHead] = null;
            _acceptHead = (_acceptHead + 1) % _acceptQueue.Length;
            _acceptCount--;
            child.InAcceptQueue = false;
            child.Listener = null;
            return child;
        }

        // Stops listening: children not yet accepted are reset (RFC 9293 3.10.4, LISTEN: pending
        // connections are closed) and recycled.
        public void Close(long nowNs)
        {
            if (!IsOpen)
                return;
            IsOpen = false;
            while (_acceptCount > 0)
            {
                TcpControlBlock child = PopAccepted();
                child.Release();
                child.Abort(nowNs);
            }
            _layer.OnListenerClosed(this, nowNs);
            Waker = null;
        }

        public void Close() => Close(_layer.LastNowNs);
    }
}
