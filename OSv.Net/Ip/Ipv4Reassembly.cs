// IPv4 fragment reassembly (RFC 791 section 3.2, "Fragmentation and Reassembly"; RFC 815,
// "IP Datagram Reassembly Algorithms"; RFC 1122 3.3.2), bounded in every dimension. A pure
// protocol machine: Accept takes a parsed fragment (an Ipv4Packet view, so header, checksum and
// the offset+length <= 65535 check of Ipv4Packet.TryCreate have already passed) and "now", and
// answers Complete(length), Incomplete or Dropped(reason); the payload of a completed datagram is
// copied into the caller's buffer. Nothing reads a clock, and nothing allocates after construction.
//
// A datagram in progress is keyed by (source, destination, protocol, identification), RFC 791's
// "bufid". What it holds:
//   - its data, in ReassemblyBlockBytes blocks from one pool, mapped by offset / block size and
//     taken when a fragment first writes into that block (the pool is the bound on total bytes);
//   - which 8-byte units have arrived: a bitmap of 8192 bits (65536 / 8), RFC 791's "fragment
//     block bit table" rather than RFC 815's hole descriptor list. RFC 815 keeps its holes inside
//     the buffer; with a block pool the holes have no memory, and the bitmap answers "which bytes
//     of this fragment are new" exactly, which the overlap rule below needs;
//   - the total payload length, once the last fragment (MF clear) has said it; the furthest byte
//     seen; the header of fragment zero (for the Time Exceeded quote); the time of the first fragment.
// Completion: the total is known and every unit below it has arrived. Because every fragment
// but the last has a multiple of 8 bytes and none may reach past the total, "units received ==
// units of the total" is exactly "no hole", and the count is kept, not recomputed.
//
// Overlaps. RFC 791 lets a later fragment overwrite earlier bytes; that ambiguity is what
// overlap-based attacks use to show a firewall one datagram and the host another (Ptacek and
// Newsham, 1998; RFC 1858). Modern stacks refuse it: RFC 5722 makes an overlap fatal for IPv6,
// and Linux discards an IPv4 queue on overlap. Here the rule is deterministic and keeps benign
// retransmissions: bytes that arrive again are compared with what is held. If they agree
// (a duplicate, or a re-fragmented retransmission) only the new units are copied; if any byte
// differs the whole datagram is discarded (OverlapMismatch), since neither version can be trusted.
// A fragment whose every byte was already held is a counted duplicate, not an error.
//
// Other refusals, each counted (DropCount): MF set with no data or a length that is not a
// multiple of 8; a second last fragment with a different total, or data past the total (the
// datagram is discarded: its length is contradictory); header + payload past 65535 (checked with
// fragment zero's header length once it is known, with the 20-byte minimum before: options can
// make a datagram too large even though each fragment passed TryCreate); a new datagram when
// ReassemblyDatagramsMax are in progress; data needing more blocks than are free; a buffer too
// small for the completed payload. A refused fragment changes nothing unless its reason discards
// the datagram.
//
// Timeout (RFC 1122 3.3.2): a datagram expires ReassemblyTimeoutNs after its first fragment,
// exactly: at first + timeout it is gone, at first + timeout - 1 it is not. RFC 791 resets a
// timer from each fragment's TTL; RFC 1122 asks for a fixed value instead, and it is not extended,
// so a trickle of fragments cannot hold a buffer forever. Expiry is applied lazily when a fragment
// of the same key arrives (it then starts a new datagram) and by TryExpire/Tick, which the caller
// runs by NextTimeoutNs. TryExpire hands out the quote an ICMP Time Exceeded (code 1, "fragment
// reassembly time exceeded") needs when fragment zero had arrived (RFC 1122 3.3.2, RFC 792).
//
// Invariants: a block is either on the free stack or mapped by exactly one datagram in progress
// (free + mapped = ReassemblyBlocksMax); a set unit's bytes are in a mapped block; no unit at or
// past the known total is set; a datagram slot not in use maps no block and has a clear bitmap.
//
// Departures: the completed datagram's header is not rebuilt; the caller has the key fields from
// the last fragment it passed, and fragment zero's options are dropped (none that a host acts on
// after reassembly matter here). No eviction under pressure: a full table or pool refuses new data
// until datagrams complete or time out. Not thread-safe: one owner calls it.
using System;
using OSv.Net.Wire;

