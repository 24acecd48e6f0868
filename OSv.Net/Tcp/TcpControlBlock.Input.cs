// SEGMENT ARRIVES (RFC 9293 3.10.7.3 for SYN_SENT, 3.10.7.4 for the other states; LISTEN and
// CLOSED are the layer's), in the RFC's order: sequence check, RST, SYN, ACK, text, FIN. With
// RFC 5961's hardening: a RST is accepted only at exactly RCV.NXT (elsewhere in the window it
// draws a challenge ACK, 3.2), a SYN in a synchronized state draws a challenge ACK (4.2), and an
// ACK outside [SND.UNA - MAX.SND.WND, SND.MAX] is answered with an ACK and dropped (5.2).
//
// Departures: a SYN-ACK repeating the peer's SYN (seq = IRS) in SYN_RECEIVED is the simultaneous
// open of figure 8, processed as its ACK (its SYN is old); a bare SYN repeating IRS there is the
// peer's retransmission and gets our SYN-ACK again (Linux does both). A FIN that arrives out of
// order is not remembered: the peer retransmits it. Urgent data (URG) is ignored (RFC 6093).
using System;
using OSv.Net.Sockets;
using OSv.Net.Wire;

namespace OSv.Net.Tcp
{
    public sealed partial class TcpControlBlock
    {
        internal void OnSegment(in TcpSegment segment, long nowNs)
        {
            SocketEvents before = Readiness;
            if (_state == TcpState.SynSent)
                OnSegmentSynSent(segment, nowNs);
            else if (_state != TcpState.Closed)
                OnSegmentSynchronized(segment, nowNs);
            Finish(before);
        }

        // 3.10.7.3.
        private void OnSegmentSynSent(in TcpSegment segment, long nowNs)
        {
            TcpFlags flags = segment.Flags;
            uint ack = segment.AcknowledgmentNumber;
            bool hasAck = (flags & TcpFlags.Ack) != 0;
            if (hasAck && (TcpSequence.LessOrEqual(ack, _iss) || TcpSequence.GreaterThan(ack, _sndMax)))
            {
                if ((flags & TcpFlags.Rst) == 0)
                    _layer.SendReset(_flow, ack, 0, TcpFlags.Rst);
                return;
            }
            if ((flags & TcpFlags.Rst) != 0)
            {
                if (hasAck)
                    EnterClosed(TcpError.Refused);
                return;
            }
            if ((flags & TcpFlags.Syn) == 0)
                return;
            AcceptSynOptions(segment);
            _irs = segment.SequenceNumber;
            _rcvNxt = _irs + 1;
            _rcvRight = _rcvNxt + SynWindow;
            _sndWnd = segment.Window; // unscaled in a SYN
            _maxSndWnd = _sndWnd;
            _sndWl1 = segment.SequenceNumber;
            _sndWl2 = ack;
            if (hasAck)
            {
                AcknowledgeUpTo(ack, nowNs);
                EnterEstablished(nowNs);
                _ackNow = true;
                Output(nowNs);
                return;
            }
            // Simultaneous open (figure 8): SYN_RECEIVED, SYN-ACK with the same ISS.
            _state = TcpState.SynReceived;
            _rttTiming = false;
            EmitSyn(withAck: true);
        }

