// One TCP connection (RFC 9293 section 3.3.1, the Transmission Control Block) as a pure state
// machine: the user calls of 3.10.1-3.10.6 (here), SEGMENT ARRIVES of 3.10.7 (Input), output and
// segment emission (Output), and the timeouts of 3.10.8 with RTT estimation and congestion
// control (Timers). Every entry point takes nowNs; output goes through the layer's
// SegmentTransmitter only; nothing allocates after the block was created once (its two rings are
// allocated with it and reused when the layer recycles it).
//
// Sequence space (send side): ISS is the SYN; data starts at ISS+1; the send ring holds the bytes
// from _sendBase (= SND.UNA once the SYN is acknowledged, until the FIN is) to the last queued
// byte; the FIN, once queued, takes the sequence number after the last data byte. _sndMax is the
// highest sequence number sent (BSD's snd_max): after a retransmission timeout SND.NXT goes back
// to SND.UNA (go-back-N) and ACKs up to _sndMax stay acceptable.
//
// Receive side: the receive ring holds the in-order bytes not yet consumed; out-of-order data is
// written past them at its offset from RCV.NXT and tracked as at most TcpOutOfOrderRangesMax
// sequence ranges (the SACK blocks). _rcvRight is the right edge of the window we advertised:
// it never moves left (RFC 9293 3.8.6: the window must not shrink), and it grows only by at
// least min(buffer/2, MSS) at a time (receiver silly-window avoidance, 3.8.6.2.2). It starts at
// RCV.NXT once the peer's ISN is known (sequence comparisons only order numbers < 2^31 apart),
// and _rcvRight - RCV.NXT <= the ring's free space always holds: in-order data and merged
// out-of-order ranges move both sides by the same count, and the edge grows only to the free
// space. TrimToWindow also trims at that free space and counts ReceiveRingOverruns if it binds.
//
// Caller rules: the stack lock is held for every call; the block belongs to its TcpLayer, which
// reschedules its timer after each call (Finish). The application's calls after Release are
// ignored.
using System;
using OSv.Net.Sockets;
using OSv.Net.Wire;

namespace OSv.Net.Tcp
{
    public sealed partial class TcpControlBlock
    {
        private readonly TcpLayer _layer;
        private readonly ByteRing _send;
        private readonly ByteRing _receive;
        internal readonly TcpTimerNode TimerNode;

        private FlowKey _flow;
        private TcpState _state;
        private TcpError _error;

        // Ownership (TcpLayer): a passive child belongs to its listener until accepted.
        internal TcpListenerBlock? Listener;
        internal bool InAcceptQueue;
        internal bool InTable;
        internal bool Free;
        private bool _released;
        private bool _passive;
        private bool _closePending; // Close in SYN_RECEIVED: FIN once established (3.10.4)

        // Send sequence variables (3.3.1).
        private uint _iss, _sndUna, _sndNxt, _sndMax, _sendBase;
        private uint _sndWnd, _sndWl1, _sndWl2, _maxSndWnd;
        private bool _finQueued;
        private int _sndMss;
        private int _sndWindowShift, _rcvWindowShift;
        private bool _offerWindowScale, _sackEnabled;

        // Receive sequence variables.
        private uint _irs, _rcvNxt, _rcvRight;
        private bool _finReceived;
        private readonly uint[] _outOfOrderStart = new uint[NetLimits.TcpOutOfOrderRangesMax];
        private readonly uint[] _outOfOrderEnd = new uint[NetLimits.TcpOutOfOrderRangesMax];
        private int _outOfOrderCount;
        private int _outOfOrderLatest; // range holding the latest out-of-order segment (first SACK block)

        // ACK policy (3.8.6.3).
        private bool _ackNow;
        private int _segmentsUnacknowledged;

        // Timers; long.MaxValue when not armed.
        private long _rtoDeadlineNs, _delayedAckDeadlineNs, _persistDeadlineNs, _keepAliveDeadlineNs, _stateDeadlineNs;
        private long _rtoNs, _smoothedRttNs, _rttVariationNs;
        private bool _hasRttSample, _rttTiming;
        private uint _rttSequence;
        private long _rttSentNs;
        private int _retransmissions, _persistBackoff, _keepAliveProbes;

        // Congestion control (RFC 5681, RFC 6582).
        private uint _cwnd, _ssthresh, _recover;
        private int _duplicateAcks;
        private bool _inRecovery;

        internal TcpControlBlock(TcpLayer layer, int sendBufferBytes, int receiveBufferBytes)
        {
            _layer = layer;
            _send = new ByteRing(sendBufferBytes);
            _receive = new ByteRing(receiveBufferBytes);
            TimerNode = new TcpTimerNode(this);
        }

        public FlowKey Flow => _flow;
        public TcpState State => _state;
        public TcpError Error => _error;
        public SocketWaker? Waker { get; set; }

        // Bytes queued and not yet acknowledged, free send space, and readable bytes.
        public int SendQueuedBytes => _send.Count;
        public int SendFreeBytes => _finQueued ? 0 : _send.Free;
        public int ReceivedBytes => _receive.Count;
        public bool PeerClosed => _finReceived;
        public long RetransmissionTimeoutNs => _rtoNs;
        public long SmoothedRttNs => _smoothedRttNs;
        public uint CongestionWindowBytes => _cwnd;
        public int SendMss => _sndMss;

