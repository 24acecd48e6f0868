// TCP segments (RFC 9293 section 3.1) over IPv4, with the options TCP here uses or must skip:
//
//   0        2        4        8        12           13     14       16         18       20
//   | sport  | dport  | seq    | ack    | offset<<4  | flags | window | checksum | urgent | options ... | data
//
// The data offset counts 32-bit words of header and options (5..15). The checksum is the Internet
// checksum over the pseudo-header (source, destination, zero, protocol 6, TCP length), header and
// data (RFC 9293 3.1); unlike UDP, zero is not "none": it must verify.
//
// Options (RFC 9293 3.2, RFC 7323, RFC 2018): kind 0 (EOL) ends the list, kind 1 (NOP) is one
// byte, every other kind has a length byte counting kind and length. Parsed: MSS (2, len 4),
// window scale (3, len 3), SACK-permitted (4, len 2), SACK (5, len 2+8n, n = 1..4) and timestamps
// (8, len 10). Unknown kinds with a well-formed length are skipped (RFC 9293 3.2: "MUST be
// prepared to handle an illegal option length ... without crashing" and to ignore unknown
// options). An option whose length is below 2, runs past the header, or is wrong for its kind is
// Malformed (WireReason.BadOption), so the parse loop is bounded by the 40 option bytes.
//
// TcpSegment is the view: TryCreate validates once (20 bytes, data offset, checksum, options), and
// its accessors then read fields without checks. TcpHeader is the value: TryEmit writes header and
// options (padded with NOPs to a 4-byte multiple) in front of the payload, and FillChecksum sums
// header and payload once the caller has placed the payload after the header, so payload bytes are
// copied once, into the transmit buffer.
using System;

namespace OSv.Net.Wire
{
    [Flags]
    public enum TcpFlags : byte
    {
        None = 0,
        Fin = 0x01,
        Syn = 0x02,
        Rst = 0x04,
        Psh = 0x08,
        Ack = 0x10,
        Urg = 0x20,
        Ece = 0x40,
        Cwr = 0x80,
    }

    // The options of one segment, parsed or to emit. Zero values mean "absent"; at most four SACK
    // blocks (the most 40 option bytes hold, RFC 2018 section 3), kept in fields, not an array, so
    // the struct copies without allocating.
    public struct TcpOptions
    {
        public const int SackBlocksMax = 4;

        public ushort Mss;                 // 0: absent
        public bool HasWindowScale;
        public byte WindowScale;
        public bool SackPermitted;
        public bool HasTimestamps;
        public uint TimestampValue;
        public uint TimestampEcho;
        public int SackBlockCount;
        public uint SackLeft0, SackRight0, SackLeft1, SackRight1, SackLeft2, SackRight2, SackLeft3, SackRight3;

        public readonly void GetSackBlock(int index, out uint left, out uint right)
        {
            switch (index)
            {
                case 0: left = SackLeft0; right = SackRight0; break;
                case 1: left = SackLeft1; right = SackRight1; break;
                case 2: left = SackLeft2; right = SackRight2; break;
                default: left = SackLeft3; right = SackRight3; break;
            }
        }

        // False when SackBlocksMax blocks are already held.
        public bool TryAddSackBlock(uint left, uint right)
        {
            switch (SackBlockCount)
            {
                case 0: SackLeft0 = left; SackRight0 = right; break;
                case 1: SackLeft1 = left; SackRight1 = right; break;
                case 2: SackLeft2 = left; SackRight2 = right; break;
                case 3: SackLeft3 = left; SackRight3 = right; break;
                default: return false;
            }
            SackBlockCount++;
            return true;
        }

        // Bytes TcpHeader.TryEmit writes for these options (each padded to 4 with NOPs).
        public readonly int EmittedBytes =>
            (Mss != 0 ? 4 : 0) + (HasWindowScale ? 4 : 0) + (SackPermitted ? 4 : 0) + (HasTimestamps ? 12 : 0) +
            (SackBlockCount > 0 ? 4 + 8 * SackBlockCount : 0);
    }

