// OPEN (RFC 9293 3.10.1) for both sides, and the SYN options: the initial send sequence number
// per RFC 6528 (a keyed hash of the 4-tuple plus a clock ticking every 4 us), our MSS (the
// largest segment the link carries less the TCP header: SegmentBytesMax - 20, RFC 9293 3.7.1),
// the peer's (536 when absent), and the negotiation of window scaling (RFC 7323 1.3: both SYNs
// must carry it) and SACK-permitted (RFC 2018 2).
using System;
using OSv.Net.Wire;

namespace OSv.Net.Tcp
{
    public sealed partial class TcpControlBlock
    {
        private const long IsnClockTickNs = 4_000; // RFC 6528 3 / RFC 9293 3.4.1: 4 us

        // Resets every variable for a new connection on flow.
        internal void Initialize(in FlowKey flow, long nowNs)
        {
            _flow = flow;
            _state = TcpState.Closed;
            _error = TcpError.None;
            Listener = null;
            InAcceptQueue = false;
            Free = false;
            _released = false;
            _passive = false;
            _closePending = false;
            Waker = null;
            _send.Reset();
            _receive.Reset();
            _iss = (uint)(nowNs / IsnClockTickNs) + flow.Hash(_layer.IsnSecret);
            _sndUna = _sndNxt = _sndMax = _iss;
            _sendBase = _iss + 1;
            _sndWnd = _sndWl1 = _sndWl2 = _maxSndWnd = 0;
            _finQueued = false;
            _sndMss = NetLimits.TcpDefaultMss;
            _sndWindowShift = _rcvWindowShift = 0;
            _offerWindowScale = _layer.Settings.WindowScaling;
            _sackEnabled = false;
            _irs = _rcvNxt = _rcvRight = 0;
            _finReceived = false;
            _outOfOrderCount = _outOfOrderLatest = 0;
            _ackNow = false;
            _segmentsUnacknowledged = 0;
            _rtoDeadlineNs = _delayedAckDeadlineNs = _persistDeadlineNs = _keepAliveDeadlineNs = _stateDeadlineNs = long.MaxValue;
            _rtoNs = NetLimits.TcpRtoInitialNs;
            _smoothedRttNs = _rttVariationNs = 0;
            _hasRttSample = _rttTiming = false;
            _retransmissions = _persistBackoff = _keepAliveProbes = 0;
            _cwnd = 0;
            _ssthresh = uint.MaxValue;
            _recover = _iss;
            _duplicateAcks = 0;
            _inRecovery = false;
        }

        // Active OPEN: SYN_SENT, SYN out.
        internal void OpenActive(long nowNs)
        {
            _state = TcpState.SynSent;
            _sndNxt = _iss + 1;
            _sndMax = _sndNxt;
            StartRttTiming(_iss, nowNs);
            EmitSyn(withAck: false);
            _rtoDeadlineNs = nowNs + _rtoNs;
        }

        // Passive OPEN's SYN arrival (3.10.7.2): SYN_RECEIVED, SYN-ACK out.
        internal void OpenPassive(in TcpSegment syn, TcpListenerBlock listener, long nowNs)
        {
            _passive = true;
            Listener = listener;
            _state = TcpState.SynReceived;
            AcceptSynOptions(syn);
            _irs = syn.SequenceNumber;
            _rcvNxt = _irs + 1;
            // No window yet; EmitSyn opens it to RCV.NXT + SynWindow. The edge must start at
            // RCV.NXT, not 0: the sequence comparisons that move it right only order numbers
            // less than 2^31 apart, and with the peer's ISS in the upper half of sequence space
            // an edge left at 0 never moved, so the window read as 2^32 - RCV.NXT, far past the ring.
            _rcvRight = _rcvNxt;
            _sndWnd = syn.Window; // RFC 7323 2.2: never scaled in a SYN
            _maxSndWnd = _sndWnd;
            _sndWl1 = syn.SequenceNumber;
            _sndWl2 = _iss;
            _sndNxt = _iss + 1;
            _sndMax = _sndNxt;
            StartRttTiming(_iss, nowNs);
            EmitSyn(withAck: true);
            _rtoDeadlineNs = nowNs + _rtoNs;
        }

        // The peer's SYN options: its MSS, and window scaling / SACK if both sides offer them.
        private void AcceptSynOptions(in TcpSegment syn)
        {
            TcpOptions options = syn.Options;
            int peerMss = options.Mss != 0 ? options.Mss : NetLimits.TcpDefaultMss;
            _sndMss = Math.Max(NetLimits.TcpMssMin, Math.Min(peerMss, OurMss));
            if (_offerWindowScale && options.HasWindowScale)
            {
                _sndWindowShift = Math.Min((int)options.WindowScale, NetLimits.TcpWindowScaleMax); // RFC 7323 2.3
                _rcvWindowShift = WindowShiftFor(_receive.Capacity);
            }
            else
            {
                _offerWindowScale = false;
                _sndWindowShift = _rcvWindowShift = 0;
            }
            _sackEnabled = _layer.Settings.Sack && options.SackPermitted;
            _cwnd = InitialWindow;
        }

        // The MSS we announce: the largest segment less the fixed TCP header.
        private int OurMss => _layer.Transmitter.SegmentBytesMax - TcpSegment.HeaderBytesMin;

        // RFC 6928: IW = min(10 x MSS, max(2 x MSS, 14600)).
        private uint InitialWindow => (uint)Math.Min(10 * _sndMss, Math.Max(2 * _sndMss, 14600));

        // The smallest shift that lets a 16-bit window field cover the buffer (RFC 7323 2.3).
        public static int WindowShiftFor(int bufferBytes)
        {
            int shift = 0;
            while (shift < NetLimits.TcpWindowScaleMax && (bufferBytes >> shift) > ushort.MaxValue)
                shift++;
            return shift;
        }

        // SYN options we send: MSS always; window scale and SACK-permitted when offered (on a
        // SYN-ACK, only when the peer's SYN offered them too).
        private TcpOptions SynOptions(bool withAck)
        {
            TcpOptions options = default;
            options.Mss = (ushort)Math.Min(OurMss, ushort.MaxValue);
            if (_offerWindowScale)
            {
                options.HasWindowScale = true;
                options.WindowScale = (byte)WindowShiftFor(_receive.Capacity);
            }
            options.SackPermitted = withAck ? _sackEnabled : _layer.Settings.Sack;
            return options;
        }

        // Our first window, sent unscaled in the SYN (RFC 7323 2.2), and its right edge.
        private ushort SynWindow => (ushort)Math.Min(_receive.Free, ushort.MaxValue);

        private void EnterEstablished(long nowNs)
        {
            _state = TcpState.Established;
            _retransmissions = 0;
            if (_cwnd == 0)
                _cwnd = InitialWindow;
            if (_layer.Settings.KeepAlive)
                _keepAliveDeadlineNs = nowNs + _layer.Settings.KeepAliveIdleNs;
            if (Listener != null)
                Listener.OnChildEstablished(this);
            if (_closePending)
            {
                _closePending = false;
                _finQueued = true;
                _state = TcpState.FinWait1;
            }
        }
    }
}
