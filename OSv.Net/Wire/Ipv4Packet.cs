// IPv4 datagrams (RFC 791 section 3.1), with the host requirements of RFC 1122 section 3.2.1.
//
//   0       1       2               4               6               8     9     10      12      16      20
//   |ver|ihl| tos   | total length  | identification|flags|frag off | ttl |proto| cksum | source| dest  | options..
//
// Ipv4Packet is the view. TryCreate validates the header once, in this order, so that each
// check may rely on the ones before it:
//   1. at least 20 bytes (else Truncated): the fixed header can be read;
//   2. version 4 and IHL >= 5 (else Malformed): the header length is known, at least 20;
//   3. the buffer holds IHL * 4 bytes (else Truncated): options can be read;
//   4. the header checksum verifies (RFC 1071; else Malformed): the fields below are what the
//      sender wrote, so a corrupt total length is reported as a bad checksum, not truncation;
//   5. total length >= IHL * 4 (else Malformed) and <= the buffer (else Truncated): the payload
//      ends inside the buffer; bytes after it (Ethernet padding) are not part of the view;
//   6. fragment offset * 8 + payload fits a 65535-byte datagram (else Malformed), the bound
//      reassembly relies on (the "ping of death" overflowed it).
// After that no accessor can fail. Ipv4Header is the parsed value; it keeps every field but the
// options, and TryEmit writes a 20-byte header without options, with its checksum.
//
// Departures: the reserved flag bit (RFC 791: "must be zero") is accepted and exposed, as Linux
// does; the header checksum is always verified, since virtio-net's receive offload covers only
// TCP and UDP checksums (virtio 1.2 section 5.1.6.4); source-address rules (RFC 1122 3.2.1.3:
// no broadcast or multicast source) belong to the IP layer, not to the wire format.
using System;
using System.Globalization;

namespace OSv.Net.Wire
{
    public enum IpProtocol : byte
    {
        Icmp = 1,
        Tcp = 6,
        Udp = 17,
    }

    // An IPv4 address, kept as a uint whose most significant byte is the first octet (the order
    // on the wire), so that masks and comparisons work on the numeric value.
    public readonly struct Ipv4Address
    {
        public const int Bytes = 4;

        private readonly uint _value;

        public Ipv4Address(uint value) => _value = value;

        public Ipv4Address(byte a, byte b, byte c, byte d) =>
            _value = ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;

        public static Ipv4Address Any => default;

        public static Ipv4Address Broadcast => new Ipv4Address(0xFFFF_FFFF);

        public uint Value => _value;

        public bool IsUnspecified => _value == 0;

        public bool IsBroadcast => _value == 0xFFFF_FFFF;

        public bool IsMulticast => (_value >> 28) == 0xE; // 224.0.0.0/4 (RFC 5771)

        public bool IsLoopback => (_value >> 24) == 127;  // 127.0.0.0/8 (RFC 1122 3.2.1.3)

        // Reads the four octets at the start of bytes, which must hold at least four.
        public static Ipv4Address Read(ReadOnlySpan<byte> bytes) => new Ipv4Address(NetworkOrder.ReadUInt32(bytes, 0));

        // Writes the four octets at the start of bytes, which must hold at least four.
        public void Write(Span<byte> bytes) => NetworkOrder.WriteUInt32(bytes, 0, _value);

        public static bool operator ==(Ipv4Address left, Ipv4Address right) => left._value == right._value;

        public static bool operator !=(Ipv4Address left, Ipv4Address right) => left._value != right._value;

        public override bool Equals(object? obj) => obj is Ipv4Address other && other._value == _value;

        public override int GetHashCode() => (int)_value;

        // "10.0.2.15"; for diagnostics only (it allocates the string).
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{_value >> 24}.{(_value >> 16) & 0xFF}.{(_value >> 8) & 0xFF}.{_value & 0xFF}");
    }

