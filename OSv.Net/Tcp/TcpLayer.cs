// TCP's demultiplexer and resource owner (RFC 9293 3.10.7.1-3.10.7.2 for segments that match
// no connection): the connection table, the listeners, ephemeral ports, the timer heap, counters.
//
// Connection table: open addressing with linear probing on FlowKey.Hash(secret) (the secret keeps
// a peer from choosing colliding ports), the next power of two at least twice ConnectionsMax
// slots, so a probe always ends at an empty slot; removal shifts later entries back (no
// tombstones). Blocks are created on demand up to ConnectionsMax, each with its rings, and are
// recycled through a free stack: after the first ConnectionsMax connections nothing allocates.
//
// Ownership: a block is in the table from OPEN until CLOSED. A closed block is recycled at once if
// the application released it or never saw it (a listener's child lost before acceptance);
// otherwise when the application calls Release. Timers: one heap entry per block, keyed by its
// earliest deadline (TcpTimerHeap), re-keyed after every event (AfterEvent), so Poll runs only the
// due blocks.
//
// Ephemeral ports come from 49152-65535 (RFC 6335), starting at an offset derived from the secret
// and moving on by one per connection (RFC 6056 algorithm 1's simple variant), skipping ports
// whose 4-tuple is in use or that a listener holds.
//
// Caller rules: one lock around every call (Receive, Poll, the blocks' user calls); Receive gets
// the IP payload of a validated datagram addressed to us (not broadcast or multicast).
using System;
using OSv.Net.Wire;

namespace OSv.Net.Tcp
{
    public sealed class TcpLayer
    {
        private readonly uint _secret;
        private readonly int _connectionsMax, _sendBufferBytes, _receiveBufferBytes;
        private readonly TcpControlBlock?[] _blocks;
        private readonly TcpControlBlock?[] _freeBlocks;
        private readonly TcpControlBlock?[] _table;
        private readonly int _tableMask;
        private readonly TcpListenerBlock?[] _listeners = new TcpListenerBlock?[NetLimits.TcpListenersMax];
        private readonly TcpTimerHeap _timers;
        private int _createdCount, _freeCount, _ephemeralNext;

        public TcpLayer(TcpSettings settings, SegmentTransmitter transmitter, uint secret)
        {
            Settings = settings;
            Transmitter = transmitter;
            _secret = secret;
            IsnSecret = (secret * 0x9E3779B1u) ^ 0x5BD1E995u;
            _connectionsMax = Clamp(settings.ConnectionsMax, 1, NetLimits.TcpConnectionsMax);
            _sendBufferBytes = Clamp(settings.SendBufferBytes, NetLimits.TcpBufferBytesMin, NetLimits.TcpBufferBytesMax);
            _receiveBufferBytes = Clamp(settings.ReceiveBufferBytes, NetLimits.TcpBufferBytesMin, NetLimits.TcpBufferBytesMax);
            _blocks = new TcpControlBlock?[_connectionsMax];
            _freeBlocks = new TcpControlBlock?[_connectionsMax];
            int tableSize = 2;
            while (tableSize < 2 * _connectionsMax)
                tableSize *= 2;
            _table = new TcpControlBlock?[tableSize];
            _tableMask = tableSize - 1;
            _timers = new TcpTimerHeap(_connectionsMax);
            _ephemeralNext = (int)(new FlowKey(default, 0, default, 0).Hash(secret) % NetLimits.TcpEphemeralPortCount);
            Counters = new TcpCounters();
        }

        public TcpSettings Settings { get; }
        public TcpCounters Counters { get; }
        internal SegmentTransmitter Transmitter { get; }
        internal uint IsnSecret { get; }

        // The latest nowNs seen, for the few calls without one (Release, TcpListenerBlock.Close()).
        internal long LastNowNs { get; private set; }

        public int ConnectionCount { get; private set; }

        // Input from IP: the IPv4 header was validated and is addressed to us; tcpSegment is the
        // IP payload (TCP header and data), its checksum not yet verified.
        public void Receive(Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> tcpSegment, long nowNs)
        {
            LastNowNs = nowNs;
            WireResult result = TcpSegment.TryCreate(tcpSegment, source, destination, out TcpSegment segment);
            if (!result.IsOk)
            {
                if (result.Reason == WireReason.BadChecksum)
                    Counters.ChecksumErrors++;
                else
                    Counters.MalformedSegments++;
                return;
            }
            Counters.SegmentsReceived++;
            FlowKey flow = new FlowKey(destination, segment.DestinationPort, source, segment.SourcePort);
            TcpControlBlock? block = Find(flow);
            if (block != null)
            {
                block.OnSegment(segment, nowNs);
                return;
            }
            TcpListenerBlock? listener = FindListener(destination, segment.DestinationPort);
            if (listener != null)
            {
                OnListenSegment(listener, segment, flow, nowNs);
                return;
            }
            Counters.NoPortDrops++;
            ResetUnknownFlow(segment, flow);
        }

