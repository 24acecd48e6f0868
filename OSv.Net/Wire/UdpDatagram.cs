// UDP (RFC 768) over IPv4, with the host requirements of RFC 1122 section 4.1.
//
//   0             2                  4        6          8
//   | source port | destination port | length | checksum | payload ...
//
// The length counts header and payload (at least 8). The checksum is the Internet checksum
// (RFC 1071) over a pseudo-header (source and destination address, zero, protocol 17, the UDP
// length), the header and the payload. A transmitted checksum of zero means "none computed"
// and is accepted; a computed checksum of zero is therefore sent as 0xFFFF (RFC 768), which is
// the same value in one's complement arithmetic.
//
// UdpDatagram is the view. TryCreate takes the IPv4 addresses because the checksum needs them,
// and validates once: 8 bytes (else Truncated), length >= 8 (else Malformed), length <= buffer
// (else Truncated; bytes past the length are not part of the view), checksum zero or verifying
// (else Malformed). UdpHeader is the parsed value; TryEmit writes the header in front of a
// payload the caller has already placed after it, so that an application's bytes are copied
// once, into the transmit buffer, and checksums them there.
//
// Not here: checksum offload (virtio-net's DATA_VALID and NEEDS_CSUM flags) belongs to the
// layer that knows the device's features; it will skip or defer this verification.
using System;

namespace OSv.Net.Wire
{
    public readonly ref struct UdpDatagram
    {
        public const int HeaderBytes = 8;

        internal const int SourcePortOffset = 0;
        internal const int DestinationPortOffset = 2;
        internal const int LengthOffset = 4;
        internal const int ChecksumOffset = 6;

        private readonly ReadOnlySpan<byte> _bytes; // exactly Length bytes

        private UdpDatagram(ReadOnlySpan<byte> bytes) => _bytes = bytes;

        public static WireResult TryCreate(ReadOnlySpan<byte> buffer, Ipv4Address source, Ipv4Address destination,
            out UdpDatagram datagram)
        {
            datagram = default;
            if (buffer.Length < HeaderBytes)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            int length = NetworkOrder.ReadUInt16(buffer, LengthOffset);
            if (length < HeaderBytes)
                return WireResult.Malformed(WireReason.BadLength);
            if (length > buffer.Length)
                return WireResult.Truncated(WireReason.PayloadTruncated);
            ReadOnlySpan<byte> bytes = buffer.Slice(0, length);
            if (NetworkOrder.ReadUInt16(bytes, ChecksumOffset) != 0 && ComputeChecksum(bytes, source, destination) != 0)
                return WireResult.Malformed(WireReason.BadChecksum);
            datagram = new UdpDatagram(bytes);
            return WireResult.Ok;
        }

        public ushort SourcePort => NetworkOrder.ReadUInt16(_bytes, SourcePortOffset);

        public ushort DestinationPort => NetworkOrder.ReadUInt16(_bytes, DestinationPortOffset);

        public int Length => NetworkOrder.ReadUInt16(_bytes, LengthOffset);

        public ushort Checksum => NetworkOrder.ReadUInt16(_bytes, ChecksumOffset);

        public bool HasChecksum => Checksum != 0;

        public ReadOnlySpan<byte> Payload => _bytes.Slice(HeaderBytes);

        public ReadOnlySpan<byte> Bytes => _bytes;

        // The checksum over pseudo-header and datagram: 0 when the datagram's own field is right,
        // or the field's value when that field is zero.
        internal static ushort ComputeChecksum(ReadOnlySpan<byte> datagram, Ipv4Address source, Ipv4Address destination)
        {
            InternetChecksum checksum = default;
            checksum.AddIpv4PseudoHeader(source, destination, IpProtocol.Udp, datagram.Length);
            checksum.Add(datagram);
            return checksum.Finish();
        }
    }

    public struct UdpHeader
    {
        // The largest payload that fits an IPv4 datagram without options (the UDP length field
        // alone would allow 65527).
        public const int PayloadLengthMax = Ipv4Header.PayloadLengthMax - UdpDatagram.HeaderBytes;

        public ushort SourcePort;
        public ushort DestinationPort;
        public int PayloadLength;

        public UdpHeader(ushort sourcePort, ushort destinationPort, int payloadLength)
        {
            SourcePort = sourcePort;
            DestinationPort = destinationPort;
            PayloadLength = payloadLength;
        }

        public static UdpHeader Parse(in UdpDatagram datagram) =>
            new UdpHeader(datagram.SourcePort, datagram.DestinationPort, datagram.Payload.Length);

        // Writes the 8-byte header at the start of datagram and checksums it together with the
        // pseudo-header and the PayloadLength bytes the caller has already written after it.
        // False if datagram is shorter than header and payload, or the payload is too long.
        public readonly bool TryEmit(Span<byte> datagram, Ipv4Address source, Ipv4Address destination, out int bytesWritten)
        {
            bytesWritten = 0;
            if ((uint)PayloadLength > PayloadLengthMax || datagram.Length < UdpDatagram.HeaderBytes + PayloadLength)
                return false;
            int length = UdpDatagram.HeaderBytes + PayloadLength;
            NetworkOrder.WriteUInt16(datagram, UdpDatagram.SourcePortOffset, SourcePort);
            NetworkOrder.WriteUInt16(datagram, UdpDatagram.DestinationPortOffset, DestinationPort);
            NetworkOrder.WriteUInt16(datagram, UdpDatagram.LengthOffset, (ushort)length);
            NetworkOrder.WriteUInt16(datagram, UdpDatagram.ChecksumOffset, 0);
            ushort checksum = UdpDatagram.ComputeChecksum(datagram.Slice(0, length), source, destination);
            // RFC 768: a computed zero is sent as all ones, since zero means "no checksum".
            NetworkOrder.WriteUInt16(datagram, UdpDatagram.ChecksumOffset, checksum == 0 ? (ushort)0xFFFF : checksum);
            bytesWritten = UdpDatagram.HeaderBytes;
            return true;
        }
    }
}