    public readonly ref struct Ipv4Packet
    {
        public const int HeaderBytesMin = 20;
        public const int HeaderBytesMax = 60;   // IHL is 4 bits, in 32-bit words
        public const int TotalLengthMax = 65535;
        public const byte Version4 = 4;
        public const int FragmentOffsetUnitBytes = 8;

        internal const int VersionIhlOffset = 0;
        internal const int TypeOfServiceOffset = 1;
        internal const int TotalLengthOffset = 2;
        internal const int IdentificationOffset = 4;
        internal const int FlagsFragmentOffset = 6;
        internal const int TimeToLiveOffset = 8;
        internal const int ProtocolOffset = 9;
        internal const int ChecksumOffset = 10;
        internal const int SourceOffset = 12;
        internal const int DestinationOffset = 16;

        internal const ushort ReservedFlag = 0x8000;
        internal const ushort DontFragmentFlag = 0x4000;
        internal const ushort MoreFragmentsFlag = 0x2000;
        internal const ushort FragmentOffsetMask = 0x1FFF;

        private readonly ReadOnlySpan<byte> _bytes; // exactly TotalLength bytes

        private Ipv4Packet(ReadOnlySpan<byte> bytes) => _bytes = bytes;

        public static WireResult TryCreate(ReadOnlySpan<byte> buffer, out Ipv4Packet packet)
        {
            packet = default;
            if (buffer.Length < HeaderBytesMin)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            if (buffer[VersionIhlOffset] >> 4 != Version4)
                return WireResult.Malformed(WireReason.BadVersion);
            int headerLength = (buffer[VersionIhlOffset] & 0xF) * 4;
            if (headerLength < HeaderBytesMin)
                return WireResult.Malformed(WireReason.BadHeaderLength);
            if (buffer.Length < headerLength)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            if (InternetChecksum.Compute(buffer.Slice(0, headerLength)) != 0)
                return WireResult.Malformed(WireReason.BadChecksum);
            int totalLength = NetworkOrder.ReadUInt16(buffer, TotalLengthOffset);
            if (totalLength < headerLength)
                return WireResult.Malformed(WireReason.BadTotalLength);
            if (totalLength > buffer.Length)
                return WireResult.Truncated(WireReason.PayloadTruncated);
            int fragmentOffsetBytes = (NetworkOrder.ReadUInt16(buffer, FlagsFragmentOffset) & FragmentOffsetMask) * FragmentOffsetUnitBytes;
            if (fragmentOffsetBytes + (totalLength - headerLength) > TotalLengthMax - headerLength)
                return WireResult.Malformed(WireReason.BadFragmentOffset);
            packet = new Ipv4Packet(buffer.Slice(0, totalLength));
            return WireResult.Ok;
        }

        public byte Version => (byte)(_bytes[VersionIhlOffset] >> 4);

        public int HeaderLength => (_bytes[VersionIhlOffset] & 0xF) * 4;

        public byte TypeOfService => _bytes[TypeOfServiceOffset];

        public byte Dscp => (byte)(_bytes[TypeOfServiceOffset] >> 2);   // RFC 2474

        public byte Ecn => (byte)(_bytes[TypeOfServiceOffset] & 0x3);  // RFC 3168

        public int TotalLength => NetworkOrder.ReadUInt16(_bytes, TotalLengthOffset);

        public ushort Identification => NetworkOrder.ReadUInt16(_bytes, IdentificationOffset);

        public bool ReservedFlagSet => (FlagsAndOffset & ReservedFlag) != 0;

        public bool DontFragment => (FlagsAndOffset & DontFragmentFlag) != 0;

        public bool MoreFragments => (FlagsAndOffset & MoreFragmentsFlag) != 0;

        // In units of 8 bytes, as on the wire.
        public int FragmentOffset => FlagsAndOffset & FragmentOffsetMask;

        public int FragmentOffsetBytes => FragmentOffset * FragmentOffsetUnitBytes;

        public bool IsFragment => MoreFragments || FragmentOffset != 0;

        public byte TimeToLive => _bytes[TimeToLiveOffset];

        public IpProtocol Protocol => (IpProtocol)_bytes[ProtocolOffset];

        public ushort HeaderChecksum => NetworkOrder.ReadUInt16(_bytes, ChecksumOffset);

        public Ipv4Address Source => Ipv4Address.Read(_bytes.Slice(SourceOffset));

        public Ipv4Address Destination => Ipv4Address.Read(_bytes.Slice(DestinationOffset));

        public ReadOnlySpan<byte> Header => _bytes.Slice(0, HeaderLength);

        public ReadOnlySpan<byte> Options => _bytes.Slice(HeaderBytesMin, HeaderLength - HeaderBytesMin);

        public ReadOnlySpan<byte> Payload => _bytes.Slice(HeaderLength);

        // The whole datagram: header and payload, TotalLength bytes.
        public ReadOnlySpan<byte> Bytes => _bytes;

        private ushort FlagsAndOffset => NetworkOrder.ReadUInt16(_bytes, FlagsFragmentOffset);
    }

