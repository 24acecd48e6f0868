// Timeouts (RFC 9293 3.10.8), RTT estimation and congestion control.
//
// Retransmission (RFC 6298): SRTT/RTTVAR from one timed segment at a time, never a retransmitted
// one (Karn's rule, 3); RTO = SRTT + 4 x RTTVAR clamped to [TcpRtoMinNs, TcpRtoMaxNs] (200 ms,
// not the RFC's 1 s, as Linux: see NetLimits.Tcp.cs), 1 s before the first sample, doubled on
// each timeout (5.5) and restarted when new data is acknowledged (5.3). On a timeout everything
// in flight is resent from SND.UNA (go-back-N, as BSD and Linux without SACK recovery); after
// RetransmissionsMax timeouts in a row (SynRetransmissionsMax for a SYN) the connection closes
// with TimedOut.
//
// Congestion control: RFC 5681 slow start (cwnd += min(acked, SMSS)) and congestion avoidance
// (cwnd += SMSS^2 / cwnd per ACK), the initial window of RFC 6928; a timeout sets ssthresh to
// max(FlightSize / 2, 2 x SMSS) and cwnd to one SMSS. Fast retransmit on the third duplicate ACK
// with NewReno recovery (RFC 6582 3.2): recover = SND.MAX, cwnd = ssthresh + 3 x SMSS and one
// SMSS more per further duplicate; a partial ACK resends the next hole and deflates cwnd; the
// ACK covering recover ends recovery with cwnd = min(ssthresh, FlightSize + SMSS).
//
// Persist (RFC 9293 3.8.6.1): with data waiting and nothing in flight, the persist timer (RTO,
// doubling, never giving up) sends a probe when the window is zero and, as the SWS override
// timeout, forces out a small segment when it is not. Keep-alive (RFC 1122 4.2.3.6): after
// KeepAliveIdleNs without input, up to KeepAliveProbesMax probes KeepAliveIntervalNs apart, then
// TimedOut. TIME_WAIT (and an orphaned FIN_WAIT_2) end in CLOSED at _stateDeadlineNs.
using System;
using OSv.Net.Sockets;
using OSv.Net.Wire;

namespace OSv.Net.Tcp
{
    public sealed partial class TcpControlBlock
    {
        private const uint CongestionWindowMax = int.MaxValue;

        internal void OnTimer(long nowNs)
        {
            SocketEvents before = Readiness;
            if (_stateDeadlineNs <= nowNs)
            {
                EnterClosed(TcpError.None); // TIME_WAIT's 2 MSL or the orphan FIN_WAIT_2 timeout
                Finish(before);
                return;
            }
            if (_rtoDeadlineNs <= nowNs)
                OnRetransmissionTimeout(nowNs);
            if (_delayedAckDeadlineNs <= nowNs)
            {
                _delayedAckDeadlineNs = long.MaxValue;
                _ackNow = true;
            }
            if (_persistDeadlineNs <= nowNs)
                OnPersistTimeout(nowNs);
            if (_keepAliveDeadlineNs <= nowNs)
                OnKeepAliveTimeout(nowNs);
            if (_state != TcpState.Closed)
                Output(nowNs);
            Finish(before);
        }

        private void OnRetransmissionTimeout(long nowNs)
        {
            _rtoDeadlineNs = long.MaxValue;
            _rttTiming = false; // Karn
            _retransmissions++;
            _rtoNs = Math.Min(_rtoNs * 2, NetLimits.TcpRtoMaxNs);
            if (_state == TcpState.SynSent || _state == TcpState.SynReceived)
            {
                if (_retransmissions > _layer.Settings.SynRetransmissionsMax)
                {
                    _layer.Counters.ConnectionsTimedOut++;
                    EnterClosed(_state == TcpState.SynSent ? TcpError.TimedOut : TcpError.None);
                    return;
                }
                _layer.Counters.Retransmissions++;
                EmitSyn(withAck: _state == TcpState.SynReceived);
                _rtoDeadlineNs = nowNs + _rtoNs;
                return;
            }
            if (_sndUna == _sndMax)
                return;
            if (_retransmissions > _layer.Settings.RetransmissionsMax)
            {
                _layer.Counters.ConnectionsTimedOut++;
                EnterClosed(TcpError.TimedOut);
                return;
            }
            _layer.Counters.RetransmissionTimeouts++;
            _ssthresh = Larger((_sndMax - _sndUna) / 2, 2 * (uint)_sndMss); // RFC 5681 (4)
            _cwnd = (uint)_sndMss;
            _inRecovery = false;
            _duplicateAcks = 0;
            _recover = _sndMax; // RFC 6582 4.1
            _sndNxt = _sndUna;
            SendData(nowNs);
        }

        private void OnPersistTimeout(long nowNs)
        {
            _persistDeadlineNs = long.MaxValue;
            if (UnsentBytes == 0 || _sndNxt != _sndUna)
                return;
            _persistBackoff++;
            if (_sndWnd == 0)
            {
                EmitProbe();
                return;
            }
            // The SWS override: send what the window takes now, however small.
            int length = (int)Smaller(Smaller(UnsentBytes, Smaller(_sndWnd, _cwnd)), (uint)PayloadBytesMax);
            bool fin = _finQueued && _sndNxt + (uint)length == DataEnd;
            SendSegmentAt(_sndNxt, length, fin, nowNs);
        }

