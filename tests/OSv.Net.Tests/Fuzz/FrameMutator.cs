// A seeded generator of hostile Ethernet frames: a valid template (ARP request and reply, ICMP
// echo, UDP, TCP SYN with options, ACK and data, IPv4 fragments of a few datagrams whose pieces
// overlap, mostly consistently), built with the wire layer's emitters, then zero to three
// mutations (truncate, extend, bit flips, random bytes, lying lengths, IHL and data-offset lies,
// TCP options running past the header, fragment fields, EtherType swaps), and in half the cases
// the checksums recomputed afterwards so that mutated frames get past the checksum checks and
// reach the deeper layers. Everything follows from the seed: the same seed gives the same frames.
//
// Next writes into the caller's buffer (FrameBytesMax long) and returns the length.
using System;
using OSv.Net.Tests.Channels;
using OSv.Net.Wire;
using OSv.Testing;

namespace OSv.Net.Tests.Fuzz
{
    public enum FrameTemplate
    {
        ArpRequest,
        ArpReply,
        IcmpEcho,
        Udp,
        TcpSyn,
        TcpAck,
        TcpData,
        Ipv4Fragment,
    }

    public enum FrameMutation
    {
        Truncate,
        Extend,
        BitFlips,
        RandomBytes,
        IpTotalLengthLie,
        IhlLie,
        UdpLengthLie,
        TcpDataOffsetLie,
        TcpOptionsPastHeader,
        FragmentFieldsLie,
        ArpLengthsLie,
        EtherTypeSwap,
    }

    public sealed class FrameMutator
    {
        public const int FrameBytesMax = 2048;
        public const int TemplateCount = (int)FrameTemplate.Ipv4Fragment + 1;
        public const int MutationCount = (int)FrameMutation.EtherTypeSwap + 1;

        private const int Ip = EthernetFrame.HeaderBytes;
        private const int FragmentIdentifications = 4;  // few, so that fragments of one datagram meet
        private const int FragmentDatagramBytesMax = 3000;

        public static readonly Ipv4Address[] Remotes =
        {
            TestFrames.Remote, new Ipv4Address(10, 0, 2, 3), new Ipv4Address(192, 168, 1, 9), new Ipv4Address(10, 0, 2, 255),
        };

        public static readonly ushort[] RemotePorts = { TestFrames.RemotePort, 40001, 53, 80 };

        private readonly SimulationRandom _random;
        private readonly int[] _templateCounts = new int[TemplateCount];
        private readonly int[] _mutationCounts = new int[MutationCount];

        public FrameMutator(ulong seed) => _random = new SimulationRandom(seed);

        public int TemplateCountOf(FrameTemplate template) => _templateCounts[(int)template];

        public int MutationCountOf(FrameMutation mutation) => _mutationCounts[(int)mutation];

        public int Next(Span<byte> buffer)
        {
            var template = (FrameTemplate)_random.Between(0, TemplateCount - 1);
            _templateCounts[(int)template]++;
            int length = Build(template, buffer);
            // Fragments are left intact more often: one bad piece spoils its whole datagram
            // (an overlap mismatch), and completions must happen for the upper layers to be fuzzed.
            int intactPercent = template == FrameTemplate.Ipv4Fragment ? 75 : 25;
            int mutations = _random.Chance(intactPercent) ? 0 : _random.Between(1, 3);
            for (int i = 0; i < mutations; i++)
            {
                var mutation = (FrameMutation)_random.Between(0, MutationCount - 1);
                _mutationCounts[(int)mutation]++;
                length = Mutate(mutation, buffer, length);
            }
            if (mutations > 0 && _random.Chance(50))
                FixChecksums(buffer.Slice(0, length));
            return length;
        }

        private Ipv4Address Destination() => _random.Chance(90) ? TestFrames.Local : Remotes[_random.Between(0, Remotes.Length - 1)];

        private Ipv4Address Source() => Remotes[_random.Between(0, Remotes.Length - 1)];

        private int Build(FrameTemplate template, Span<byte> buffer)
        {
            switch (template)
            {
                case FrameTemplate.ArpRequest:
                case FrameTemplate.ArpReply:
                    return BuildArp(buffer, template == FrameTemplate.ArpReply);
                case FrameTemplate.IcmpEcho:
                    return BuildIcmp(buffer);
                case FrameTemplate.Udp:
                    return BuildUdp(buffer);
                case FrameTemplate.Ipv4Fragment:
                    return BuildFragment(buffer);
                default:
                    return BuildTcp(buffer, template);
            }
        }

