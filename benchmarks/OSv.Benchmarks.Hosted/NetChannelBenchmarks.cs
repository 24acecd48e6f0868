// Per-segment receive cost of an established TCP flow carrying 1448-byte segments, on the two
// receive designs of OSv.Net/Sockets/Network.cs, with the receiving app consuming each segment
// (EstablishedFlow: a real connection, each frame the next in-order segment).
//
// - DefaultPath: the net thread's loop (Network.TakeFramesLocked): FrameDevice.TryTakeUnclaimed
//   with no classifier, NetStack.ProcessFrame (Ethernet -> IPv4 -> TCP input -> receive ring,
//   an ACK every second segment to the sink), Return; then PeekReceived/Consume.
// - ChannelPath: the driver side's TryTakeUnclaimed with the NetChannelClassifier installed
//   (TryClaim: header checks, FlowTable lookup, SpscRing push; the take then finds nothing
//   unclaimed), then the consumer's Network.DrainChannelLocked: TryPop, the same ProcessFrame,
//   Return; then PeekReceived/Consume.
// - FrameOnly (baseline): what both include besides the stack: patching the next sequence number
//   and checksum in place, queueing and taking the lease, returning it.
// - TcpChecksumOnly: for scale, the one piece of TCP input that touches every payload byte: the
//   Internet checksum (OSv.Net.Wire.InternetChecksum) over the pseudo-header and the segment.
//
// All on one thread, no lock: the figure is CPU work per segment. What the channel design buys,
// TCP input on the consumer's thread and core instead of the driver's, cannot show in a
// single-threaded microbenchmark; here it can only cost the classify, push and pop on top.
// Segments per invocation: SegmentsPerInvoke, so BenchmarkDotNet's per-call overhead is amortised.
using System;
using BenchmarkDotNet.Attributes;
using OSv.Net.Channels;
using OSv.Net.Link;
using OSv.Net.Stack;
using OSv.Net.Tcp;
using OSv.Net.Wire;

namespace OSv.Benchmarks.Hosted
{
    [MemoryDiagnoser]
    [MinColumn, MedianColumn]
    public class NetChannelBenchmarks
    {
        private const int SegmentsPerInvoke = 64;
        private const int CheckedSegments = 10_000;
        private const uint FlowSecret = 0x5bd1e995u;

        private EstablishedFlow _flow = null!;
        private NetBenchFrameDevice _device = null!;
        private NetStack _stack = null!;
        private NetChannel _channel = null!;
        private NetChannelClassifier _classifier = null!;

        [GlobalSetup(Target = nameof(DefaultPath))]
        public void SetupDefault()
        {
            Build();
            Check(DefaultPath, claimed: false);
        }

        [GlobalSetup(Target = nameof(ChannelPath))]
        public void SetupChannel()
        {
            Build();
            _device.Classifier = _classifier;
            Check(ChannelPath, claimed: true);
        }

        [GlobalSetup(Targets = new[] { nameof(FrameOnly), nameof(TcpChecksumOnly) })]
        public void SetupFrameOnly() => Build();

        private void Build()
        {
            _flow = new EstablishedFlow();
            _device = _flow.Device;
            _stack = _flow.Receiver;
            var flows = new FlowTable(FlowSecret);
            _channel = new NetChannel(_device);
            if (!_channel.Bind(_flow.Connection.Flow, null) || flows.Add(_channel) != FlowTableAddResult.Added)
                throw new InvalidOperationException("channel");
            _classifier = new NetChannelClassifier(flows) { Enabled = true, LocalAddress = EstablishedFlow.ReceiverAddress };
        }

        // Runs the path CheckedSegments/SegmentsPerInvoke times and fails setup unless every
        // byte reached the app, the connection stayed established and the path was the one meant.
        private void Check(Action path, bool claimed)
        {
            long segmentsBefore = _stack.Tcp.Counters.SegmentsReceived;
            int rounds = CheckedSegments / SegmentsPerInvoke;
            for (int i = 0; i < rounds; i++)
                path();
            long segments = (long)rounds * SegmentsPerInvoke;
            if (_flow.BytesConsumed != segments * EstablishedFlow.SegmentPayloadBytes)
                throw new InvalidOperationException("consumed " + _flow.BytesConsumed + " of " + segments * EstablishedFlow.SegmentPayloadBytes);
            if (_stack.Tcp.Counters.SegmentsReceived - segmentsBefore != segments || _flow.Connection.State != TcpState.Established)
                throw new InvalidOperationException("TCP saw " + (_stack.Tcp.Counters.SegmentsReceived - segmentsBefore) + ", state " + _flow.Connection.State);
            if (_classifier.Count(ClassifierOutcome.Claimed) != (claimed ? segments : 0) || _device.BadReturns != 0 || _device.FramesQueued != 0)
                throw new InvalidOperationException("claimed " + _classifier.Count(ClassifierOutcome.Claimed));
            if (_device.SentToSink < segments / 2)
                throw new InvalidOperationException("only " + _device.SentToSink + " ACKs");
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = SegmentsPerInvoke)]
        public void FrameOnly()
        {
            NetBenchFrameDevice device = _device;
            for (int i = 0; i < SegmentsPerInvoke; i++)
            {
                _flow.NextSegment();
                device.TryTake(out FrameLease lease);
                device.Return(lease);
            }
        }

        [Benchmark(OperationsPerInvoke = SegmentsPerInvoke)]
        public int TcpChecksumOnly()
        {
            ReadOnlySpan<byte> segment = _device.Buffer(_flow.FrameBuffer).Slice(_flow.TcpOffset, _flow.FrameBytes - _flow.TcpOffset);
            int result = 0;
            for (int i = 0; i < SegmentsPerInvoke; i++)
            {
                var checksum = new InternetChecksum();
                checksum.AddIpv4PseudoHeader(EstablishedFlow.SenderAddress, EstablishedFlow.ReceiverAddress, IpProtocol.Tcp, segment.Length);
                checksum.Add(segment);
                result += checksum.Finish();
            }
            if (result != 0)
                throw new InvalidOperationException("bad checksum");
            return result;
        }

        [Benchmark(OperationsPerInvoke = SegmentsPerInvoke)]
        public void DefaultPath()
        {
            NetBenchFrameDevice device = _device;
            for (int i = 0; i < SegmentsPerInvoke; i++)
            {
                _flow.NextSegment();
                long now = _flow.NowNs;
                while (device.TryTakeUnclaimed(out FrameLease lease))
                {
                    _stack.ProcessFrame(device.Bytes(lease), now);
                    device.Return(lease);
                }
                _flow.ConsumeAll();
            }
        }

        [Benchmark(OperationsPerInvoke = SegmentsPerInvoke)]
        public void ChannelPath()
        {
            NetBenchFrameDevice device = _device;
            NetChannel channel = _channel;
            for (int i = 0; i < SegmentsPerInvoke; i++)
            {
                _flow.NextSegment();
                long now = _flow.NowNs;
                // Driver side: the classifier claims the frame, so nothing is left unclaimed.
                while (device.TryTakeUnclaimed(out FrameLease unclaimed))
                {
                    _stack.ProcessFrame(device.Bytes(unclaimed), now);
                    device.Return(unclaimed);
                }
                // Consumer side (Network.DrainChannelLocked).
                while (channel.TryPop(out FrameLease lease))
                {
                    _stack.ProcessFrame(channel.Device.Bytes(lease), now);
                    channel.Device.Return(lease);
                }
                _flow.ConsumeAll();
            }
        }
    }
}