    public struct Ipv4Header
    {
        public const byte DefaultTimeToLive = 64; // RFC 1700's recommendation, Linux's default
        public const int PayloadLengthMax = Ipv4Packet.TotalLengthMax - Ipv4Packet.HeaderBytesMin;
        public const int FragmentOffsetBytesMax = Ipv4Packet.FragmentOffsetMask * Ipv4Packet.FragmentOffsetUnitBytes;

        public Ipv4Address Source;
        public Ipv4Address Destination;
        public IpProtocol Protocol;
        public byte TimeToLive;
        public byte TypeOfService;
        public ushort Identification;
        public bool DontFragment;
        public bool MoreFragments;
        public int FragmentOffsetBytes; // a multiple of 8
        public int PayloadLength;

        public Ipv4Header(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, int payloadLength)
        {
            this = default;
            Source = source;
            Destination = destination;
            Protocol = protocol;
            PayloadLength = payloadLength;
            TimeToLive = DefaultTimeToLive;
        }

        // Every field but the options and the reserved flag; PayloadLength is what follows the
        // header (options included in the packet's header length, not here).
        public static Ipv4Header Parse(in Ipv4Packet packet)
        {
            var header = new Ipv4Header(packet.Source, packet.Destination, packet.Protocol, packet.Payload.Length);
            header.TimeToLive = packet.TimeToLive;
            header.TypeOfService = packet.TypeOfService;
            header.Identification = packet.Identification;
            header.DontFragment = packet.DontFragment;
            header.MoreFragments = packet.MoreFragments;
            header.FragmentOffsetBytes = packet.FragmentOffsetBytes;
            return header;
        }

        // Writes a 20-byte header (no options) with its checksum at the start of buffer; the
        // payload goes after it. False if the buffer is too small or a field does not fit.
        public readonly bool TryEmit(Span<byte> buffer, out int bytesWritten)
        {
            bytesWritten = 0;
            if (buffer.Length < Ipv4Packet.HeaderBytesMin || !FieldsFit())
                return false;
            ushort flagsAndOffset = (ushort)(FragmentOffsetBytes / Ipv4Packet.FragmentOffsetUnitBytes);
            if (DontFragment)
                flagsAndOffset |= Ipv4Packet.DontFragmentFlag;
            if (MoreFragments)
                flagsAndOffset |= Ipv4Packet.MoreFragmentsFlag;
            buffer[Ipv4Packet.VersionIhlOffset] = (Ipv4Packet.Version4 << 4) | (Ipv4Packet.HeaderBytesMin / 4);
            buffer[Ipv4Packet.TypeOfServiceOffset] = TypeOfService;
            NetworkOrder.WriteUInt16(buffer, Ipv4Packet.TotalLengthOffset, (ushort)(Ipv4Packet.HeaderBytesMin + PayloadLength));
            NetworkOrder.WriteUInt16(buffer, Ipv4Packet.IdentificationOffset, Identification);
            NetworkOrder.WriteUInt16(buffer, Ipv4Packet.FlagsFragmentOffset, flagsAndOffset);
            buffer[Ipv4Packet.TimeToLiveOffset] = TimeToLive;
            buffer[Ipv4Packet.ProtocolOffset] = (byte)Protocol;
            NetworkOrder.WriteUInt16(buffer, Ipv4Packet.ChecksumOffset, 0);
            Source.Write(buffer.Slice(Ipv4Packet.SourceOffset));
            Destination.Write(buffer.Slice(Ipv4Packet.DestinationOffset));
            ushort checksum = InternetChecksum.Compute(buffer.Slice(0, Ipv4Packet.HeaderBytesMin));
            NetworkOrder.WriteUInt16(buffer, Ipv4Packet.ChecksumOffset, checksum);
            bytesWritten = Ipv4Packet.HeaderBytesMin;
            return true;
        }

        private readonly bool FieldsFit() =>
            (uint)PayloadLength <= PayloadLengthMax &&
            (uint)FragmentOffsetBytes <= FragmentOffsetBytesMax &&
            FragmentOffsetBytes % Ipv4Packet.FragmentOffsetUnitBytes == 0 &&
            FragmentOffsetBytes + PayloadLength <= PayloadLengthMax;
    }
}
