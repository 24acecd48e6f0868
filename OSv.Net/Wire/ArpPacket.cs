// ARP, the Address Resolution Protocol (RFC 826), for Ethernet hardware and IPv4 protocol
// addresses only: the one mapping an OSv.NET appliance needs.
//
//   0        2        4    5    6        8       14       18       24       28
//   | htype  | ptype  |hlen|plen| oper   | sha    | spa    | tha    | tpa    |
//     1        0x0800   6    4    1|2
//
// ArpPacket is the view: TryCreate reads the four fixed fields first (RFC 826's receiver checks
// "?Do I have the hardware type in ar$hrd?" and "?Do I speak the protocol in ar$pro?" before
// anything else) and refuses other hardware, protocols and address lengths as Malformed; then
// it requires all 28 bytes. Bytes past 28 (Ethernet padding to 60 bytes) are not part of the
// view. ArpMessage is the parsed value; its Parse also refuses opcodes other than request (1)
// and reply (2), which RFC 826 defines (RARP's 3 and 4, RFC 903, are not answered here).
using System;

namespace OSv.Net.Wire
{
    public enum ArpOperation : ushort
    {
        Request = 1,
        Reply = 2,
    }

    public readonly ref struct ArpPacket
    {
        public const int PacketBytes = 28;
        public const int FixedFieldsBytes = 8; // htype, ptype, hlen, plen
        public const ushort HardwareTypeEthernet = 1;
        public const ushort ProtocolTypeIpv4 = (ushort)EtherType.Ipv4;

        internal const int HardwareTypeOffset = 0;
        internal const int ProtocolTypeOffset = 2;
        internal const int HardwareLengthOffset = 4;
        internal const int ProtocolLengthOffset = 5;
        internal const int OperationOffset = 6;
        internal const int SenderHardwareOffset = 8;
        internal const int SenderProtocolOffset = 14;
        internal const int TargetHardwareOffset = 18;
        internal const int TargetProtocolOffset = 24;

        private readonly ReadOnlySpan<byte> _bytes;

        private ArpPacket(ReadOnlySpan<byte> bytes) => _bytes = bytes;

        public static WireResult TryCreate(ReadOnlySpan<byte> buffer, out ArpPacket packet)
        {
            packet = default;
            if (buffer.Length < FixedFieldsBytes)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            if (NetworkOrder.ReadUInt16(buffer, HardwareTypeOffset) != HardwareTypeEthernet)
                return WireResult.Malformed(WireReason.UnsupportedHardwareType);
            if (NetworkOrder.ReadUInt16(buffer, ProtocolTypeOffset) != ProtocolTypeIpv4)
                return WireResult.Malformed(WireReason.UnsupportedProtocolType);
            if (buffer[HardwareLengthOffset] != MacAddress.Bytes || buffer[ProtocolLengthOffset] != Ipv4Address.Bytes)
                return WireResult.Malformed(WireReason.BadAddressLength);
            if (buffer.Length < PacketBytes)
                return WireResult.Truncated(WireReason.HeaderTruncated);
            packet = new ArpPacket(buffer.Slice(0, PacketBytes));
            return WireResult.Ok;
        }

        public ushort HardwareType => NetworkOrder.ReadUInt16(_bytes, HardwareTypeOffset);

        public ushort ProtocolType => NetworkOrder.ReadUInt16(_bytes, ProtocolTypeOffset);

        public byte HardwareLength => _bytes[HardwareLengthOffset];

        public byte ProtocolLength => _bytes[ProtocolLengthOffset];

        public ArpOperation Operation => (ArpOperation)NetworkOrder.ReadUInt16(_bytes, OperationOffset);

        public MacAddress SenderHardwareAddress => MacAddress.Read(_bytes.Slice(SenderHardwareOffset));

        public Ipv4Address SenderProtocolAddress => Ipv4Address.Read(_bytes.Slice(SenderProtocolOffset));

        public MacAddress TargetHardwareAddress => MacAddress.Read(_bytes.Slice(TargetHardwareOffset));

        public Ipv4Address TargetProtocolAddress => Ipv4Address.Read(_bytes.Slice(TargetProtocolOffset));

        // The 28 bytes of the packet, without any padding that followed it.
        public ReadOnlySpan<byte> Bytes => _bytes;
    }

    public struct ArpMessage
    {
        public ArpOperation Operation;
        public MacAddress SenderHardwareAddress;
        public Ipv4Address SenderProtocolAddress;
        public MacAddress TargetHardwareAddress;
        public Ipv4Address TargetProtocolAddress;

        public ArpMessage(ArpOperation operation, MacAddress senderHardwareAddress, Ipv4Address senderProtocolAddress,
            MacAddress targetHardwareAddress, Ipv4Address targetProtocolAddress)
        {
            Operation = operation;
            SenderHardwareAddress = senderHardwareAddress;
            SenderProtocolAddress = senderProtocolAddress;
            TargetHardwareAddress = targetHardwareAddress;
            TargetProtocolAddress = targetProtocolAddress;
        }

        // "Who has target? Tell sender": the target hardware address is unknown, so zero.
        public static ArpMessage Request(MacAddress senderHardwareAddress, Ipv4Address senderProtocolAddress,
            Ipv4Address targetProtocolAddress) =>
            new ArpMessage(ArpOperation.Request, senderHardwareAddress, senderProtocolAddress,
                MacAddress.Zero, targetProtocolAddress);

        // RFC 826's reply: swap sender and target, fill in our hardware address as the sender.
        public readonly ArpMessage ReplyFrom(MacAddress ourHardwareAddress) =>
            new ArpMessage(ArpOperation.Reply, ourHardwareAddress, TargetProtocolAddress,
                SenderHardwareAddress, SenderProtocolAddress);

        public static WireResult Parse(in ArpPacket packet, out ArpMessage message)
        {
            message = default;
            ArpOperation operation = packet.Operation;
            if (operation != ArpOperation.Request && operation != ArpOperation.Reply)
                return WireResult.Malformed(WireReason.UnsupportedOperation);
            message = new ArpMessage(operation, packet.SenderHardwareAddress, packet.SenderProtocolAddress,
                packet.TargetHardwareAddress, packet.TargetProtocolAddress);
            return WireResult.Ok;
        }

        // Writes the 28-byte packet at the start of buffer.
        public readonly bool TryEmit(Span<byte> buffer, out int bytesWritten)
        {
            bytesWritten = 0;
            if (buffer.Length < ArpPacket.PacketBytes)
                return false;
            NetworkOrder.WriteUInt16(buffer, ArpPacket.HardwareTypeOffset, ArpPacket.HardwareTypeEthernet);
            NetworkOrder.WriteUInt16(buffer, ArpPacket.ProtocolTypeOffset, ArpPacket.ProtocolTypeIpv4);
            buffer[ArpPacket.HardwareLengthOffset] = MacAddress.Bytes;
            buffer[ArpPacket.ProtocolLengthOffset] = Ipv4Address.Bytes;
            NetworkOrder.WriteUInt16(buffer, ArpPacket.OperationOffset, (ushort)Operation);
            SenderHardwareAddress.Write(buffer.Slice(ArpPacket.SenderHardwareOffset));
            SenderProtocolAddress.Write(buffer.Slice(ArpPacket.SenderProtocolOffset));
            TargetHardwareAddress.Write(buffer.Slice(ArpPacket.TargetHardwareOffset));
            TargetProtocolAddress.Write(buffer.Slice(ArpPacket.TargetProtocolOffset));
            bytesWritten = ArpPacket.PacketBytes;
            return true;
        }
    }
}