        // Timers (retransmission, delayed ACK, keep-alive, zero-window probe, TIME_WAIT) that are
        // due; at most the blocks queued when it started, so a block re-armed for the past cannot
        // loop (NextDeadlineNs <= now then asks for another call).
        public void Poll(long nowNs)
        {
            LastNowNs = nowNs;
            int bound = _timers.Count;
            for (int fired = 0; fired < bound && _timers.TryPopDue(nowNs, out TcpControlBlock? block); fired++)
                block!.OnTimer(nowNs);
        }

        public long NextDeadlineNs => _timers.NextDeadlineNs;

        // A passive open on localAddress:port (Any for every local address); null when the port
        // is taken or the listener table is full.
        public TcpListenerBlock? Listen(Ipv4Address localAddress, ushort port, int backlog)
        {
            int freeSlot = -1;
            for (int index = 0; index < _listeners.Length; index++)
            {
                TcpListenerBlock? listener = _listeners[index];
                if (listener == null || !listener.IsOpen)
                {
                    if (freeSlot < 0)
                        freeSlot = index;
                    continue;
                }
                if (listener.Port == port && (listener.LocalAddress == localAddress || listener.LocalAddress.IsUnspecified || localAddress.IsUnspecified))
                    return null;
            }
            if (freeSlot < 0 || port == 0)
                return null;
            TcpListenerBlock opened = _listeners[freeSlot] ??= new TcpListenerBlock(this);
            opened.Open(localAddress, port, backlog);
            return opened;
        }

        // An active open from localAddress (an ephemeral port is chosen); null when no connection
        // block or port is free.
        public TcpControlBlock? Connect(Ipv4Address localAddress, Ipv4Address remoteAddress, ushort remotePort, long nowNs)
        {
            LastNowNs = nowNs;
            ushort port = PickEphemeralPort(localAddress, remoteAddress, remotePort);
            TcpControlBlock? block = port == 0 ? null : AllocateBlock();
            if (block == null)
                return null;
            block.Initialize(new FlowKey(localAddress, port, remoteAddress, remotePort), nowNs);
            TableInsert(block);
            Counters.ActiveOpens++;
            block.OpenActive(nowNs);
            AfterEvent(block);
            return block;
        }

        // The connection block of a flow in the table (any state but CLOSED); null when none.
        public TcpControlBlock? Find(in FlowKey flow)
        {
            int index = (int)(flow.Hash(_secret) & (uint)_tableMask);
            for (int probes = 0; probes < _table.Length; probes++)
            {
                TcpControlBlock? block = _table[index];
                if (block == null)
                    return null;
                if (block.Flow.Equals(flow))
                    return block;
                index = (index + 1) & _tableMask;
            }
            return null;
        }

        // 3.10.7.2, LISTEN.
        private void OnListenSegment(TcpListenerBlock listener, in TcpSegment segment, in FlowKey flow, long nowNs)
        {
            TcpFlags flags = segment.Flags;
            if ((flags & TcpFlags.Rst) != 0)
                return;
            if ((flags & TcpFlags.Ack) != 0)
            {
                SendReset(flow, segment.AcknowledgmentNumber, 0, TcpFlags.Rst);
                return;
            }
            if ((flags & TcpFlags.Syn) == 0)
                return;
            if (!listener.HasRoom)
            {
                Counters.SynQueueOverflows++;
                return;
            }
            TcpControlBlock? block = AllocateBlock();
            if (block == null)
                return;
            block.Initialize(flow, nowNs);
            TableInsert(block);
            listener.OnChildCreated();
            Counters.PassiveOpens++;
            block.OpenPassive(segment, listener, nowNs);
            AfterEvent(block);
        }

        // 3.10.7.1: a segment for no connection draws a RST (never one answering a RST).
        private void ResetUnknownFlow(in TcpSegment segment, in FlowKey flow)
        {
            TcpFlags flags = segment.Flags;
            if ((flags & TcpFlags.Rst) != 0)
                return;
            if ((flags & TcpFlags.Ack) != 0)
            {
                SendReset(flow, segment.AcknowledgmentNumber, 0, TcpFlags.Rst);
                return;
            }
            uint length = (uint)segment.Payload.Length + ((flags & TcpFlags.Syn) != 0 ? 1u : 0) + ((flags & TcpFlags.Fin) != 0 ? 1u : 0);
            SendReset(flow, 0, segment.SequenceNumber + length, TcpFlags.Rst | TcpFlags.Ack);
        }