    public readonly ref struct TcpSegment
    {
        public const int HeaderBytesMin = 20;
        public const int HeaderBytesMax = 60;
        public const int OptionBytesMax = HeaderBytesMax - HeaderBytesMin;

        internal const int SourcePortOffset = 0;
        internal const int DestinationPortOffset = 2;
        internal const int SequenceOffset = 4;
        internal const int AcknowledgmentOffset = 8;
        internal const int DataOffsetOffset = 12;
        internal const int FlagsOffset = 13;
        internal const int WindowOffset = 14;
        internal const int ChecksumOffset = 16;
        internal const int UrgentOffset = 18;

        internal const byte OptionEnd = 0, OptionNop = 1, OptionMss = 2, OptionWindowScale = 3,
            OptionSackPermitted = 4, OptionSack = 5, OptionTimestamps = 8;

        private readonly ReadOnlySpan<byte> _bytes;
        private readonly TcpOptions _options;

        private TcpSegment(ReadOnlySpan<byte> bytes, TcpOptions options)
        {
            _bytes = bytes;
            _options = options;
        }

        public static WireResult TryCreate(ReadOnlySpan<byte> buffer, Ipv4Address source, Ipv4Address destination,
            out TcpSegment segment)
        {
            segment = default;
            if (buffer.Length < HeaderBytesMin)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            int headerLength = (buffer[DataOffsetOffset] >> 4) * 4;
            if (headerLength < HeaderBytesMin)
                return WireResult.Malformed(WireReason.BadHeaderLength);
            if (headerLength > buffer.Length)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            if (ComputeChecksum(buffer, source, destination) != 0)
                return WireResult.Malformed(WireReason.BadChecksum);
            if (!TryParseOptions(buffer.Slice(HeaderBytesMin, headerLength - HeaderBytesMin), out TcpOptions options))
                return WireResult.Malformed(WireReason.BadOption);
            segment = new TcpSegment(buffer, options);
            return WireResult.Ok;
        }

        public ushort SourcePort => NetworkOrder.ReadUInt16(_bytes, SourcePortOffset);
        public ushort DestinationPort => NetworkOrder.ReadUInt16(_bytes, DestinationPortOffset);
        public uint SequenceNumber => NetworkOrder.ReadUInt32(_bytes, SequenceOffset);
        public uint AcknowledgmentNumber => NetworkOrder.ReadUInt32(_bytes, AcknowledgmentOffset);
        public int HeaderLength => (_bytes[DataOffsetOffset] >> 4) * 4;
        public TcpFlags Flags => (TcpFlags)_bytes[FlagsOffset];
        public ushort Window => NetworkOrder.ReadUInt16(_bytes, WindowOffset);
        public ushort Checksum => NetworkOrder.ReadUInt16(_bytes, ChecksumOffset);
        public ushort UrgentPointer => NetworkOrder.ReadUInt16(_bytes, UrgentOffset);
        public TcpOptions Options => _options;
        public ReadOnlySpan<byte> Payload => _bytes.Slice(HeaderLength);
        public ReadOnlySpan<byte> Bytes => _bytes;

        // Bounded: each step consumes at least one of at most 40 bytes.
        public static bool TryParseOptions(ReadOnlySpan<byte> bytes, out TcpOptions options)
        {
            options = default;
            int index = 0;
            while (index < bytes.Length)
            {
                byte kind = bytes[index];
                if (kind == OptionEnd)
                    return true;
                if (kind == OptionNop)
                {
                    index++;
                    continue;
                }
                if (index + 1 >= bytes.Length)
                    return false;
                int length = bytes[index + 1];
                if (length < 2 || index + length > bytes.Length)
                    return false;
                if (!TryParseOption(kind, bytes.Slice(index, length), ref options))
                    return false;
                index += length;
            }
            return true;
        }

        private static bool TryParseOption(byte kind, ReadOnlySpan<byte> option, ref TcpOptions options)
        {
            int length = option.Length;
            switch (kind)
            {
                case OptionMss:
                    if (length != 4)
                        return false;
                    options.Mss = NetworkOrder.ReadUInt16(option, 2);
                    return true;
                case OptionWindowScale:
                    if (length != 3)
                        return false;
                    options.HasWindowScale = true;
                    options.WindowScale = option[2];
                    return true;
                case OptionSackPermitted:
                    if (length != 2)
                        return false;
                    options.SackPermitted = true;
                    return true;
                case OptionSack:
                    if (length < 10 || (length - 2) % 8 != 0)
                        return false;
                    options.SackBlockCount = 0;
                    for (int offset = 2; offset < length; offset += 8)
                        options.TryAddSackBlock(NetworkOrder.ReadUInt32(option, offset), NetworkOrder.ReadUInt32(option, offset + 4));
                    return true;
                case OptionTimestamps:
                    if (length != 10)
                        return false;
                    options.HasTimestamps = true;
                    options.TimestampValue = NetworkOrder.ReadUInt32(option, 2);
                    options.TimestampEcho = NetworkOrder.ReadUInt32(option, 6);
                    return true;
                default:
                    return true; // unknown kind, well-formed length: skipped
            }
        }

        // The checksum over pseudo-header and segment: 0 when the segment's own field is right.
        internal static ushort ComputeChecksum(ReadOnlySpan<byte> segment, Ipv4Address source, Ipv4Address destination)
        {
            InternetChecksum checksum = default;
            checksum.AddIpv4PseudoHeader(source, destination, IpProtocol.Tcp, segment.Length);
            checksum.Add(segment);
            return checksum.Finish();
        }
    }

    public struct TcpHeader
    {
        public ushort SourcePort;
        public ushort DestinationPort;
        public uint SequenceNumber;
        public uint AcknowledgmentNumber;
        public TcpFlags Flags;
        public ushort Window;
        public ushort UrgentPointer;
        public TcpOptions Options;

