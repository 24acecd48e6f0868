// Ethernet II frames (DIX Ethernet version 2; IEEE 802.3 section 3.2.6 for the type field),
// as a virtio-net device hands them over: destination MAC, source MAC, EtherType, payload. No
// preamble and no frame check sequence (the device strips and adds them). RFC 894 maps IPv4
// onto such frames; RFC 826 maps ARP.
//
//   0                   6                  12        14
//   | destination (6)   | source (6)       | type(2) | payload (46..1500 on the wire)
//
// Two layers (style: smoltcp's wire module). EthernetFrame is a view: TryCreate checks the
// length once, and every accessor then reads its field without further checks. EthernetHeader is
// the parsed value: Parse copies the fields out, TryEmit writes them into a caller's buffer.
//
// Departures and caller rules:
// - A type/length field below 0x0600 is an IEEE 802.3 length, used by LLC/SNAP frames that
//   nothing in the stack speaks; TryCreate reports them Malformed (NotEthernetII).
// - The payload is everything after the header, padding included: frames shorter than the
//   60-byte minimum are padded by the sender, and the layer above finds its own end (the IPv4
//   total length). TryCreate does not insist on the minimum, since virtio may deliver short
//   frames between guests.
// - VLAN tags (0x8100) are not stripped here: the EtherType then reads Vlan.
using System;

namespace OSv.Net.Wire
{
    public enum EtherType : ushort
    {
        Ipv4 = 0x0800,
        Arp = 0x0806,
        Vlan = 0x8100,
        Ipv6 = 0x86DD,
    }

    // A 48-bit IEEE 802 MAC address, kept in the low 48 bits of a ulong, first octet highest,
    // so that equality is one compare and the value reads like the usual notation.
    public readonly struct MacAddress
    {
        public const int Bytes = 6;
        private const ulong ValueMask = 0xFFFF_FFFF_FFFF;
        private const ulong GroupBit = 0x0100_0000_0000; // I/G: least significant bit of the first octet

        private readonly ulong _value;

        public MacAddress(ulong value) => _value = value & ValueMask;

        public MacAddress(byte b0, byte b1, byte b2, byte b3, byte b4, byte b5)
        {
            _value = ((ulong)b0 << 40) | ((ulong)b1 << 32) | ((ulong)b2 << 24) |
                     ((ulong)b3 << 16) | ((ulong)b4 << 8) | b5;
        }

        public static MacAddress Broadcast => new MacAddress(ValueMask);

        public static MacAddress Zero => default;

        public ulong Value => _value;

        public bool IsBroadcast => _value == ValueMask;

        // Group (multicast or broadcast) addresses have the I/G bit set.
        public bool IsMulticast => (_value & GroupBit) != 0;

        public bool IsUnicast => (_value & GroupBit) == 0;

        // Reads the six octets at the start of bytes, which must hold at least six.
        public static MacAddress Read(ReadOnlySpan<byte> bytes) =>
            new MacAddress(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]);

        // Writes the six octets at the start of bytes, which must hold at least six.
        public void Write(Span<byte> bytes)
        {
            for (int i = 0; i < Bytes; i++)
                bytes[i] = (byte)(_value >> (8 * (Bytes - 1 - i)));
        }

        public static bool operator ==(MacAddress left, MacAddress right) => left._value == right._value;

        public static bool operator !=(MacAddress left, MacAddress right) => left._value != right._value;

        public override bool Equals(object? obj) => obj is MacAddress other && other._value == _value;

        public override int GetHashCode() => (int)(_value ^ (_value >> 32));

        // "52:54:00:12:34:56"; for diagnostics only (it allocates the string).
        public override string ToString()
        {
            Span<char> text = stackalloc char[3 * Bytes - 1];
            for (int i = 0; i < Bytes; i++)
            {
                int octet = (int)(_value >> (8 * (Bytes - 1 - i))) & 0xFF;
                text[3 * i] = HexDigit(octet >> 4);
                text[3 * i + 1] = HexDigit(octet & 0xF);
                if (i < Bytes - 1)
                    text[3 * i + 2] = ':';
            }
            return new string(text);
        }

        private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
    }

    public readonly ref struct EthernetFrame
    {
        public const int HeaderBytes = 14;
        public const int DestinationOffset = 0;
        public const int SourceOffset = 6;
        public const int EtherTypeOffset = 12;

        // The smallest type/length value that is an EtherType rather than an 802.3 length.
        public const ushort EtherTypeMin = 0x0600;

        private readonly ReadOnlySpan<byte> _bytes;

        private EthernetFrame(ReadOnlySpan<byte> bytes) => _bytes = bytes;

        public static WireResult TryCreate(ReadOnlySpan<byte> buffer, out EthernetFrame frame)
        {
            frame = default;
            if (buffer.Length < HeaderBytes)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            if (NetworkOrder.ReadUInt16(buffer, EtherTypeOffset) < EtherTypeMin)
                return WireResult.Malformed(WireReason.NotEthernetII);
            frame = new EthernetFrame(buffer);
            return WireResult.Ok;
        }

        public MacAddress Destination => MacAddress.Read(_bytes.Slice(DestinationOffset));

        public MacAddress Source => MacAddress.Read(_bytes.Slice(SourceOffset));

        public EtherType EtherType => (EtherType)NetworkOrder.ReadUInt16(_bytes, EtherTypeOffset);

        // Everything after the header, including any padding up to the 60-byte minimum.
        public ReadOnlySpan<byte> Payload => _bytes.Slice(HeaderBytes);

        public ReadOnlySpan<byte> Bytes => _bytes;
    }

    public struct EthernetHeader
    {
        public MacAddress Destination;
        public MacAddress Source;
        public EtherType EtherType;

        public EthernetHeader(MacAddress destination, MacAddress source, EtherType etherType)
        {
            Destination = destination;
            Source = source;
            EtherType = etherType;
        }

        public static EthernetHeader Parse(in EthernetFrame frame) =>
            new EthernetHeader(frame.Destination, frame.Source, frame.EtherType);

        // Writes the 14-byte header at the start of buffer; the payload goes after it.
        public readonly bool TryEmit(Span<byte> buffer, out int bytesWritten)
        {
            bytesWritten = 0;
            if (buffer.Length < EthernetFrame.HeaderBytes || (ushort)EtherType < EthernetFrame.EtherTypeMin)
                return false;
            Destination.Write(buffer.Slice(EthernetFrame.DestinationOffset));
            Source.Write(buffer.Slice(EthernetFrame.SourceOffset));
            NetworkOrder.WriteUInt16(buffer, EthernetFrame.EtherTypeOffset, (ushort)EtherType);
            bytesWritten = EthernetFrame.HeaderBytes;
            return true;
        }
    }
}