        private void OnKeepAliveTimeout(long nowNs)
        {
            _keepAliveDeadlineNs = long.MaxValue;
            if (_state != TcpState.Established && _state != TcpState.CloseWait)
                return;
            if (_sndUna != _sndMax)
            {
                _keepAliveDeadlineNs = nowNs + _layer.Settings.KeepAliveIdleNs; // the RTO watches this
                return;
            }
            if (_keepAliveProbes >= _layer.Settings.KeepAliveProbesMax)
            {
                _layer.Counters.ConnectionsTimedOut++;
                EnterClosed(TcpError.TimedOut);
                return;
            }
            _keepAliveProbes++;
            EmitProbe();
            _keepAliveDeadlineNs = nowNs + _layer.Settings.KeepAliveIntervalNs;
        }

        private void StartRttTiming(uint seq, long nowNs)
        {
            _rttTiming = true;
            _rttSequence = seq;
            _rttSentNs = nowNs;
        }

        // SND.UNA moves to ack: an RTT sample, acknowledged data leaves the ring, the RTO restarts.
        private void AcknowledgeUpTo(uint ack, long nowNs)
        {
            if (_rttTiming && TcpSequence.GreaterThan(ack, _rttSequence))
            {
                SampleRtt(nowNs - _rttSentNs);
                _rttTiming = false;
            }
            if (TcpSequence.GreaterThan(ack, _sendBase))
            {
                int acked = (int)Smaller(ack - _sendBase, (uint)_send.Count);
                _send.Discard(acked);
                _sendBase += (uint)acked;
            }
            _sndUna = ack;
            if (TcpSequence.LessThan(_sndNxt, ack))
                _sndNxt = ack;
            _retransmissions = 0;
            _rtoDeadlineNs = _sndUna == _sndMax ? long.MaxValue : nowNs + _rtoNs;
        }

        // RFC 6298 2.2 and 2.3 (alpha = 1/8, beta = 1/4, K = 4).
        private void SampleRtt(long rttNs)
        {
            if (rttNs < 0)
                rttNs = 0;
            if (!_hasRttSample)
            {
                _smoothedRttNs = rttNs;
                _rttVariationNs = rttNs / 2;
                _hasRttSample = true;
            }
            else
            {
                long error = _smoothedRttNs - rttNs;
                _rttVariationNs = (3 * _rttVariationNs + (error < 0 ? -error : error)) / 4;
                _smoothedRttNs = (7 * _smoothedRttNs + rttNs) / 8;
            }
            long rto = _smoothedRttNs + 4 * _rttVariationNs;
            _rtoNs = Math.Max(NetLimits.TcpRtoMinNs, Math.Min(rto, NetLimits.TcpRtoMaxNs));
        }

        // New data acknowledged: grow cwnd, or advance NewReno recovery.
        private void OnNewAck(uint ack, uint acked, long nowNs)
        {
            _persistBackoff = 0;
            uint mss = (uint)_sndMss;
            if (_inRecovery)
            {
                if (TcpSequence.GreaterOrEqual(ack, _recover))
                {
                    _cwnd = Smaller(_ssthresh, Larger(_sndMax - _sndUna, mss) + mss); // full ACK
                    _inRecovery = false;
                    _duplicateAcks = 0;
                    return;
                }
                RetransmitFirstUnacknowledged(); // partial ACK: the next hole
                _cwnd = (_cwnd > acked ? _cwnd - acked : 0) + (acked >= mss ? mss : 0);
                _cwnd = Larger(_cwnd, mss);
                return;
            }
            _duplicateAcks = 0;
            if (_cwnd < _ssthresh)
                _cwnd += Smaller(acked, mss);
            else
                _cwnd += Larger(1, mss * mss / Larger(_cwnd, 1));
            _cwnd = Smaller(_cwnd, CongestionWindowMax);
        }

        private void OnDuplicateAck(long nowNs)
        {
            _duplicateAcks++;
            uint mss = (uint)_sndMss;
            if (_inRecovery)
            {
                _cwnd = Smaller(_cwnd + mss, CongestionWindowMax); // RFC 6582 3.2 step 4
                return;
            }
            if (_duplicateAcks != NetLimits.TcpDuplicateAcksThreshold || !TcpSequence.GreaterOrEqual(_sndUna, _recover))
                return;
            _layer.Counters.FastRetransmits++;
            _ssthresh = Larger((_sndMax - _sndUna) / 2, 2 * mss);
            _recover = _sndMax;
            _inRecovery = true;
            RetransmitFirstUnacknowledged();
            _cwnd = _ssthresh + 3 * mss;
        }

        // One segment from SND.UNA, SND.NXT unchanged.
        private void RetransmitFirstUnacknowledged()
        {
            uint outstandingData = TcpSequence.GreaterThan(DataEnd, _sndUna) ? DataEnd - _sndUna : 0;
            int length = (int)Smaller(outstandingData, (uint)PayloadBytesMax);
            bool fin = _finQueued && _sndUna + (uint)length == DataEnd && TcpSequence.GreaterThan(_sndMax, DataEnd);
            if (length == 0 && !fin)
                return;
            _layer.Counters.Retransmissions++;
            _rttTiming = false; // Karn: the timed segment may be this one
            TcpFlags flags = fin ? TcpFlags.Ack | TcpFlags.Fin : TcpFlags.Ack;
            EmitSegment(_sndUna, length, flags);
        }

        private static uint Smaller(uint a, uint b) => a < b ? a : b;

        private static uint Larger(uint a, uint b) => a > b ? a : b;
    }
}