        // 3.10.7.4.
        private void OnSegmentSynchronized(in TcpSegment segment, long nowNs)
        {
            TcpFlags flags = segment.Flags;
            uint seq = segment.SequenceNumber;
            ReadOnlySpan<byte> payload = segment.Payload;
            if ((flags & (TcpFlags.Syn | TcpFlags.Rst)) == TcpFlags.Syn)
            {
                if (_state != TcpState.SynReceived || seq != _irs)
                {
                    SendChallengeAck(nowNs); // RFC 5961 4.2
                    return;
                }
                if ((flags & TcpFlags.Ack) == 0)
                {
                    EmitSyn(withAck: true); // the peer retransmitted its SYN
                    return;
                }
                flags &= ~TcpFlags.Syn; // simultaneous open: the SYN is old, the ACK is new
                seq++;
            }
            int segmentLength = payload.Length + ((flags & TcpFlags.Fin) != 0 ? 1 : 0);
            if (!IsAcceptable(seq, segmentLength))
            {
                _layer.Counters.OutOfWindowSegments++;
                if (_state == TcpState.TimeWait && (flags & TcpFlags.Fin) != 0)
                    _stateDeadlineNs = nowNs + _layer.Settings.TimeWaitNs; // a retransmitted FIN restarts 2 MSL
                if ((flags & TcpFlags.Rst) == 0)
                {
                    _ackNow = true;
                    Output(nowNs);
                }
                return;
            }
            if ((flags & TcpFlags.Rst) != 0)
            {
                OnReset(seq, nowNs);
                return;
            }
            if ((flags & TcpFlags.Ack) == 0)
                return;
            TrimToWindow(ref seq, ref payload, ref flags);
            if (!OnAck(segment, seq, nowNs))
                return;
            if (_state == TcpState.Closed)
                return;
            if (_layer.Settings.KeepAlive && _keepAliveDeadlineNs != long.MaxValue)
            {
                _keepAliveDeadlineNs = nowNs + _layer.Settings.KeepAliveIdleNs;
                _keepAliveProbes = 0;
            }
            if (payload.Length > 0)
                OnData(seq, payload, nowNs);
            if ((flags & TcpFlags.Fin) != 0 && seq + (uint)payload.Length == _rcvNxt)
                OnFin(nowNs);
            Output(nowNs);
        }

        // 3.10.7.4's acceptability table, against the window we advertised.
        private bool IsAcceptable(uint seq, int segmentLength)
        {
            uint window = _rcvRight - _rcvNxt;
            if (TcpSequence.LessThan(_rcvRight, _rcvNxt))
                window = 0;
            if (segmentLength == 0)
                return window == 0 ? seq == _rcvNxt : TcpSequence.InWindow(seq, _rcvNxt, window);
            if (window == 0)
                return false;
            return TcpSequence.InWindow(seq, _rcvNxt, window) ||
                TcpSequence.InWindow(seq + (uint)segmentLength - 1, _rcvNxt, window);
        }

        // Drops what lies before RCV.NXT or past the window's right edge (a FIN past it is dropped too).
        private void TrimToWindow(ref uint seq, ref ReadOnlySpan<byte> payload, ref TcpFlags flags)
        {
            if (TcpSequence.LessThan(seq, _rcvNxt))
            {
                uint old = _rcvNxt - seq;
                if (old >= (uint)payload.Length)
                {
                    if (old > (uint)payload.Length)
                        flags &= ~TcpFlags.Fin; // the FIN is old too
                    payload = default;
                }
                else
                {
                    payload = payload.Slice((int)old);
                }
                seq = _rcvNxt;
            }
            uint room = TcpSequence.LessThan(seq, _rcvRight) ? _rcvRight - seq : 0;
            uint ringRoom = RingRoomAt(seq);
            if (ringRoom < room)
            {
                if ((uint)payload.Length > ringRoom)
                    _layer.Counters.ReceiveRingOverruns++; // the window outgrew the ring: our bug, never the peer's
                room = ringRoom;
            }
            if ((uint)payload.Length > room)
            {
                payload = payload.Slice(0, (int)room);
                flags &= ~TcpFlags.Fin;
            }
        }

        // Bytes the receive ring can take from seq (>= RCV.NXT) on. The window invariant
        // (_rcvRight - RCV.NXT <= the ring's free space) makes this at least the window's room;
        // should it break, the excess is dropped (the peer retransmits it) rather than written
        // over the held bytes or past the array.
        private uint RingRoomAt(uint seq)
        {
            if (_released)
                return uint.MaxValue; // discarded on arrival
            uint offset = seq - _rcvNxt;
            return offset < (uint)_receive.Free ? (uint)_receive.Free - offset : 0;
        }

        // RST in a synchronized state (RFC 5961 3.2: only at exactly RCV.NXT).
        private void OnReset(uint seq, long nowNs)
        {
            if (seq != _rcvNxt)
            {
                SendChallengeAck(nowNs);
                return;
            }
            _layer.Counters.ResetsReceived++;
            switch (_state)
            {
                case TcpState.SynReceived:
                    EnterClosed(_passive ? TcpError.None : TcpError.Refused);
                    break;
                case TcpState.Established:
                case TcpState.FinWait1:
                case TcpState.FinWait2:
                case TcpState.CloseWait:
                    EnterClosed(TcpError.Reset);
                    break;
                default:
                    EnterClosed(TcpError.None); // CLOSING, LAST_ACK, TIME_WAIT
                    break;
            }
        }