        public SocketEvents Readiness
        {
            get
            {
                SocketEvents events = SocketEvents.None;
                if (_receive.Count > 0 || _finReceived || _error != TcpError.None)
                    events |= SocketEvents.Readable;
                if ((_state == TcpState.Established || _state == TcpState.CloseWait) && !_finQueued && _send.Free > 0)
                    events |= SocketEvents.Writable;
                if (_state == TcpState.Closed || _state == TcpState.TimeWait || _error != TcpError.None)
                    events |= SocketEvents.HangUp;
                if (_error != TcpError.None)
                    events |= SocketEvents.Error;
                return events;
            }
        }

        private bool CanQueueSend =>
            !_released && !_finQueued && !_closePending &&
            (_state == TcpState.SynSent || _state == TcpState.SynReceived || _state == TcpState.Established || _state == TcpState.CloseWait);

        // SEND (3.10.2): copies up to data.Length bytes into the send buffer; the count taken.
        public int Send(ReadOnlySpan<byte> data, long nowNs)
        {
            if (!CanQueueSend)
                return 0;
            SocketEvents before = Readiness;
            int taken = _send.Append(data);
            Output(nowNs);
            Finish(before);
            return taken;
        }

        // Zero-copy send: the contiguous free space at the send ring's tail (empty when nothing
        // may be sent); write into it, then CommitSend the count written.
        public Span<byte> SendSpace()
        {
            if (!CanQueueSend)
                return default;
            _send.RewindIfEmpty();
            return _send.TailSpace();
        }

        public void CommitSend(int bytes, long nowNs)
        {
            if (!CanQueueSend || bytes <= 0 || bytes > _send.TailSpace().Length)
                return;
            SocketEvents before = Readiness;
            _send.Commit(bytes);
            Output(nowNs);
            Finish(before);
        }

        // RECEIVE (3.10.3), zero-copy: the in-order bytes at the ring's head up to its wrap.
        public ReadOnlySpan<byte> PeekReceived() => _receive.HeadSpan();

        public void Consume(int bytes, long nowNs)
        {
            if (bytes <= 0 || bytes > _receive.Count)
                return;
            SocketEvents before = Readiness;
            _receive.Discard(bytes);
            if (_outOfOrderCount == 0)
                _receive.RewindIfEmpty();
            if (WindowUpdateWorthSending())
            {
                _ackNow = true;
                Output(nowNs);
            }
            Finish(before);
        }

        // Copies out and consumes; 0 with the peer's FIN seen means end of stream.
        public int Receive(Span<byte> buffer, long nowNs)
        {
            int length = Math.Min(buffer.Length, _receive.Count);
            if (length == 0)
                return 0;
            _receive.ReadAt(0, buffer.Slice(0, length));
            Consume(length, nowNs);
            return length;
        }

        // CLOSE (3.10.4): FIN after the queued data.
        public void Close(long nowNs)
        {
            SocketEvents before = Readiness;
            switch (_state)
            {
                case TcpState.SynSent:
                    EnterClosed(TcpError.None);
                    break;
                case TcpState.SynReceived:
                    _closePending = true;
                    break;
                case TcpState.Established:
                    _finQueued = true;
                    _state = TcpState.FinWait1;
                    Output(nowNs);
                    break;
                case TcpState.CloseWait:
                    _finQueued = true;
                    _state = TcpState.LastAck;
                    Output(nowNs);
                    break;
            }
            Finish(before);
        }

        // ABORT (3.10.5): RST in the synchronized states, then CLOSED.
        public void Abort(long nowNs)
        {
            if (_state == TcpState.Closed)
                return;
            SocketEvents before = Readiness;
            if (_state == TcpState.SynReceived || _state == TcpState.Established || _state == TcpState.FinWait1 ||
                _state == TcpState.FinWait2 || _state == TcpState.CloseWait)
                _layer.SendReset(_flow, _sndNxt, 0, TcpFlags.Rst);
            EnterClosed(TcpError.None);
            Finish(before);
        }

        // The application is done with the block: the layer reuses it once the connection has
        // fully closed (TIME_WAIT included). Data arriving afterwards is discarded.
        public void Release()
        {
            if (_released)
                return;
            _released = true;
            Waker = null;
            _receive.Discard(_receive.Count);
            if (_state == TcpState.FinWait2)
                _stateDeadlineNs = Math.Min(_stateDeadlineNs, _layer.LastNowNs + NetLimits.TcpFinWait2TimeoutNs);
            _layer.AfterEvent(this);
        }

        internal bool Released => _released;

        // Every entry point ends here: wake the socket for readiness that appeared, and let the
        // layer reschedule the timer or retire a closed block.
        private void Finish(SocketEvents before)
        {
            SocketEvents raised = Readiness & ~before;
            if (raised != SocketEvents.None)
                Waker?.Wake(raised);
            _layer.AfterEvent(this);
        }

        internal long NextDeadlineNs =>
            Math.Min(Math.Min(_rtoDeadlineNs, _delayedAckDeadlineNs),
                Math.Min(Math.Min(_persistDeadlineNs, _keepAliveDeadlineNs), _stateDeadlineNs));

        private void EnterClosed(TcpError error)
        {
            _state = TcpState.Closed;
            if (_error == TcpError.None)
                _error = error;
            _rtoDeadlineNs = _delayedAckDeadlineNs = _persistDeadlineNs = _keepAliveDeadlineNs = _stateDeadlineNs = long.MaxValue;
            _ackNow = false;
        }
    }
}
