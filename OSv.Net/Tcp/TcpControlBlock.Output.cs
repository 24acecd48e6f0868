// Output: what may be sent now, and writing segments into the transmitter's buffer.
//
// Data (RFC 9293 3.8.6.2.1, sender silly-window avoidance, with Nagle, RFC 1122 4.2.3.4): a
// segment goes when it is full-sized; or when it carries all queued data and nothing is
// unacknowledged (or Nagle is off, or the FIN follows); or when the window limits it and it is at
// least half the largest window the peer offered. Otherwise the data waits for an ACK, or, with
// nothing in flight, for the persist timer (which doubles as the RFC's override timeout). The
// usable window is min(SND.WND, cwnd) less the bytes in flight (RFC 5681 2). At most
// TcpSegmentsPerOutputMax segments per pass.
//
// Every segment we send carries ACK = RCV.NXT and our current window, so it also settles any
// delayed ACK. SACK blocks (RFC 2018 4: the range of the latest out-of-order segment first) go
// on every segment while out-of-order data is held; payload shrinks by their size so the segment
// still fits SegmentBytesMax.
using System;
using OSv.Net.Wire;

namespace OSv.Net.Tcp
{
    public sealed partial class TcpControlBlock
    {
        private void Output(long nowNs)
        {
            switch (_state)
            {
                case TcpState.Closed:
                case TcpState.SynSent:
                    _ackNow = false;
                    return;
                case TcpState.SynReceived:
                    if (_ackNow)
                        EmitSyn(withAck: true);
                    _ackNow = false;
                    return;
                case TcpState.TimeWait:
                    if (_ackNow)
                        EmitSegment(_sndMax, 0, TcpFlags.Ack);
                    return;
            }
            SendData(nowNs);
            // A pure ACK carries SND.MAX, not SND.NXT: after a timeout SND.NXT went back, and an
            // ACK numbered below what the peer already has would be unacceptable to it, its
            // acknowledgment ignored (BSD's tcp_output does the same).
            if (_ackNow)
                EmitSegment(_sndMax, 0, TcpFlags.Ack);
            ArmPersistIfStalled(nowNs);
        }

        private uint DataEnd => _sendBase + (uint)_send.Count;

        private uint UnsentBytes => TcpSequence.GreaterThan(DataEnd, _sndNxt) ? DataEnd - _sndNxt : 0;

        private int PayloadBytesMax => Math.Min(_sndMss, _layer.Transmitter.SegmentBytesMax - TcpSegment.HeaderBytesMin - SackOptions().EmittedBytes);

        private void SendData(long nowNs)
        {
            for (int sent = 0; sent < NetLimits.TcpSegmentsPerOutputMax; sent++)
            {
                uint unsent = UnsentBytes;
                bool finPending = _finQueued && TcpSequence.LessOrEqual(_sndNxt, DataEnd);
                uint window = Smaller(_sndWnd, _cwnd);
                uint inFlight = _sndNxt - _sndUna;
                uint usable = window > inFlight ? window - inFlight : 0;
                int mss = PayloadBytesMax;
                int length = (int)Smaller(Smaller(unsent, usable), (uint)mss);
                bool fin = finPending && _sndNxt + (uint)length == DataEnd;
                if (length == 0 && !fin)
                    return;
                if (length > 0 && length < mss && !fin && !MaySendSmall(length, unsent, inFlight))
                    return;
                SendSegmentAt(_sndNxt, length, fin, nowNs);
            }
        }

        // Nagle and sender-side SWS avoidance for a segment shorter than the MSS.
        private bool MaySendSmall(int length, uint unsent, uint inFlight)
        {
            if ((uint)length == unsent)
                return !_layer.Settings.Nagle || inFlight == 0;
            return _maxSndWnd > 0 && (uint)length >= _maxSndWnd / 2;
        }

        // Sends [seq, seq + length) of the send ring (plus the FIN) and advances SND.NXT past it.
        private void SendSegmentAt(uint seq, int length, bool fin, long nowNs)
        {
            bool retransmission = TcpSequence.LessThan(seq, _sndMax);
            if (retransmission)
                _layer.Counters.Retransmissions++;
            else if (!_rttTiming)
                StartRttTiming(seq, nowNs);
            TcpFlags flags = TcpFlags.Ack;
            if (length > 0 && seq + (uint)length == DataEnd)
                flags |= TcpFlags.Psh;
            if (fin)
                flags |= TcpFlags.Fin;
            EmitSegment(seq, length, flags);
            _sndNxt = seq + (uint)length + (fin ? 1u : 0u);
            _sndMax = TcpSequence.Max(_sndMax, _sndNxt);
            if (_rtoDeadlineNs == long.MaxValue)
                _rtoDeadlineNs = nowNs + _rtoNs;
            _persistDeadlineNs = long.MaxValue;
        }