        internal void SendReset(in FlowKey flow, uint seq, uint ack, TcpFlags flags)
        {
            Span<byte> buffer = Transmitter.BeginSegment();
            TcpHeader header = default;
            header.SourcePort = flow.LocalPort;
            header.DestinationPort = flow.RemotePort;
            header.SequenceNumber = seq;
            header.AcknowledgmentNumber = ack;
            header.Flags = flags;
            if (!header.TryEmit(buffer, out int length))
                return;
            TcpHeader.FillChecksum(buffer.Slice(0, length), flow.LocalAddress, flow.RemoteAddress);
            Counters.ResetsSent++;
            CountedTransmit(flow, length);
        }

        internal void CountedTransmit(in FlowKey flow, int length)
        {
            Counters.SegmentsSent++;
            if (!Transmitter.Transmit(flow, length))
                Counters.TransmitFailures++;
        }

        // After every event on a block: re-key its timer, or retire it once CLOSED.
        internal void AfterEvent(TcpControlBlock block)
        {
            if (block.Free)
                return;
            if (block.State != TcpState.Closed)
            {
                _timers.Schedule(block.TimerNode, block.NextDeadlineNs);
                return;
            }
            _timers.Schedule(block.TimerNode, long.MaxValue);
            if (block.InTable)
                TableRemove(block);
            if (block.Listener != null && !block.InAcceptQueue)
            {
                block.Listener.OnChildLost(); // lost in SYN_RECEIVED: the application never saw it
                block.Listener = null;
                Recycle(block);
            }
            else if (!block.InAcceptQueue && block.Released)
            {
                Recycle(block);
            }
        }

        internal void Recycle(TcpControlBlock block)
        {
            if (block.Free)
                return;
            _timers.Schedule(block.TimerNode, long.MaxValue);
            if (block.InTable)
                TableRemove(block);
            block.Free = true;
            _freeBlocks[_freeCount++] = block;
        }

        internal void OnListenerClosed(TcpListenerBlock listener, long nowNs)
        {
            for (int index = 0; index < _createdCount; index++)
            {
                TcpControlBlock block = _blocks[index]!;
                if (!block.Free && block.Listener == listener)
                {
                    block.Release();
                    block.Abort(nowNs);
                }
            }
        }

        private TcpControlBlock? AllocateBlock()
        {
            TcpControlBlock? block = null;
            if (_freeCount > 0)
            {
                block = _freeBlocks[--_freeCount];
                _freeBlocks[_freeCount] = null;
            }
            else if (_createdCount < _connectionsMax)
            {
                block = new TcpControlBlock(this, _sendBufferBytes, _receiveBufferBytes);
                _blocks[_createdCount++] = block;
            }
            if (block == null)
                Counters.ConnectionTableFull++;
            return block;
        }

        private TcpListenerBlock? FindListener(Ipv4Address address, ushort port)
        {
            TcpListenerBlock? wildcard = null;
            for (int index = 0; index < _listeners.Length; index++)
            {
                TcpListenerBlock? listener = _listeners[index];
                if (listener == null || !listener.IsOpen || listener.Port != port)
                    continue;
                if (listener.LocalAddress == address)
                    return listener;
                if (listener.LocalAddress.IsUnspecified)
                    wildcard = listener;
            }
            return wildcard;
        }

        private ushort PickEphemeralPort(Ipv4Address localAddress, Ipv4Address remoteAddress, ushort remotePort)
        {
            for (int tries = 0; tries < NetLimits.TcpEphemeralPortCount; tries++)
            {
                ushort port = (ushort)(NetLimits.TcpEphemeralPortFirst + _ephemeralNext);
                _ephemeralNext = (_ephemeralNext + 1) % NetLimits.TcpEphemeralPortCount;
                if (FindListener(localAddress, port) == null && Find(new FlowKey(localAddress, port, remoteAddress, remotePort)) == null)
                    return port;
            }
            return 0;
        }

        private void TableInsert(TcpControlBlock block)
        {
            int index = (int)(block.Flow.Hash(_secret) & (uint)_tableMask);
            while (_table[index] != null)
                index = (index + 1) & _tableMask;
            _table[index] = block;
            block.InTable = true;
            ConnectionCount++;
        }

        // Backward-shift deletion: later entries of the probe run move into the hole unless their
        // home slot lies cyclically after it.
        private void TableRemove(TcpControlBlock block)
        {
            int hole = (int)(block.Flow.Hash(_secret) & (uint)_tableMask);
            while (_table[hole] != block)
                hole = (hole + 1) & _tableMask;
            _table[hole] = null;
            block.InTable = false;
            ConnectionCount--;
            int next = hole;
            while (true)
            {
                next = (next + 1) & _tableMask;
                TcpControlBlock? moved = _table[next];
                if (moved == null)
                    return;
                int home = (int)(moved.Flow.Hash(_secret) & (uint)_tableMask);
                if (((next - home) & _tableMask) >= ((next - hole) & _tableMask))
                {
                    _table[hole] = moved;
                    _table[next] = null;
                    hole = next;
                }
            }
        }

        private static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
    }
}