        private int BuildArp(Span<byte> buffer, bool reply)
        {
            var sender = new MacAddress(0x02, 0, 0, 0, 0, (byte)_random.Between(1, 8));
            Ipv4Address senderAddress = Source();
            var message = reply
                ? new ArpMessage(ArpOperation.Reply, sender, senderAddress, TestFrames.LocalMac, Destination())
                : ArpMessage.Request(sender, senderAddress, Destination());
            new EthernetHeader(reply ? TestFrames.LocalMac : MacAddress.Broadcast, sender, EtherType.Arp).TryEmit(buffer, out _);
            message.TryEmit(buffer.Slice(Ip), out int arpBytes);
            return Ip + arpBytes + (_random.Chance(50) ? 18 : 0); // sometimes padded to 60 bytes
        }

        private int WriteIp(Span<byte> buffer, IpProtocol protocol, int payloadBytes, Ipv4Address source, Ipv4Address destination)
        {
            new EthernetHeader(TestFrames.LocalMac, TestFrames.RemoteMac, EtherType.Ipv4).TryEmit(buffer, out _);
            var header = new Ipv4Header(source, destination, protocol, payloadBytes) { Identification = (ushort)_random.Between(0, 65535) };
            header.TryEmit(buffer.Slice(Ip), out int ipBytes);
            return Ip + ipBytes;
        }

        private void Fill(Span<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = (byte)_random.NextUInt64();
        }

        private int BuildIcmp(Span<byte> buffer)
        {
            int dataBytes = _random.Between(0, 200);
            int start = WriteIp(buffer, IpProtocol.Icmp, IcmpPacket.HeaderBytes + dataBytes, Source(), Destination());
            Fill(buffer.Slice(start + IcmpPacket.HeaderBytes, dataBytes));
            IcmpHeader.EchoRequest((ushort)_random.Between(0, 65535), (ushort)_random.Between(0, 65535), dataBytes)
                .TryEmit(buffer.Slice(start, IcmpPacket.HeaderBytes + dataBytes), out _);
            return start + IcmpPacket.HeaderBytes + dataBytes;
        }

        private int BuildUdp(Span<byte> buffer)
        {
            int dataBytes = _random.Chance(10) ? _random.Between(0, 1472) : _random.Between(0, 100);
            Ipv4Address source = Source();
            Ipv4Address destination = Destination();
            int start = WriteIp(buffer, IpProtocol.Udp, UdpDatagram.HeaderBytes + dataBytes, source, destination);
            Fill(buffer.Slice(start + UdpDatagram.HeaderBytes, dataBytes));
            new UdpHeader(RemotePorts[_random.Between(0, RemotePorts.Length - 1)], (ushort)_random.Between(67, 68), dataBytes)
                .TryEmit(buffer.Slice(start, UdpDatagram.HeaderBytes + dataBytes), source, destination, out _);
            return start + UdpDatagram.HeaderBytes + dataBytes;
        }

        private int BuildTcp(Span<byte> buffer, FrameTemplate template)
        {
            Span<byte> options = stackalloc byte[20];
            int optionBytes = 0;
            byte flags = TestFrames.Ack;
            int payloadBytes = 0;
            if (template == FrameTemplate.TcpSyn)
            {
                // MSS 1460, SACK permitted, timestamps, NOP, window scale 7 (RFC 9293 3.2, 7323, 2018).
                byte[] synOptions = { 2, 4, 0x05, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7 };
                synOptions.CopyTo(options);
                optionBytes = 20;
                flags = _random.Chance(50) ? TestFrames.Syn : (byte)(TestFrames.Syn | TestFrames.Ack);
            }
            else if (template == FrameTemplate.TcpData)
            {
                flags = (byte)(TestFrames.Ack | TestFrames.Psh);
                payloadBytes = _random.Chance(10) ? _random.Between(1, 1460) : _random.Between(1, 200);
                if (_random.Chance(50))
                {
                    byte[] timestamps = { 1, 1, 8, 10, 0, 0, 0, 9, 0, 0, 0, 8 };
                    timestamps.CopyTo(options);
                    optionBytes = 12;
                }
            }
            else if (_random.Chance(10))
            {
                flags = _random.Chance(50) ? (byte)(TestFrames.Fin | TestFrames.Ack) : TestFrames.Rst;
            }
            return TestFrames.WriteTcpFrame(buffer, Source(), Destination(),
                RemotePorts[_random.Between(0, RemotePorts.Length - 1)], TestFrames.LocalPort, flags,
                (uint)_random.NextUInt64(), (uint)_random.NextUInt64(), options.Slice(0, optionBytes), payloadBytes);
        }

