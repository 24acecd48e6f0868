// DHCP messages (RFC 2131 section 2, over BOOTP's format, RFC 951) and the options the client
// uses (RFC 2132): the wire layer of the DHCP client, a view and a writer like Wire/'s.
//
//   0    1     2    3    4      8      10     12       16       20       24       28        44     108    236     240
//   | op |htype|hlen|hops| xid  | secs | flags| ciaddr | yiaddr | siaddr | giaddr | chaddr  | sname | file | cookie | options..
//
// DhcpMessage.TryCreate checks the fixed part once: 240 bytes (else Truncated), op BOOTREQUEST or
// BOOTREPLY, htype Ethernet with hlen 6, and the magic cookie 99.130.83.99 (else Malformed).
// ReadOptions walks the options field as type-length-value records (pad 0 and end 255 have no
// length) and stops at the end option or the buffer's end; a record running past the buffer is
// Malformed. Only the options the client acts on are kept (DhcpOptions); option overload (52,
// options inside sname/file) is not followed, since servers use it only for large replies.
//
// DhcpWriter writes the client's messages into a caller's buffer (no allocation), padded with
// zeros to NetLimits.DhcpMessageBytesMin.
using System;
using OSv.Net.Wire;

namespace OSv.Net.Dhcp
{
    public enum DhcpMessageType : byte
    {
        None = 0,
        Discover = 1,
        Offer = 2,
        Request = 3,
        Decline = 4,
        Ack = 5,
        Nak = 6,
        Release = 7,
        Inform = 8,
    }

    // The options of one message the client acts on (RFC 2132 sections 3.3, 3.5, 3.8, 9.2, 9.6,
    // 9.7, 9.11, 9.12); Has* says whether each was present.
    public struct DhcpOptions
    {
        public DhcpMessageType MessageType;     // 53
        public bool HasMask;
        public Ipv4Address Mask;                // 1
        public Ipv4Address Router;              // 3, the first one
        public Ipv4Address ServerIdentifier;    // 54
        public bool HasLease;
        public uint LeaseSeconds;               // 51
        public bool HasRenewal;
        public uint RenewalSeconds;             // 58, T1
        public bool HasRebinding;
        public uint RebindingSeconds;           // 59, T2
        public int DnsServerCount;              // 6, at most NetLimits.DhcpDnsServersMax kept
        public Ipv4Address DnsServer0;
        public Ipv4Address DnsServer1;
        public Ipv4Address DnsServer2;
    }

    public readonly ref struct DhcpMessage
    {
        public const int FixedBytes = 236;
        public const int OptionsOffset = 240;
        public const uint MagicCookie = 0x63825363;
        public const byte OpRequest = 1;
        public const byte OpReply = 2;
        public const ushort ServerPort = 67;
        public const ushort ClientPort = 68;
        public const uint InfiniteLease = 0xFFFF_FFFF;

        internal const int OpOffset = 0;
        internal const int HardwareTypeOffset = 1;
        internal const int HardwareLengthOffset = 2;
        internal const int TransactionIdOffset = 4;
        internal const int SecondsOffset = 8;
        internal const int FlagsOffset = 10;
        internal const int ClientAddressOffset = 12;
        internal const int YourAddressOffset = 16;
        internal const int ServerAddressOffset = 20;
        internal const int ClientHardwareOffset = 28;
        internal const int CookieOffset = 236;

        internal const byte OptionPad = 0;
        internal const byte OptionMask = 1;
        internal const byte OptionRouter = 3;
        internal const byte OptionDns = 6;
        internal const byte OptionRequestedAddress = 50;
        internal const byte OptionLease = 51;
        internal const byte OptionMessageType = 53;
        internal const byte OptionServerIdentifier = 54;
        internal const byte OptionParameterList = 55;
        internal const byte OptionRenewal = 58;
        internal const byte OptionRebinding = 59;
        internal const byte OptionEnd = 255;

        private readonly ReadOnlySpan<byte> _bytes;

        private DhcpMessage(ReadOnlySpan<byte> bytes) => _bytes = bytes;

        public static WireResult TryCreate(ReadOnlySpan<byte> buffer, out DhcpMessage message)
        {
            message = default;
            if (buffer.Length < OptionsOffset)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            byte op = buffer[OpOffset];
            if (op != OpRequest && op != OpReply)
                return WireResult.Malformed(WireReason.UnsupportedOperation);
            if (buffer[HardwareTypeOffset] != ArpPacket.HardwareTypeEthernet)
                return WireResult.Malformed(WireReason.UnsupportedHardwareType);
            if (buffer[HardwareLengthOffset] != MacAddress.Bytes)
                return WireResult.Malformed(WireReason.BadAddressLength);
            // No cookie: plain BOOTP, not DHCP (WireReason has no closer reason than "not this protocol").
            if (NetworkOrder.ReadUInt32(buffer, CookieOffset) != MagicCookie)
                return WireResult.Malformed(WireReason.UnsupportedProtocolType);
            message = new DhcpMessage(buffer);
            return WireResult.Ok;
        }

        public byte Op => _bytes[OpOffset];
        public uint TransactionId => NetworkOrder.ReadUInt32(_bytes, TransactionIdOffset);
        public Ipv4Address YourAddress => Ipv4Address.Read(_bytes.Slice(YourAddressOffset));
        public MacAddress ClientHardwareAddress => MacAddress.Read(_bytes.Slice(ClientHardwareOffset));

        public WireResult ReadOptions(out DhcpOptions options)
        {
            options = default;
            int position = OptionsOffset;
            while (position < _bytes.Length)
            {
                byte code = _bytes[position++];
                if (code == OptionEnd)
                    break;
                if (code == OptionPad)
                    continue;
                if (position >= _bytes.Length || position + 1 + _bytes[position] > _bytes.Length)
                    return WireResult.Truncated(WireReason.PayloadTruncated);
                int length = _bytes[position++];
                Take(code, _bytes.Slice(position, length), ref options);
                position += length;
            }
            return WireResult.Ok;
        }

        // One option's value into options; wrong lengths are ignored like unknown options.
        private static void Take(byte code, ReadOnlySpan<byte> value, ref DhcpOptions options)
        {
            switch (code)
            {
                case OptionMessageType when value.Length == 1:
                    options.MessageType = (DhcpMessageType)value[0];
                    break;
                case OptionMask when value.Length == 4:
                    options.HasMask = true;
                    options.Mask = Ipv4Address.Read(value);
                    break;
                case OptionRouter when value.Length >= 4:
                    options.Router = Ipv4Address.Read(value);
                    break;
                case OptionServerIdentifier when value.Length == 4:
                    options.ServerIdentifier = Ipv4Address.Read(value);
                    break;
                case OptionLease when value.Length == 4:
                    options.HasLease = true;
                    options.LeaseSeconds = NetworkOrder.ReadUInt32(value, 0);
                    break;
                case OptionRenewal when value.Length == 4:
                    options.HasRenewal = true;
                    options.RenewalSeconds = NetworkOrder.ReadUInt32(value, 0);
                    break;
                case OptionRebinding when value.Length == 4:
                    options.HasRebinding = true;
                    options.RebindingSeconds = NetworkOrder.ReadUInt32(value, 0);
                    break;
                case OptionDns:
                    TakeDns(value, ref options);
                    break;
            }
        }

        private static void TakeDns(ReadOnlySpan<byte> value, ref DhcpOptions options)
        {
            int count = Math.Min(value.Length / Ipv4Address.Bytes, NetLimits.DhcpDnsServersMax);
            options.DnsServerCount = count;
            if (count > 0)
                options.DnsServer0 = Ipv4Address.Read(value);
            if (count > 1)
                options.DnsServer1 = Ipv4Address.Read(value.Slice(4));
            if (count > 2)
                options.DnsServer2 = Ipv4Address.Read(value.Slice(8));
        }
    }