namespace OSv.Net.Ip
{
    public sealed class Ipv4Reassembly
    {
        private const int DatagramsMax = NetLimits.ReassemblyDatagramsMax;
        private const int BlockBytes = NetLimits.ReassemblyBlockBytes;
        private const int BlocksPerDatagram = NetLimits.ReassemblyBlocksPerDatagramMax;
        private const int UnitBytes = Ipv4Packet.FragmentOffsetUnitBytes;
        private const int UnitsPerDatagram = (Ipv4Packet.TotalLengthMax + 1) / UnitBytes;
        private const int WordsPerDatagram = UnitsPerDatagram / 64;
        private const int QuoteDataBytes = NetLimits.ReassemblyQuoteBytesMax - Ipv4Packet.HeaderBytesMax;
        private const int NoBlock = -1;
        private const int TotalUnknown = -1;

        private struct Datagram
        {
            public bool InUse;
            public Ipv4Address Source;
            public Ipv4Address Destination;
            public IpProtocol Protocol;
            public ushort Identification;
            public long FirstFragmentNs;
            public int TotalPayloadBytes;   // TotalUnknown until the last fragment arrives
            public int FurthestEndBytes;    // the highest offset + length seen
            public int UnitsReceived;       // bits set in this datagram's bitmap
            public int FirstHeaderBytes;    // fragment zero's header length; 0 until it arrives
        }

        private readonly Datagram[] _datagrams = new Datagram[DatagramsMax];
        private readonly ulong[] _received = new ulong[DatagramsMax * WordsPerDatagram];
        private readonly int[] _blockMap = new int[DatagramsMax * BlocksPerDatagram];
        private readonly byte[] _pool = new byte[NetLimits.ReassemblyBlocksMax * BlockBytes];
        private readonly int[] _freeBlocks = new int[NetLimits.ReassemblyBlocksMax];
        private readonly byte[] _firstHeaders = new byte[DatagramsMax * Ipv4Packet.HeaderBytesMax];
        private readonly long[] _drops = new long[ReassemblyResult.DropReasonCount];
        private int _freeBlockCount;
        private int _inProgress;
        private ReassemblyCounters _counters;

        public Ipv4Reassembly()
        {
            for (int i = 0; i < _blockMap.Length; i++)
                _blockMap[i] = NoBlock;
            for (int i = 0; i < _freeBlocks.Length; i++)
                _freeBlocks[i] = _freeBlocks.Length - 1 - i; // block 0 is taken first
            _freeBlockCount = _freeBlocks.Length;
        }

        public int DatagramsInProgress => _inProgress;

        public int BytesHeld => (NetLimits.ReassemblyBlocksMax - _freeBlockCount) * BlockBytes;

        public ReassemblyCounters Counters => _counters;

        public long DropCount(ReassemblyDropReason reason) => _drops[(int)reason];

        // The earliest time a datagram in progress times out; long.MaxValue if none is.
        public long NextTimeoutNs
        {
            get
            {
                long next = long.MaxValue;
                for (int slot = 0; slot < DatagramsMax; slot++)
                    if (_datagrams[slot].InUse)
                        next = Math.Min(next, _datagrams[slot].FirstFragmentNs + NetLimits.ReassemblyTimeoutNs);
                return next;
            }
        }