        // A piece of one of a few datagrams: unit-aligned start, random length, MF unless it runs
        // to the end; its bytes follow from (identification, offset), so overlapping pieces agree
        // unless the "inconsistent" draw alters them.
        private int BuildFragment(Span<byte> buffer)
        {
            ushort identification = (ushort)(0x4000 + _random.Between(0, FragmentIdentifications - 1));
            int datagramBytes = 800 + identification % FragmentIdentifications * 700;
            int start = 8 * _random.Between(0, (datagramBytes - 1) / 8);
            int length = Math.Min(datagramBytes - start, 8 * _random.Between(1, 180));
            bool last = start + length >= datagramBytes;
            var protocol = (IpProtocol)(identification % 2 == 0 ? (byte)IpProtocol.Udp : (byte)IpProtocol.Tcp);
            new EthernetHeader(TestFrames.LocalMac, TestFrames.RemoteMac, EtherType.Ipv4).TryEmit(buffer, out _);
            var header = new Ipv4Header(TestFrames.Remote, TestFrames.Local, protocol, length)
            {
                Identification = identification,
                MoreFragments = !last,
                FragmentOffsetBytes = start,
            };
            header.TryEmit(buffer.Slice(Ip), out int ipBytes);
            Span<byte> payload = buffer.Slice(Ip + ipBytes, length);
            for (int i = 0; i < length; i++)
                payload[i] = (byte)((start + i) * 13 + identification);
            if (_random.Chance(2))
                payload[_random.Between(0, length - 1)] ^= 0x5A; // an inconsistent overlap
            return Ip + ipBytes + length;
        }

        private int Mutate(FrameMutation mutation, Span<byte> buffer, int length)
        {
            switch (mutation)
            {
                case FrameMutation.Truncate:
                    return _random.Between(0, length);
                case FrameMutation.Extend:
                    {
                        int extended = Math.Min(buffer.Length, length + _random.Between(1, _random.Chance(10) ? 1024 : 32));
                        Fill(buffer.Slice(length, extended - length));
                        return extended;
                    }
                case FrameMutation.BitFlips:
                    {
                        int flips = _random.Between(1, 8);
                        for (int i = 0; i < flips && length > 0; i++)
                        {
                            int bit = _random.Between(0, length * 8 - 1);
                            buffer[bit >> 3] ^= (byte)(1 << (bit & 7));
                        }
                        return length;
                    }
                case FrameMutation.RandomBytes:
                    {
                        if (length == 0)
                            return 0;
                        int start = _random.Between(0, length - 1);
                        Fill(buffer.Slice(start, Math.Min(length - start, _random.Between(1, 16))));
                        return length;
                    }
                default:
                    LieInField(mutation, buffer.Slice(0, length));
                    return length;
            }
        }

        private ushort LyingUInt16(int honest)
        {
            switch (_random.Between(0, 4))
            {
                case 0: return 0;
                case 1: return 0xFFFF;
                case 2: return (ushort)(honest + _random.Between(1, 64));
                case 3: return (ushort)Math.Max(0, honest - _random.Between(1, 64));
                default: return (ushort)_random.Between(0, 65535);
            }
        }

