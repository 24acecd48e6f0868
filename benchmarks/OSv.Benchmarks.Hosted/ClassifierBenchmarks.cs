// The net-channel classifier's cost per frame (OSv.Net/Channels/NetChannelClassifier.cs), on the
// receive thread's side, with FlowCount flows registered in the FlowTable (1, 64, 1000; the table
// holds up to NetLimits.FlowTableEntriesMax = 1024 in 2048 slots, so 1000 is near its load bound
// of 1/2 and probe runs are longest).
//
// - TryClaimHit: an established-flow segment (ACK, no payload needed: the classifier reads only
//   headers) of one of the registered flows, in turn, so all FlowCount channels and their slots
//   are touched; claimed, i.e. header checks + FlowTable.TryFind + SpscRing push. The flow's
//   channel is popped right after (one SpscRing pop) so that rings never fill; the figure
//   includes that pop.
// - TryClaimUnknownFlow: the same segments from ports no channel serves (64 in turn), through
//   header checks and a FlowTable miss (a probe to the end of the run), not claimed.
// The table-independent cases are in ClassifierHeaderBenchmarks below.
//
// Frames are crafted once in setup (no checksums: the classifier verifies none). Nothing on the
// measured path allocates.
using System;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using OSv.Net.Channels;
using OSv.Net.Link;
using OSv.Net.Tcp;
using OSv.Net.Wire;

namespace OSv.Benchmarks.Hosted
{
    [MemoryDiagnoser]
    public class ClassifierBenchmarks
    {
        private const int FramesPerInvoke = 1024;
        private const int UnknownFlows = 64;

        [Params(1, 64, 1000)]
        public int FlowCount { get; set; }

        private NetBenchFrameDevice _device = null!;
        private NetChannelClassifier _classifier = null!;
        private NetChannel[] _channels = Array.Empty<NetChannel>();
        private byte[] _hitFrames = Array.Empty<byte>();
        private byte[] _unknownFrames = Array.Empty<byte>();

        [GlobalSetup]
        public void Setup()
        {
            _device = new NetBenchFrameDevice(ClassifierFrames.LocalMac);
            var flows = new FlowTable(0x5bd1e995u);
            _classifier = new NetChannelClassifier(flows) { Enabled = true, LocalAddress = ClassifierFrames.LocalAddress };
            _channels = new NetChannel[FlowCount];
            _hitFrames = new byte[FlowCount * ClassifierFrames.TcpFrameBytes];
            for (int i = 0; i < FlowCount; i++)
            {
                FlowKey flow = ClassifierFrames.Flow(i);
                _channels[i] = new NetChannel(_device);
                if (!_channels[i].Bind(flow, null) || flows.Add(_channels[i]) != FlowTableAddResult.Added)
                    throw new InvalidOperationException("flow " + i);
                ClassifierFrames.WriteTcp(_hitFrames.AsSpan(i * ClassifierFrames.TcpFrameBytes), flow, ClassifierFrames.FlagAck);
            }
            _unknownFrames = new byte[UnknownFlows * ClassifierFrames.TcpFrameBytes];
            for (int i = 0; i < UnknownFlows; i++)
                ClassifierFrames.WriteTcp(_unknownFrames.AsSpan(i * ClassifierFrames.TcpFrameBytes), ClassifierFrames.UnknownFlow(i), ClassifierFrames.FlagAck);
            // Setup check: every hit is claimed into its own channel, every unknown flow refused.
            TryClaimHit();
            TryClaimUnknownFlow();
            long hits = _classifier.Count(ClassifierOutcome.Claimed), unknown = _classifier.Count(ClassifierOutcome.UnknownFlow);
            if (hits != FramesPerInvoke || unknown != FramesPerInvoke)
                throw new InvalidOperationException("claimed " + hits + ", unknown " + unknown);
        }