        // Takes one fragment. Complete: the datagram's payload is in payloadBuffer[0..Length).
        public ReassemblyResult Accept(in Ipv4Packet fragment, long nowNs, Span<byte> payloadBuffer)
        {
            if (!fragment.IsFragment)
                return Drop(ReassemblyDropReason.NotFragment);
            ReadOnlySpan<byte> data = fragment.Payload;
            int start = fragment.FragmentOffsetBytes;
            int end = start + data.Length;
            bool last = !fragment.MoreFragments;
            if (!last && (data.Length == 0 || data.Length % UnitBytes != 0))
                return Drop(ReassemblyDropReason.BadFragmentLength);
            int slot = Find(fragment, nowNs);
            bool created = slot < 0;
            if (created)
            {
                slot = Open(fragment, nowNs);
                if (slot < 0)
                    return Drop(ReassemblyDropReason.TooManyDatagrams);
            }
            ReassemblyDropReason reason = CheckConsistent(ref _datagrams[slot], fragment.HeaderLength, start, end, last);
            if (reason != ReassemblyDropReason.None)
                return DiscardAndDrop(slot, reason);
            if (BlocksNeeded(slot, start, end) > _freeBlockCount)
            {
                // Only this fragment is refused; a datagram it would have started never existed.
                if (created)
                    Discard(slot);
                return Drop(ReassemblyDropReason.OutOfBuffer);
            }
            int newUnits = Merge(slot, start, data);
            if (newUnits < 0)
                return DiscardAndDrop(slot, ReassemblyDropReason.OverlapMismatch);
            return Record(slot, fragment, start, end, last, newUnits, payloadBuffer);
        }

        // Discards the lowest-numbered datagram that has timed out at nowNs. If fragment zero had
        // arrived and quote is not empty (it must then hold ReassemblyQuoteBytesMax), quote
        // receives its header and first 8 data bytes, for ICMP Time Exceeded; else quoteLength is 0.
        public bool TryExpire(long nowNs, Span<byte> quote, out int quoteLength)
        {
            quoteLength = 0;
            for (int slot = 0; slot < DatagramsMax; slot++)
            {
                if (!IsExpired(slot, nowNs))
                    continue;
                if (!quote.IsEmpty && _datagrams[slot].FirstHeaderBytes != 0)
                    quoteLength = CopyQuote(slot, quote);
                _counters.TimedOut++;
                Discard(slot);
                return true;
            }
            return false;
        }

        // Discards every datagram timed out at nowNs, without quotes; returns how many.
        public int Tick(long nowNs)
        {
            int expired = 0;
            while (TryExpire(nowNs, Span<byte>.Empty, out _))
                expired++;
            return expired;
        }

        // Key lookup; a match that has timed out is discarded here (counted), so it cannot absorb
        // the fragments of a new datagram that reuses its identification.
        private int Find(in Ipv4Packet fragment, long nowNs)
        {
            Ipv4Address source = fragment.Source;
            Ipv4Address destination = fragment.Destination;
            IpProtocol protocol = fragment.Protocol;
            ushort identification = fragment.Identification;
            for (int slot = 0; slot < DatagramsMax; slot++)
            {
                ref Datagram datagram = ref _datagrams[slot];
                if (!datagram.InUse || datagram.Identification != identification || datagram.Source != source ||
                    datagram.Destination != destination || datagram.Protocol != protocol)
                    continue;
                if (!IsExpired(slot, nowNs))
                    return slot;
                _counters.TimedOut++;
                Discard(slot);
                return -1;
            }
            return -1;
        }

        private int Open(in Ipv4Packet fragment, long nowNs)
        {
            for (int slot = 0; slot < DatagramsMax; slot++)
            {
                ref Datagram datagram = ref _datagrams[slot];
                if (datagram.InUse)
                    continue;
                datagram.InUse = true;
                datagram.Source = fragment.Source;
                datagram.Destination = fragment.Destination;
                datagram.Protocol = fragment.Protocol;
                datagram.Identification = fragment.Identification;
                datagram.FirstFragmentNs = nowNs;
                datagram.TotalPayloadBytes = TotalUnknown;
                _inProgress++;
                return slot;
            }
            return -1;
        }