    public static class DhcpWriter
    {
        // The options the client asks for (RFC 2132 9.8): mask, router, DNS, lease, server, T1, T2.
        private static ReadOnlySpan<byte> ParameterList => new byte[] { 1, 3, 6, 51, 54, 58, 59 };

        // A client message (op BOOTREQUEST). requested and server are written as options 50 and
        // 54 when not Any (REQUEST in SELECTING); clientAddress is ciaddr (RENEWING, REBINDING).
        // Returns the length written; buffer must hold NetLimits.DhcpMessageBytesMin.
        public static int Write(Span<byte> buffer, DhcpMessageType type, uint transactionId, ushort seconds,
            Ipv4Address clientAddress, MacAddress hardwareAddress, Ipv4Address requested, Ipv4Address server)
        {
            Span<byte> message = buffer.Slice(0, NetLimits.DhcpMessageBytesMin);
            message.Clear();
            message[DhcpMessage.OpOffset] = DhcpMessage.OpRequest;
            message[DhcpMessage.HardwareTypeOffset] = (byte)ArpPacket.HardwareTypeEthernet;
            message[DhcpMessage.HardwareLengthOffset] = MacAddress.Bytes;
            NetworkOrder.WriteUInt32(message, DhcpMessage.TransactionIdOffset, transactionId);
            NetworkOrder.WriteUInt16(message, DhcpMessage.SecondsOffset, seconds);
            clientAddress.Write(message.Slice(DhcpMessage.ClientAddressOffset));
            hardwareAddress.Write(message.Slice(DhcpMessage.ClientHardwareOffset));
            NetworkOrder.WriteUInt32(message, DhcpMessage.CookieOffset, DhcpMessage.MagicCookie);
            int position = DhcpMessage.OptionsOffset;
            message[position++] = DhcpMessage.OptionMessageType;
            message[position++] = 1;
            message[position++] = (byte)type;
            if (!requested.IsUnspecified)
                position = WriteAddressOption(message, position, DhcpMessage.OptionRequestedAddress, requested);
            if (!server.IsUnspecified)
                position = WriteAddressOption(message, position, DhcpMessage.OptionServerIdentifier, server);
            message[position++] = DhcpMessage.OptionParameterList;
            message[position++] = (byte)ParameterList.Length;
            ParameterList.CopyTo(message.Slice(position));
            position += ParameterList.Length;
            message[position] = DhcpMessage.OptionEnd;
            return NetLimits.DhcpMessageBytesMin;
        }

        private static int WriteAddressOption(Span<byte> message, int position, byte code, Ipv4Address address)
        {
            message[position++] = code;
            message[position++] = Ipv4Address.Bytes;
            address.Write(message.Slice(position));
            return position + Ipv4Address.Bytes;
        }
    }
}