        [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
        public int TryClaimHit()
        {
            NetChannelClassifier classifier = _classifier;
            NetBenchFrameDevice device = _device;
            int claimed = 0, next = 0;
            for (int i = 0; i < FramesPerInvoke; i++)
            {
                var lease = new FrameLease(next, ClassifierFrames.TcpFrameBytes);
                ReadOnlySpan<byte> frame = _hitFrames.AsSpan(next * ClassifierFrames.TcpFrameBytes, ClassifierFrames.TcpFrameBytes);
                if (classifier.TryClaim(device, lease, frame))
                    claimed++;
                _channels[next].TryPop(out _);
                if (++next == _channels.Length)
                    next = 0;
            }
            return claimed;
        }

        [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
        public int TryClaimUnknownFlow()
        {
            NetChannelClassifier classifier = _classifier;
            NetBenchFrameDevice device = _device;
            int claimed = 0, next = 0;
            for (int i = 0; i < FramesPerInvoke; i++)
            {
                var lease = new FrameLease(next, ClassifierFrames.TcpFrameBytes);
                ReadOnlySpan<byte> frame = _unknownFrames.AsSpan(next * ClassifierFrames.TcpFrameBytes, ClassifierFrames.TcpFrameBytes);
                if (classifier.TryClaim(device, lease, frame))
                    claimed++;
                next = (next + 1) & (UnknownFlows - 1);
            }
            return claimed;
        }
    }

    // Cases that do not depend on the table: the header checks alone (Classify on an
    // established-flow segment, no table), and TryClaim refusing a non-TCP frame (a UDP datagram:
    // NotTcp after the Ethernet and IPv4 checks) and an ARP frame (NotIpv4, the first check).
    [MemoryDiagnoser]
    public class ClassifierHeaderBenchmarks
    {
        private const int FramesPerInvoke = 1024;

        private NetBenchFrameDevice _device = null!;
        private NetChannelClassifier _classifier = null!;
        private readonly byte[] _tcpFrame = new byte[ClassifierFrames.TcpFrameBytes];
        private readonly byte[] _udpFrame = new byte[ClassifierFrames.TcpFrameBytes];
        private readonly byte[] _arpFrame = new byte[ClassifierFrames.ArpFrameBytes];

        [GlobalSetup]
        public void Setup()
        {
            _device = new NetBenchFrameDevice(ClassifierFrames.LocalMac);
            _classifier = new NetChannelClassifier(new FlowTable(0x5bd1e995u)) { Enabled = true, LocalAddress = ClassifierFrames.LocalAddress };
            ClassifierFrames.WriteTcp(_tcpFrame, ClassifierFrames.Flow(0), ClassifierFrames.FlagAck);
            ClassifierFrames.WriteTcp(_udpFrame, ClassifierFrames.Flow(0), ClassifierFrames.FlagAck);
            _udpFrame[EthernetFrame.HeaderBytes + 9] = (byte)IpProtocol.Udp;
            ClassifierFrames.WriteArp(_arpFrame);
            if (ClassifyHeaders() != FramesPerInvoke || TryClaimNotTcp() != 0 || TryClaimArp() != 0 ||
                _classifier.Count(ClassifierOutcome.NotTcp) != FramesPerInvoke || _classifier.Count(ClassifierOutcome.NotIpv4) != FramesPerInvoke)
                throw new InvalidOperationException("outcomes");
        }

        [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
        public int ClassifyHeaders()
        {
            int claimed = 0;
            ReadOnlySpan<byte> frame = _tcpFrame;
            for (int i = 0; i < FramesPerInvoke; i++)
            {
                if (NetChannelClassifier.Classify(frame, ClassifierFrames.LocalAddress, out FlowKey _) == ClassifierOutcome.Claimed)
                    claimed++;
            }
            return claimed;
        }

        [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
        public int TryClaimNotTcp() => ClaimAll(_udpFrame);

        [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
        public int TryClaimArp() => ClaimAll(_arpFrame);

        private int ClaimAll(byte[] bytes)
        {
            NetChannelClassifier classifier = _classifier;
            var lease = new FrameLease(0, bytes.Length);
            ReadOnlySpan<byte> frame = bytes;
            int claimed = 0;
            for (int i = 0; i < FramesPerInvoke; i++)
            {
                if (classifier.TryClaim(_device, lease, frame))
                    claimed++;
            }
            return claimed;
        }
    }

    // Crafted frames for the classifier benchmarks: Ethernet II + IPv4 (20 bytes) + TCP (20 bytes,
    // no payload), and an ARP request. Checksums are left zero: the classifier reads no checksum.
    internal static class ClassifierFrames
    {
        public const int TcpFrameBytes = EthernetFrame.HeaderBytes + 20 + 20;
        public const int ArpFrameBytes = EthernetFrame.HeaderBytes + 28;
        public const byte FlagAck = 0x10;
        public const ushort LocalPort = 5000;

        public static readonly MacAddress LocalMac = new MacAddress(0x02, 0, 0, 0, 0, 1);
        public static readonly MacAddress RemoteMac = new MacAddress(0x02, 0, 0, 0, 0, 2);
        public static readonly Ipv4Address LocalAddress = new Ipv4Address(10, 0, 0, 1);

        // Flow i: distinct remote addresses and ports (10.0.1.1 upwards, ports 40000 upwards).
        public static FlowKey Flow(int i) =>
            new FlowKey(LocalAddress, LocalPort, new Ipv4Address(10, 0, (byte)(1 + i / 250), (byte)(1 + i % 250)), (ushort)(40000 + i));

        // Unknown flow i: a remote port below every registered flow's.
        public static FlowKey UnknownFlow(int i) =>
            new FlowKey(LocalAddress, LocalPort, new Ipv4Address(10, 0, 9, (byte)(1 + i)), (ushort)(20000 + i));

        public static void WriteTcp(Span<byte> frame, in FlowKey flow, byte flags)
        {
            LocalMac.Write(frame);
            RemoteMac.Write(frame.Slice(6));
            BinaryPrimitives.WriteUInt16BigEndian(frame.Slice(12), (ushort)EtherType.Ipv4);
            Span<byte> ip = frame.Slice(EthernetFrame.HeaderBytes);
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(2), 40);
            ip[8] = 64;
            ip[9] = (byte)IpProtocol.Tcp;
            flow.RemoteAddress.Write(ip.Slice(12));
            flow.LocalAddress.Write(ip.Slice(16));
            Span<byte> tcp = ip.Slice(20);
            BinaryPrimitives.WriteUInt16BigEndian(tcp.Slice(0), flow.RemotePort);
            BinaryPrimitives.WriteUInt16BigEndian(tcp.Slice(2), flow.LocalPort);
            BinaryPrimitives.WriteUInt32BigEndian(tcp.Slice(4), 1000);
            BinaryPrimitives.WriteUInt32BigEndian(tcp.Slice(8), 2000);
            tcp[12] = 5 << 4;
            tcp[13] = flags;
            BinaryPrimitives.WriteUInt16BigEndian(tcp.Slice(14), 65535);
        }

        public static void WriteArp(Span<byte> frame)
        {
            MacAddress.Broadcast.Write(frame);
            RemoteMac.Write(frame.Slice(6));
            BinaryPrimitives.WriteUInt16BigEndian(frame.Slice(12), (ushort)EtherType.Arp);
            Span<byte> arp = frame.Slice(EthernetFrame.HeaderBytes);
            BinaryPrimitives.WriteUInt16BigEndian(arp.Slice(0), 1);      // Ethernet
            BinaryPrimitives.WriteUInt16BigEndian(arp.Slice(2), 0x0800); // IPv4
            arp[4] = 6;
            arp[5] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(arp.Slice(6), 1);      // request
            RemoteMac.Write(arp.Slice(8));
            new Ipv4Address(10, 0, 0, 2).Write(arp.Slice(14));
            LocalAddress.Write(arp.Slice(24));
        }
    }
}