        // Field lies at the offsets of the template's own headers; each is skipped if the frame
        // (perhaps truncated by an earlier mutation) is too short to hold the field.
        private void LieInField(FrameMutation mutation, Span<byte> frame)
        {
            int ihl = frame.Length > Ip ? (frame[Ip] & 0xF) * 4 : Ipv4Packet.HeaderBytesMin;
            int l4 = Ip + Math.Max(ihl, Ipv4Packet.HeaderBytesMin);
            switch (mutation)
            {
                case FrameMutation.IpTotalLengthLie when frame.Length >= Ip + 4:
                    TestFrames.Write16(frame, Ip + 2, LyingUInt16(frame.Length - Ip));
                    break;
                case FrameMutation.IhlLie when frame.Length > Ip:
                    frame[Ip] = (byte)(frame[Ip] & 0xF0 | _random.Between(0, 15));
                    break;
                case FrameMutation.UdpLengthLie when frame.Length >= l4 + 6:
                    TestFrames.Write16(frame, l4 + 4, LyingUInt16(frame.Length - l4));
                    break;
                case FrameMutation.TcpDataOffsetLie when frame.Length > l4 + 12:
                    frame[l4 + 12] = (byte)(_random.Between(0, 15) << 4 | frame[l4 + 12] & 0xF);
                    break;
                case FrameMutation.TcpOptionsPastHeader when frame.Length >= l4 + 24:
                    {
                        // An option whose length runs past the data offset (and maybe the frame).
                        int dataOffset = Math.Max(24, (frame[l4 + 12] >> 4) * 4);
                        int at = l4 + dataOffset - 2;
                        if (at + 1 < frame.Length)
                        {
                            frame[at] = (byte)_random.Between(2, 8);
                            frame[at + 1] = (byte)_random.Between(0, 255);
                        }
                        if (dataOffset == 24)
                            frame[l4 + 12] = (byte)(6 << 4);
                        break;
                    }
                case FrameMutation.FragmentFieldsLie when frame.Length >= Ip + 8:
                    TestFrames.Write16(frame, Ip + 6, (ushort)_random.Between(0, 65535));
                    break;
                case FrameMutation.ArpLengthsLie when frame.Length >= Ip + 8:
                    frame[Ip + 4] = (byte)_random.Between(0, 16);
                    frame[Ip + 5] = (byte)_random.Between(0, 16);
                    break;
                case FrameMutation.EtherTypeSwap when frame.Length >= Ip:
                    ushort[] types = { 0x0800, 0x0806, 0x8100, 0x86DD, 0x05DC, 0x0000 };
                    TestFrames.Write16(frame, 12, types[_random.Between(0, types.Length - 1)]);
                    break;
            }
        }

        // Recomputes the IPv4 header checksum and the ICMP, UDP or TCP checksum (over what the
        // lengths, as they now stand, cover), so that mutations get past the checksum checks.
        public static void FixChecksums(Span<byte> frame)
        {
            if (frame.Length < Ip + Ipv4Packet.HeaderBytesMin || TestFrames.Read16(frame, 12) != (ushort)EtherType.Ipv4)
                return;
            Span<byte> ip = frame.Slice(Ip);
            int ihl = (ip[0] & 0xF) * 4;
            if (ihl < Ipv4Packet.HeaderBytesMin || ihl > ip.Length)
                return;
            TestFrames.Write16(ip, 10, 0);
            TestFrames.Write16(ip, 10, InternetChecksum.Compute(ip.Slice(0, ihl)));
            int total = TestFrames.Read16(ip, 2);
            if (total < ihl || (TestFrames.Read16(ip, 6) & 0x3FFF) != 0)
                return;
            Span<byte> l4 = ip.Slice(ihl, Math.Min(total, ip.Length) - ihl);
            var source = new Ipv4Address((uint)(ip[12] << 24 | ip[13] << 16 | ip[14] << 8 | ip[15]));
            var destination = new Ipv4Address((uint)(ip[16] << 24 | ip[17] << 16 | ip[18] << 8 | ip[19]));
            switch ((IpProtocol)ip[9])
            {
                case IpProtocol.Icmp when l4.Length >= IcmpPacket.HeaderBytes:
                    TestFrames.Write16(l4, 2, 0);
                    TestFrames.Write16(l4, 2, InternetChecksum.Compute(l4));
                    break;
                case IpProtocol.Udp when l4.Length >= UdpDatagram.HeaderBytes:
                    {
                        int udpLength = TestFrames.Read16(l4, 4);
                        Span<byte> covered = udpLength >= UdpDatagram.HeaderBytes && udpLength <= l4.Length ? l4.Slice(0, udpLength) : l4;
                        TestFrames.Write16(l4, 6, 0);
                        var sum = new InternetChecksum();
                        sum.AddIpv4PseudoHeader(source, destination, IpProtocol.Udp, covered.Length);
                        sum.Add(covered);
                        ushort checksum = sum.Finish();
                        TestFrames.Write16(l4, 6, checksum == 0 ? (ushort)0xFFFF : checksum);
                        break;
                    }
                case IpProtocol.Tcp when l4.Length >= TestFrames.TcpHeaderBytes:
                    TestFrames.Write16(l4, 16, 0);
                    TestFrames.Write16(l4, 16, TestFrames.TcpChecksum(l4, source, destination));
                    break;
            }
        }
    }
}
