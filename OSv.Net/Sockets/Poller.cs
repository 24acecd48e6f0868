// Readiness polling for servers that multiplex many connections on few threads (epoll's model,
// level-triggered). A socket added with an interest (Readable, Writable) and a token is queued on
// the poller's ready list when its waker fires with a matching event; Wait takes sockets off that
// list, re-checks each one's readiness (draining its net channel first, so TCP input runs in the
// polling thread), and reports those still ready. A reported socket goes back on the list, so the
// next Wait checks it again and reports it while it stays ready (level-triggered): a handler
// need not drain a socket completely. Cost is O(sockets that became ready), not O(registered).
//
// Bounds: at most Capacity sockets per poller (fixed at construction); the ready list holds each
// registered socket at most once (QueuedInPoller) and nothing else (Remove takes a socket out of
// it), so it cannot overflow. A socket belongs to at
// most one poller. Everything runs under the network's lock.
using System;
using OSv.Core.Sync;
using OSv.Core.Time;

namespace OSv.Net.Sockets
{
    public struct PollEvent
    {
        public int Token;
        public SocketEvents Events;
    }

    public sealed class Poller
    {
        private readonly Network _network;
        private readonly CondVar _ready = new CondVar();
        private readonly NetSocket?[] _queue;   // ring of ready sockets
        private int _head;
        private int _count;
        private int _registered;

        public Poller(Network network, int capacity)
        {
            _network = network;
            _queue = new NetSocket?[capacity];
        }

        public int Capacity => _queue.Length;
        public int Registered => _registered;

        // Watches socket for `interest` (plus HangUp and Error, always), reported with token;
        // false when the poller is full or the socket belongs to another poller.
        public bool Add(NetSocket socket, SocketEvents interest, int token)
        {
            using (_network.Lock.Acquire())
            {
                if (socket.PollerOf == this)
                {
                    socket.PollInterest = interest;
                    socket.PollToken = token;
                    QueueLocked(socket);
                    return true;
                }
                if (socket.PollerOf != null || _registered == _queue.Length)
                    return false;
                socket.PollerOf = this;
                socket.PollInterest = interest;
                socket.PollToken = token;
                socket.QueuedInPoller = false;
                _registered++;
                QueueLocked(socket); // it may be ready already
                return true;
            }
        }

        public void Remove(NetSocket socket)
        {
            using (_network.Lock.Acquire())
                RemoveLocked(socket);
        }

        internal void RemoveLocked(NetSocket socket)
        {
            if (socket.PollerOf != this)
                return;
            socket.PollerOf = null;
            _registered--;
            if (!socket.QueuedInPoller)
                return;
            socket.QueuedInPoller = false;
            // Closes the gap, so the ring holds exactly the queued sockets: a removed entry left
            // counted would let later adds push the count past Capacity and overwrite a live one.
            int kept = 0;
            for (int i = 0; i < _count; i++)
            {
                NetSocket? queued = _queue[(_head + i) % _queue.Length];
                if (queued != socket)
                    _queue[(_head + kept++) % _queue.Length] = queued;
            }
            for (int i = kept; i < _count; i++)
                _queue[(_head + i) % _queue.Length] = null;
            _count = kept;
        }

        internal void QueueLocked(NetSocket socket)
        {
            if (socket.QueuedInPoller)
                return;
            socket.QueuedInPoller = true;
            _queue[(_head + _count) % _queue.Length] = socket;
            _count++;
            if (_count == 1)
                _ready.Broadcast();
        }

        // Fills events with ready sockets (at most events.Length), waiting up to timeoutNs
        // (negative: forever, 0: just check) for the first; returns how many (0 on timeout).
        public int Wait(Span<PollEvent> events, long timeoutNs)
        {
            long deadline = NetSocket.DeadlineAfter(timeoutNs);
            using (_network.Lock.Acquire())
            {
                while (true)
                {
                    int found = CollectLocked(events);
                    if (found > 0)
                        return found;
                    long remaining = deadline - Clock.NowNanoseconds;
                    if (remaining <= 0)
                        return 0;
                    if (_count == 0)
                        _ready.Wait(_network.Lock, remaining);
                }
            }
        }

        // One pass over the sockets queued when it starts; ready ones are reported and re-queued.
        private int CollectLocked(Span<PollEvent> events)
        {
            int found = 0;
            int examine = _count;
            long now = Clock.NowNanoseconds;
            for (int i = 0; i < examine && found < events.Length; i++)
            {
                NetSocket? socket = _queue[_head];
                _queue[_head] = null;
                _head = (_head + 1) % _queue.Length;
                _count--;
                socket!.QueuedInPoller = false;
                SocketEvents ready = socket.ReadinessLocked(now) & (socket.PollInterest | SocketEvents.HangUp | SocketEvents.Error);
                if (ready == SocketEvents.None)
                    continue;
                events[found].Token = socket.PollToken;
                events[found].Events = ready;
                found++;
                QueueLocked(socket);
            }
            return found;
        }
    }
}
