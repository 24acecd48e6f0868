// ICMP for IPv4 (RFC 792), as RFC 1122 section 3.2.2 requires of hosts: every message has the
// same 8-byte header, then data.
//
//   0      1      2          4                         8
//   | type | code | checksum | rest of header (4)      | data ...
//   echo:                     | identifier | sequence  | echoed data
//
// The checksum covers the whole message (header and data). ICMP carries no length of its own:
// the message is the IPv4 payload, so the caller passes exactly Ipv4Packet.Payload, and a
// message cut short shows as a bad checksum, not as truncation.
//
// IcmpPacket is the view: TryCreate requires the 8-byte header (else Truncated) and a verifying
// checksum (else Malformed), after which no accessor can fail. Types are not checked there: an
// unknown type is a valid message the ICMP layer ignores (RFC 1122 3.2.2). IcmpHeader is the
// parsed value; TryEmit writes the header in front of data the caller has already placed after
// it (so an echo reply or a port-unreachable copies its data once, straight into the transmit
// buffer) and checksums both.
using System;

namespace OSv.Net.Wire
{
    public enum IcmpType : byte
    {
        EchoReply = 0,
        DestinationUnreachable = 3,
        SourceQuench = 4,
        Redirect = 5,
        EchoRequest = 8,
        TimeExceeded = 11,
        ParameterProblem = 12,
        TimestampRequest = 13,
        TimestampReply = 14,
    }

    public readonly ref struct IcmpPacket
    {
        public const int HeaderBytes = 8;

        internal const int TypeOffset = 0;
        internal const int CodeOffset = 1;
        internal const int ChecksumOffset = 2;
        internal const int RestOfHeaderOffset = 4;
        internal const int IdentifierOffset = 4;
        internal const int SequenceNumberOffset = 6;

        private readonly ReadOnlySpan<byte> _bytes;

        private IcmpPacket(ReadOnlySpan<byte> bytes) => _bytes = bytes;

        public static WireResult TryCreate(ReadOnlySpan<byte> message, out IcmpPacket packet)
        {
            packet = default;
            if (message.Length < HeaderBytes)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            if (InternetChecksum.Compute(message) != 0)
                return WireResult.Malformed(WireReason.BadChecksum);
            packet = new IcmpPacket(message);
            return WireResult.Ok;
        }

        public IcmpType Type => (IcmpType)_bytes[TypeOffset];

        public byte Code => _bytes[CodeOffset];

        public ushort Checksum => NetworkOrder.ReadUInt16(_bytes, ChecksumOffset);

        public uint RestOfHeader => NetworkOrder.ReadUInt32(_bytes, RestOfHeaderOffset);

        // Echo request and reply (RFC 792 page 14): how the sender matches replies to requests.
        public ushort Identifier => NetworkOrder.ReadUInt16(_bytes, IdentifierOffset);

        public ushort SequenceNumber => NetworkOrder.ReadUInt16(_bytes, SequenceNumberOffset);

        public bool IsEchoRequest => Type == IcmpType.EchoRequest && Code == 0;

        public ReadOnlySpan<byte> Data => _bytes.Slice(HeaderBytes);

        public ReadOnlySpan<byte> Bytes => _bytes;
    }

    public struct IcmpHeader
    {
        // Destination unreachable codes (RFC 792 page 4) the stack sends.
        public const byte CodeProtocolUnreachable = 2;
        public const byte CodePortUnreachable = 3;

        // The largest message that fits an IPv4 datagram without options.
        public const int DataLengthMax = Ipv4Header.PayloadLengthMax - IcmpPacket.HeaderBytes;

        public IcmpType Type;
        public byte Code;
        public uint RestOfHeader;
        public int DataLength;

        public IcmpHeader(IcmpType type, byte code, uint restOfHeader, int dataLength)
        {
            Type = type;
            Code = code;
            RestOfHeader = restOfHeader;
            DataLength = dataLength;
        }

        public static IcmpHeader EchoRequest(ushort identifier, ushort sequenceNumber, int dataLength) =>
            new IcmpHeader(IcmpType.EchoRequest, 0, EchoRestOfHeader(identifier, sequenceNumber), dataLength);

        // RFC 792: the reply carries the request's identifier, sequence number and data.
        public static IcmpHeader EchoReplyTo(in IcmpPacket request) =>
            new IcmpHeader(IcmpType.EchoReply, 0, request.RestOfHeader, request.Data.Length);

        public static IcmpHeader Parse(in IcmpPacket packet) =>
            new IcmpHeader(packet.Type, packet.Code, packet.RestOfHeader, packet.Data.Length);

        public readonly ushort Identifier => (ushort)(RestOfHeader >> 16);

        public readonly ushort SequenceNumber => (ushort)RestOfHeader;

        // Writes the 8-byte header at the start of message and checksums it together with the
        // DataLength bytes the caller has already written after it. False if message is shorter
        // than header and data, or the data does not fit an IPv4 datagram.
        public readonly bool TryEmit(Span<byte> message, out int bytesWritten)
        {
            bytesWritten = 0;
            if ((uint)DataLength > DataLengthMax || message.Length < IcmpPacket.HeaderBytes + DataLength)
                return false;
            message[IcmpPacket.TypeOffset] = (byte)Type;
            message[IcmpPacket.CodeOffset] = Code;
            NetworkOrder.WriteUInt16(message, IcmpPacket.ChecksumOffset, 0);
            NetworkOrder.WriteUInt32(message, IcmpPacket.RestOfHeaderOffset, RestOfHeader);
            ushort checksum = InternetChecksum.Compute(message.Slice(0, IcmpPacket.HeaderBytes + DataLength));
            NetworkOrder.WriteUInt16(message, IcmpPacket.ChecksumOffset, checksum);
            bytesWritten = IcmpPacket.HeaderBytes;
            return true;
        }

        private static uint EchoRestOfHeader(ushort identifier, ushort sequenceNumber) =>
            ((uint)identifier << 16) | sequenceNumber;
    }
}