        // The fragment against what the datagram already says about its length.
        private static ReassemblyDropReason CheckConsistent(ref Datagram datagram, int headerBytes, int start, int end, bool last)
        {
            if (last)
            {
                // Case: the last fragment. It fixes the total, which must match an earlier last
                // fragment and cover everything already received.
                if (datagram.TotalPayloadBytes != TotalUnknown && datagram.TotalPayloadBytes != end)
                    return ReassemblyDropReason.InconsistentLength;
                if (datagram.FurthestEndBytes > end)
                    return ReassemblyDropReason.InconsistentLength;
            }
            else if (datagram.TotalPayloadBytes != TotalUnknown && end > datagram.TotalPayloadBytes)
            {
                // Case: a middle fragment reaching past a known end.
                return ReassemblyDropReason.InconsistentLength;
            }
            int datagramHeaderBytes = datagram.FirstHeaderBytes != 0 ? datagram.FirstHeaderBytes
                : start == 0 ? headerBytes : Ipv4Packet.HeaderBytesMin;
            if (datagramHeaderBytes + Math.Max(end, datagram.FurthestEndBytes) > NetLimits.ReassemblyDatagramBytesMax)
                return ReassemblyDropReason.DatagramTooLarge;
            return ReassemblyDropReason.None;
        }

        // Blocks the range [start, end) would have to take from the pool.
        private int BlocksNeeded(int slot, int start, int end)
        {
            if (end == start)
                return 0;
            int needed = 0;
            int mapStart = slot * BlocksPerDatagram;
            for (int block = start / BlockBytes; block <= (end - 1) / BlockBytes; block++)
                if (_blockMap[mapStart + block] == NoBlock)
                    needed++;
            return needed;
        }

        // Walks the fragment's units in runs of "already held" and "new": held runs must agree
        // byte for byte, new runs are copied and marked. Returns the units added, or -1 on a mismatch.
        private int Merge(int slot, int start, ReadOnlySpan<byte> data)
        {
            int end = start + data.Length;
            int unit = start / UnitBytes;
            int unitEnd = (end + UnitBytes - 1) / UnitBytes;
            int added = 0;
            while (unit < unitEnd)
            {
                bool held = IsReceived(slot, unit);
                int runEnd = unit + 1;
                while (runEnd < unitEnd && IsReceived(slot, runEnd) == held)
                    runEnd++;
                int runStartBytes = unit * UnitBytes;
                int runEndBytes = Math.Min(runEnd * UnitBytes, end);
                ReadOnlySpan<byte> piece = data.Slice(runStartBytes - start, runEndBytes - runStartBytes);
                if (held)
                {
                    if (!HeldBytesEqual(slot, runStartBytes, piece))
                        return -1;
                }
                else
                {
                    WriteHeldBytes(slot, runStartBytes, piece);
                    for (int marked = unit; marked < runEnd; marked++)
                        _received[slot * WordsPerDatagram + marked / 64] |= 1UL << (marked % 64);
                    added += runEnd - unit;
                }
                unit = runEnd;
            }
            return added;
        }

        // The fragment is merged: note what it told us, then see whether the datagram is whole.
        private ReassemblyResult Record(int slot, in Ipv4Packet fragment, int start, int end, bool last,
            int newUnits, Span<byte> payloadBuffer)
        {
            ref Datagram datagram = ref _datagrams[slot];
            bool learned = newUnits > 0;
            if (last && datagram.TotalPayloadBytes == TotalUnknown)
            {
                datagram.TotalPayloadBytes = end;
                learned = true;
            }
            if (start == 0 && datagram.FirstHeaderBytes == 0)
            {
                fragment.Header.CopyTo(_firstHeaders.AsSpan(slot * Ipv4Packet.HeaderBytesMax));
                datagram.FirstHeaderBytes = fragment.HeaderLength;
            }
            datagram.FurthestEndBytes = Math.Max(datagram.FurthestEndBytes, end);
            datagram.UnitsReceived += newUnits;
            if (learned)
                _counters.FragmentsKept++;
            else
                _counters.Duplicates++;
            int total = datagram.TotalPayloadBytes;
            if (total == TotalUnknown || datagram.UnitsReceived != (total + UnitBytes - 1) / UnitBytes)
                return ReassemblyResult.Incomplete;
            // Case: complete. Every unit below the total is held.
            if (payloadBuffer.Length < total)
                return DiscardAndDrop(slot, ReassemblyDropReason.BufferTooSmall);
            ReadHeldBytes(slot, 0, payloadBuffer.Slice(0, total));
            _counters.Reassembled++;
            Discard(slot);
            return ReassemblyResult.Complete(total);
        }