        public static TcpHeader Parse(in TcpSegment segment) => new TcpHeader
        {
            SourcePort = segment.SourcePort,
            DestinationPort = segment.DestinationPort,
            SequenceNumber = segment.SequenceNumber,
            AcknowledgmentNumber = segment.AcknowledgmentNumber,
            Flags = segment.Flags,
            Window = segment.Window,
            UrgentPointer = segment.UrgentPointer,
            Options = segment.Options,
        };

        public readonly int HeaderBytes => TcpSegment.HeaderBytesMin + Options.EmittedBytes;

        // Writes header and options at the start of segment, the checksum field zero (see
        // FillChecksum). False if the options exceed 40 bytes or the buffer is too short.
        public readonly bool TryEmit(Span<byte> segment, out int bytesWritten)
        {
            bytesWritten = 0;
            int optionBytes = Options.EmittedBytes;
            if (optionBytes > TcpSegment.OptionBytesMax || segment.Length < TcpSegment.HeaderBytesMin + optionBytes)
                return false;
            NetworkOrder.WriteUInt16(segment, TcpSegment.SourcePortOffset, SourcePort);
            NetworkOrder.WriteUInt16(segment, TcpSegment.DestinationPortOffset, DestinationPort);
            NetworkOrder.WriteUInt32(segment, TcpSegment.SequenceOffset, SequenceNumber);
            NetworkOrder.WriteUInt32(segment, TcpSegment.AcknowledgmentOffset, AcknowledgmentNumber);
            int headerLength = TcpSegment.HeaderBytesMin + optionBytes;
            segment[TcpSegment.DataOffsetOffset] = (byte)((headerLength / 4) << 4);
            segment[TcpSegment.FlagsOffset] = (byte)Flags;
            NetworkOrder.WriteUInt16(segment, TcpSegment.WindowOffset, Window);
            NetworkOrder.WriteUInt16(segment, TcpSegment.ChecksumOffset, 0);
            NetworkOrder.WriteUInt16(segment, TcpSegment.UrgentOffset, UrgentPointer);
            EmitOptions(segment.Slice(TcpSegment.HeaderBytesMin, optionBytes));
            bytesWritten = headerLength;
            return true;
        }

        private readonly void EmitOptions(Span<byte> bytes)
        {
            int index = 0;
            if (Options.Mss != 0)
            {
                bytes[index] = TcpSegment.OptionMss;
                bytes[index + 1] = 4;
                NetworkOrder.WriteUInt16(bytes, index + 2, Options.Mss);
                index += 4;
            }
            if (Options.HasWindowScale)
            {
                bytes[index] = TcpSegment.OptionNop;
                bytes[index + 1] = TcpSegment.OptionWindowScale;
                bytes[index + 2] = 3;
                bytes[index + 3] = Options.WindowScale;
                index += 4;
            }
            if (Options.SackPermitted)
            {
                bytes[index] = TcpSegment.OptionNop;
                bytes[index + 1] = TcpSegment.OptionNop;
                bytes[index + 2] = TcpSegment.OptionSackPermitted;
                bytes[index + 3] = 2;
                index += 4;
            }
            if (Options.HasTimestamps)
            {
                bytes[index] = TcpSegment.OptionNop;
                bytes[index + 1] = TcpSegment.OptionNop;
                bytes[index + 2] = TcpSegment.OptionTimestamps;
                bytes[index + 3] = 10;
                NetworkOrder.WriteUInt32(bytes, index + 4, Options.TimestampValue);
                NetworkOrder.WriteUInt32(bytes, index + 8, Options.TimestampEcho);
                index += 12;
            }
            if (Options.SackBlockCount > 0)
            {
                bytes[index] = TcpSegment.OptionNop;
                bytes[index + 1] = TcpSegment.OptionNop;
                bytes[index + 2] = TcpSegment.OptionSack;
                bytes[index + 3] = (byte)(2 + 8 * Options.SackBlockCount);
                index += 4;
                for (int block = 0; block < Options.SackBlockCount; block++)
                {
                    Options.GetSackBlock(block, out uint left, out uint right);
                    NetworkOrder.WriteUInt32(bytes, index, left);
                    NetworkOrder.WriteUInt32(bytes, index + 4, right);
                    index += 8;
                }
            }
        }

        // Fills the checksum of a segment (header as TryEmit wrote it, then the payload) that is
        // exactly segment.Length bytes long.
        public static void FillChecksum(Span<byte> segment, Ipv4Address source, Ipv4Address destination)
        {
            NetworkOrder.WriteUInt16(segment, TcpSegment.ChecksumOffset, 0);
            ushort checksum = TcpSegment.ComputeChecksum(segment, source, destination);
            NetworkOrder.WriteUInt16(segment, TcpSegment.ChecksumOffset, checksum);
        }
    }
}