        // Data waits with nothing in flight to bring an ACK: zero window or a held small segment.
        private void ArmPersistIfStalled(long nowNs)
        {
            if (UnsentBytes == 0 || _sndNxt != _sndUna || _rtoDeadlineNs != long.MaxValue || _persistDeadlineNs != long.MaxValue)
                return;
            _persistDeadlineNs = nowNs + Math.Min(_rtoNs << Math.Min(_persistBackoff, 16), NetLimits.TcpRtoMaxNs);
        }

        // A segment with ACK = RCV.NXT, our window, SACK blocks, and payload from the send ring.
        private void EmitSegment(uint seq, int length, TcpFlags flags)
        {
            Span<byte> buffer = _layer.Transmitter.BeginSegment();
            TcpHeader header = default;
            header.SourcePort = _flow.LocalPort;
            header.DestinationPort = _flow.RemotePort;
            header.SequenceNumber = seq;
            header.AcknowledgmentNumber = _rcvNxt;
            header.Flags = flags;
            header.Window = AdvertisedWindow();
            header.Options = SackOptions();
            if (!header.TryEmit(buffer, out int headerBytes) || headerBytes + length > buffer.Length)
            {
                _layer.Counters.TransmitFailures++;
                return;
            }
            if (length > 0)
                _send.ReadAt((int)(seq - _sendBase), buffer.Slice(headerBytes, length));
            Transmit(buffer.Slice(0, headerBytes + length));
            _ackNow = false;
            _segmentsUnacknowledged = 0;
            _delayedAckDeadlineNs = long.MaxValue;
        }

        // SYN (active open) or SYN-ACK (passive or simultaneous open), always from ISS.
        private void EmitSyn(bool withAck)
        {
            Span<byte> buffer = _layer.Transmitter.BeginSegment();
            TcpHeader header = default;
            header.SourcePort = _flow.LocalPort;
            header.DestinationPort = _flow.RemotePort;
            header.SequenceNumber = _iss;
            header.AcknowledgmentNumber = withAck ? _rcvNxt : 0;
            header.Flags = withAck ? TcpFlags.Syn | TcpFlags.Ack : TcpFlags.Syn;
            header.Window = SynWindow;
            header.Options = SynOptions(withAck);
            if (withAck && TcpSequence.GreaterThan(_rcvNxt + SynWindow, _rcvRight))
                _rcvRight = _rcvNxt + SynWindow;
            if (!header.TryEmit(buffer, out int headerBytes))
            {
                _layer.Counters.TransmitFailures++;
                return;
            }
            Transmit(buffer.Slice(0, headerBytes));
            _ackNow = false;
        }

        // A zero-window or keep-alive probe: an old sequence number that the peer must ACK
        // (RFC 1122 4.2.3.6; Linux's zero-window probe is the same segment).
        private void EmitProbe() => EmitSegment(_sndUna - 1, 0, TcpFlags.Ack);

        private void Transmit(Span<byte> segment)
        {
            TcpHeader.FillChecksum(segment, _flow.LocalAddress, _flow.RemoteAddress);
            _layer.CountedTransmit(_flow, segment.Length);
        }

        // The window field: the advertised right edge moves right by at least the SWS threshold
        // at a time (RFC 9293 3.8.6.2.2) and never left.
        private ushort AdvertisedWindow()
        {
            uint free = FreeWindowBytes;
            uint current = CurrentWindowBytes;
            if (free >= current + WindowUpdateThreshold || (free > current && free == WindowBytesMax))
            {
                uint right = _rcvNxt + (free >> _rcvWindowShift << _rcvWindowShift);
                if (TcpSequence.GreaterThan(right, _rcvRight))
                    _rcvRight = right;
            }
            return (ushort)Smaller(CurrentWindowBytes >> _rcvWindowShift, ushort.MaxValue);
        }

        private uint WindowBytesMax => Smaller((uint)_receive.Capacity, (uint)ushort.MaxValue << _rcvWindowShift);

        private uint FreeWindowBytes => Smaller((uint)(_released ? _receive.Capacity : _receive.Free), WindowBytesMax);

        private uint CurrentWindowBytes => TcpSequence.LessThan(_rcvRight, _rcvNxt) ? 0 : _rcvRight - _rcvNxt;

        private uint WindowUpdateThreshold => (uint)Math.Min(_receive.Capacity / 2, OurMss);

        // After the application consumed data: worth an immediate ACK when the window grows by
        // the SWS threshold (and only while the peer may still send).
        private bool WindowUpdateWorthSending() =>
            (_state == TcpState.Established || _state == TcpState.FinWait1 || _state == TcpState.FinWait2) &&
            FreeWindowBytes >= CurrentWindowBytes + WindowUpdateThreshold;

        private TcpOptions SackOptions()
        {
            TcpOptions options = default;
            if (!_sackEnabled || _outOfOrderCount == 0)
                return options;
            options.TryAddSackBlock(_outOfOrderStart[_outOfOrderLatest], _outOfOrderEnd[_outOfOrderLatest]);
            for (int index = 0; index < _outOfOrderCount; index++)
            {
                if (index != _outOfOrderLatest)
                    options.TryAddSackBlock(_outOfOrderStart[index], _outOfOrderEnd[index]);
            }
            return options;
        }
    }
}