        private bool IsReceived(int slot, int unit) =>
            (_received[slot * WordsPerDatagram + unit / 64] & (1UL << (unit % 64))) != 0;

        private bool IsExpired(int slot, long nowNs) =>
            _datagrams[slot].InUse && nowNs >= _datagrams[slot].FirstFragmentNs + NetLimits.ReassemblyTimeoutNs;

        private int CopyQuote(int slot, Span<byte> quote)
        {
            ref Datagram datagram = ref _datagrams[slot];
            int headerBytes = datagram.FirstHeaderBytes;
            int dataBytes = Math.Min(QuoteDataBytes, datagram.FurthestEndBytes);
            new ReadOnlySpan<byte>(_firstHeaders, slot * Ipv4Packet.HeaderBytesMax, headerBytes).CopyTo(quote);
            // Fragment zero carries at least 8 bytes (MF is set on it), so these are held.
            ReadHeldBytes(slot, 0, quote.Slice(headerBytes, dataBytes));
            return headerBytes + dataBytes;
        }

        // The three walks over a datagram's blocks: each handles the part of the range inside one
        // block, then moves on. Writes take blocks as needed (BlocksNeeded checked there are enough).
        private void WriteHeldBytes(int slot, int offset, ReadOnlySpan<byte> source)
        {
            while (!source.IsEmpty)
            {
                int mapIndex = slot * BlocksPerDatagram + offset / BlockBytes;
                if (_blockMap[mapIndex] == NoBlock)
                    _blockMap[mapIndex] = _freeBlocks[--_freeBlockCount];
                int inBlock = offset % BlockBytes;
                int length = Math.Min(source.Length, BlockBytes - inBlock);
                source.Slice(0, length).CopyTo(new Span<byte>(_pool, _blockMap[mapIndex] * BlockBytes + inBlock, length));
                source = source.Slice(length);
                offset += length;
            }
        }

        private bool HeldBytesEqual(int slot, int offset, ReadOnlySpan<byte> expected)
        {
            while (!expected.IsEmpty)
            {
                int block = _blockMap[slot * BlocksPerDatagram + offset / BlockBytes];
                int inBlock = offset % BlockBytes;
                int length = Math.Min(expected.Length, BlockBytes - inBlock);
                ReadOnlySpan<byte> held = new ReadOnlySpan<byte>(_pool, block * BlockBytes + inBlock, length);
                if (!held.SequenceEqual(expected.Slice(0, length)))
                    return false;
                expected = expected.Slice(length);
                offset += length;
            }
            return true;
        }

        private void ReadHeldBytes(int slot, int offset, Span<byte> destination)
        {
            while (!destination.IsEmpty)
            {
                int block = _blockMap[slot * BlocksPerDatagram + offset / BlockBytes];
                int inBlock = offset % BlockBytes;
                int length = Math.Min(destination.Length, BlockBytes - inBlock);
                new ReadOnlySpan<byte>(_pool, block * BlockBytes + inBlock, length).CopyTo(destination);
                destination = destination.Slice(length);
                offset += length;
            }
        }

        // Returns the datagram's blocks to the pool and clears its bitmap and slot.
        private void Discard(int slot)
        {
            int mapStart = slot * BlocksPerDatagram;
            for (int block = 0; block < BlocksPerDatagram; block++)
            {
                if (_blockMap[mapStart + block] == NoBlock)
                    continue;
                _freeBlocks[_freeBlockCount++] = _blockMap[mapStart + block];
                _blockMap[mapStart + block] = NoBlock;
            }
            new Span<ulong>(_received, slot * WordsPerDatagram, WordsPerDatagram).Clear();
            _datagrams[slot] = default;
            _inProgress--;
        }

        private ReassemblyResult DiscardAndDrop(int slot, ReassemblyDropReason reason)
        {
            Discard(slot);
            return Drop(reason);
        }

        private ReassemblyResult Drop(ReassemblyDropReason reason)
        {
            _drops[(int)reason]++;
            _counters.Dropped++;
            return ReassemblyResult.Dropped(reason);
        }
    }
}