        private void SendChallengeAck(long nowNs)
        {
            _layer.Counters.ChallengeAcks++;
            _ackNow = true;
            Output(nowNs);
        }

        // Step five. False when the segment is to be dropped.
        private bool OnAck(in TcpSegment segment, uint seq, long nowNs)
        {
            uint ack = segment.AcknowledgmentNumber;
            if (_state == TcpState.SynReceived)
            {
                if (!TcpSequence.LessThan(_sndUna, ack) || TcpSequence.GreaterThan(ack, _sndMax))
                {
                    _layer.SendReset(_flow, ack, 0, TcpFlags.Rst);
                    return false;
                }
                _rcvRight = TcpSequence.Max(_rcvRight, _rcvNxt + SynWindow);
                AcknowledgeUpTo(ack, nowNs);
                UpdateSendWindow(segment, seq, ack);
                EnterEstablished(nowNs);
                return true;
            }
            if (TcpSequence.GreaterThan(ack, _sndMax) || TcpSequence.LessThan(ack, _sndUna - _maxSndWnd))
            {
                _ackNow = true; // RFC 5961 5.2
                Output(nowNs);
                return false;
            }
            uint windowBefore = _sndWnd;
            bool isNew = TcpSequence.GreaterThan(ack, _sndUna);
            bool isDuplicate = ack == _sndUna && _sndMax != _sndUna && segment.Payload.Length == 0 &&
                (segment.Flags & (TcpFlags.Syn | TcpFlags.Fin)) == 0;
            if (isNew)
            {
                uint acked = ack - _sndUna;
                AcknowledgeUpTo(ack, nowNs);
                OnNewAck(ack, acked, nowNs);
            }
            UpdateSendWindow(segment, seq, ack);
            if (isDuplicate && _sndWnd == windowBefore)
                OnDuplicateAck(nowNs); // RFC 5681 2: same ACK, no data, window unchanged, data outstanding
            AfterAckStateChanges(nowNs);
            return _state != TcpState.Closed;
        }

        // RFC 9293 3.10.7.4 step five's window update rule (SND.WL1, SND.WL2), scaled (RFC 7323 2.3).
        private void UpdateSendWindow(in TcpSegment segment, uint seq, uint ack)
        {
            if (TcpSequence.LessThan(_sndWl1, seq) || (_sndWl1 == seq && TcpSequence.LessOrEqual(_sndWl2, ack)))
            {
                _sndWnd = (uint)segment.Window << _sndWindowShift;
                _sndWl1 = seq;
                _sndWl2 = ack;
                if (_sndWnd > _maxSndWnd)
                    _maxSndWnd = _sndWnd;
                if (_sndWnd > 0)
                {
                    _persistDeadlineNs = long.MaxValue;
                    _persistBackoff = 0;
                }
            }
        }

        // Our FIN acknowledged: FIN_WAIT_1 -> FIN_WAIT_2, CLOSING -> TIME_WAIT, LAST_ACK -> CLOSED.
        private void AfterAckStateChanges(long nowNs)
        {
            if (!FinAcknowledged)
                return;
            switch (_state)
            {
                case TcpState.FinWait1:
                    _state = TcpState.FinWait2;
                    if (_released)
                        _stateDeadlineNs = nowNs + NetLimits.TcpFinWait2TimeoutNs;
                    break;
                case TcpState.Closing:
                    EnterTimeWait(nowNs);
                    break;
                case TcpState.LastAck:
                    EnterClosed(TcpError.None);
                    break;
            }
        }

        private bool FinAcknowledged => _finQueued && _sndUna == _sendBase + (uint)_send.Count + 1;

