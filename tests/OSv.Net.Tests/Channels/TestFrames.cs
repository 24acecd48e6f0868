// Builds the frames the channel tests and the fuzzer feed in, through the wire layer's emitters
// (EthernetHeader, Ipv4Header) plus a TCP header written here (RFC 9293 3.1; the wire layer has
// no TCP emitter yet), checksummed over the pseudo-header with InternetChecksum.
using System;
using OSv.Net.Wire;

namespace OSv.Net.Tests.Channels
{
    internal static class TestFrames
    {
        public const byte Fin = 0x01;
        public const byte Syn = 0x02;
        public const byte Rst = 0x04;
        public const byte Psh = 0x08;
        public const byte Ack = 0x10;
        public const byte Urg = 0x20;
        public const int TcpHeaderBytes = 20;

        public static readonly MacAddress LocalMac = new MacAddress(0x52, 0x54, 0x00, 0x12, 0x34, 0x56);
        public static readonly MacAddress RemoteMac = new MacAddress(0x52, 0x55, 0x0A, 0x00, 0x02, 0x02);
        public static readonly Ipv4Address Local = new Ipv4Address(10, 0, 2, 15);
        public static readonly Ipv4Address Remote = new Ipv4Address(10, 0, 2, 2);
        public const ushort LocalPort = 8080;
        public const ushort RemotePort = 40000;

        public sealed record Tcp
        {
            public Ipv4Address Source { get; init; } = Remote;
            public Ipv4Address Destination { get; init; } = Local;
            public ushort SourcePort { get; init; } = RemotePort;
            public ushort DestinationPort { get; init; } = LocalPort;
            public byte Flags { get; init; } = Ack;
            public uint Sequence { get; init; } = 1000;
            public uint Acknowledgment { get; init; } = 2000;
            public byte[] Options { get; init; } = Array.Empty<byte>(); // a multiple of 4
            public int PayloadBytes { get; init; }
            public bool MoreFragments { get; init; }
            public int FragmentOffsetBytes { get; init; }
            public EtherType EtherType { get; init; } = EtherType.Ipv4;
        }

        public static byte[] Frame(Tcp spec)
        {
            int tcpBytes = TcpHeaderBytes + spec.Options.Length + spec.PayloadBytes;
            var frame = new byte[EthernetFrame.HeaderBytes + Ipv4Packet.HeaderBytesMin + tcpBytes];
            int written = WriteTcpFrame(frame, spec.Source, spec.Destination, spec.SourcePort, spec.DestinationPort,
                spec.Flags, spec.Sequence, spec.Acknowledgment, spec.Options, spec.PayloadBytes,
                spec.MoreFragments, spec.FragmentOffsetBytes, spec.EtherType);
            if (written != frame.Length)
                throw new InvalidOperationException("frame not built");
            return frame;
        }

        // Writes Ethernet + IPv4 + TCP into buffer; the length written (0 if it does not fit).
        public static int WriteTcpFrame(Span<byte> buffer, Ipv4Address source, Ipv4Address destination,
            ushort sourcePort, ushort destinationPort, byte flags, uint sequence, uint acknowledgment,
            ReadOnlySpan<byte> options, int payloadBytes, bool moreFragments = false, int fragmentOffsetBytes = 0,
            EtherType etherType = EtherType.Ipv4)
        {
            int tcpBytes = TcpHeaderBytes + options.Length + payloadBytes;
            int total = EthernetFrame.HeaderBytes + Ipv4Packet.HeaderBytesMin + tcpBytes;
            if (total > buffer.Length || options.Length % 4 != 0 || options.Length > 40)
                return 0;
            var ethernet = new EthernetHeader(LocalMac, RemoteMac, etherType);
            ethernet.TryEmit(buffer, out _);
            var ip = new Ipv4Header(source, destination, IpProtocol.Tcp, tcpBytes)
            {
                MoreFragments = moreFragments,
                FragmentOffsetBytes = fragmentOffsetBytes,
                Identification = (ushort)sequence,
            };
            if (!ip.TryEmit(buffer.Slice(EthernetFrame.HeaderBytes), out int ipBytes))
                return 0;
            Span<byte> tcp = buffer.Slice(EthernetFrame.HeaderBytes + ipBytes, tcpBytes);
            Write16(tcp, 0, sourcePort);
            Write16(tcp, 2, destinationPort);
            Write32(tcp, 4, sequence);
            Write32(tcp, 8, acknowledgment);
            tcp[12] = (byte)((TcpHeaderBytes + options.Length) / 4 << 4);
            tcp[13] = flags;
            Write16(tcp, 14, 65535);
            Write16(tcp, 16, 0);
            Write16(tcp, 18, 0);
            options.CopyTo(tcp.Slice(TcpHeaderBytes));
            Span<byte> payload = tcp.Slice(TcpHeaderBytes + options.Length);
            for (int i = 0; i < payload.Length; i++)
                payload[i] = (byte)(sequence + (uint)i);
            Write16(tcp, 16, TcpChecksum(tcp, source, destination));
            return total;
        }

        // Big-endian field writers (the wire layer's NetworkOrder is internal to OSv.Net).
        public static void Write16(Span<byte> bytes, int offset, ushort value)
        {
            bytes[offset] = (byte)(value >> 8);
            bytes[offset + 1] = (byte)value;
        }

        public static void Write32(Span<byte> bytes, int offset, uint value)
        {
            Write16(bytes, offset, (ushort)(value >> 16));
            Write16(bytes, offset + 2, (ushort)value);
        }

        public static ushort Read16(ReadOnlySpan<byte> bytes, int offset) => (ushort)(bytes[offset] << 8 | bytes[offset + 1]);

        public static ushort TcpChecksum(ReadOnlySpan<byte> segment, Ipv4Address source, Ipv4Address destination)
        {
            var sum = new InternetChecksum();
            sum.AddIpv4PseudoHeader(source, destination, IpProtocol.Tcp, segment.Length);
            sum.Add(segment);
            return sum.Finish();
        }
    }
}