        // Step seven: in-order data into the ring, out-of-order data past it (SACK ranges).
        private void OnData(uint seq, ReadOnlySpan<byte> payload, long nowNs)
        {
            if (_state != TcpState.Established && _state != TcpState.FinWait1 && _state != TcpState.FinWait2)
                return;
            if (seq == _rcvNxt)
            {
                bool filledGap = _outOfOrderCount > 0;
                if (!_released)
                {
                    _receive.WriteAt(_receive.Count, payload);
                    _receive.Commit(payload.Length);
                }
                _rcvNxt += (uint)payload.Length;
                MergeOutOfOrder();
                if (_released)
                    _receive.Discard(_receive.Count);
                _segmentsUnacknowledged++;
                if (filledGap || !_layer.Settings.DelayedAck || _segmentsUnacknowledged >= 2)
                    _ackNow = true;
                else if (_delayedAckDeadlineNs == long.MaxValue)
                    _delayedAckDeadlineNs = nowNs + _layer.Settings.DelayedAckNs;
                return;
            }
            // Out of order (seq is past RCV.NXT and within the window): an immediate ACK (RFC 5681 4.2).
            _ackNow = true;
            if (!_released && AddOutOfOrder(seq, seq + (uint)payload.Length))
                _receive.WriteAt(_receive.Count + (int)(seq - _rcvNxt), payload);
        }

        // Records [start, end) among the out-of-order ranges, merging overlaps; false (and
        // counted) when a new range is needed and all are taken.
        private bool AddOutOfOrder(uint start, uint end)
        {
            for (int index = 0; index < _outOfOrderCount; index++)
            {
                if (TcpSequence.LessOrEqual(start, _outOfOrderEnd[index]) && TcpSequence.GreaterOrEqual(end, _outOfOrderStart[index]))
                {
                    start = TcpSequence.Min(start, _outOfOrderStart[index]);
                    end = TcpSequence.Max(end, _outOfOrderEnd[index]);
                    RemoveOutOfOrder(index);
                    index = -1; // the grown range may now touch another: rescan (at most Max times)
                }
            }
            if (_outOfOrderCount == NetLimits.TcpOutOfOrderRangesMax)
            {
                _layer.Counters.OutOfOrderDrops++;
                return false;
            }
            _outOfOrderStart[_outOfOrderCount] = start;
            _outOfOrderEnd[_outOfOrderCount] = end;
            _outOfOrderLatest = _outOfOrderCount;
            _outOfOrderCount++;
            return true;
        }

        private void RemoveOutOfOrder(int index)
        {
            _outOfOrderCount--;
            _outOfOrderStart[index] = _outOfOrderStart[_outOfOrderCount];
            _outOfOrderEnd[index] = _outOfOrderEnd[_outOfOrderCount];
            if (_outOfOrderLatest == _outOfOrderCount)
                _outOfOrderLatest = index;
        }

        // Ranges that RCV.NXT reached become in-order bytes (they are already in place in the ring).
        private void MergeOutOfOrder()
        {
            for (int index = 0; index < _outOfOrderCount; index++)
            {
                if (TcpSequence.GreaterThan(_outOfOrderStart[index], _rcvNxt))
                    continue;
                if (TcpSequence.GreaterThan(_outOfOrderEnd[index], _rcvNxt))
                {
                    uint gained = _outOfOrderEnd[index] - _rcvNxt;
                    if (!_released)
                        _receive.Commit((int)gained);
                    _rcvNxt = _outOfOrderEnd[index];
                }
                RemoveOutOfOrder(index);
                index = -1;
            }
        }

        // Step eight.
        private void OnFin(long nowNs)
        {
            if (_finReceived)
            {
                _ackNow = true;
                if (_state == TcpState.TimeWait)
                    _stateDeadlineNs = nowNs + _layer.Settings.TimeWaitNs;
                return;
            }
            _finReceived = true;
            _rcvNxt++;
            _ackNow = true;
            switch (_state)
            {
                case TcpState.Established:
                    _state = TcpState.CloseWait;
                    break;
                case TcpState.FinWait1:
                    if (FinAcknowledged)
                        EnterTimeWait(nowNs);
                    else
                        _state = TcpState.Closing; // simultaneous close
                    break;
                case TcpState.FinWait2:
                    EnterTimeWait(nowNs);
                    break;
            }
        }

        private void EnterTimeWait(long nowNs)
        {
            _state = TcpState.TimeWait;
            _rtoDeadlineNs = _persistDeadlineNs = _keepAliveDeadlineNs = _delayedAckDeadlineNs = long.MaxValue;
            _stateDeadlineNs = nowNs + _layer.Settings.TimeWaitNs;
        }
    }
}
