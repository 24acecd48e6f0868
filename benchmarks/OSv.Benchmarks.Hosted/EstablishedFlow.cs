// The fixture of the receive benchmarks: a real established TCP connection between two NetStacks,
// then a stream of in-order data segments from the sender that the receiver's stack takes as new
// data, without the sender in the loop.
//
// Setup (allocates freely): the two devices are wired to each other and the stacks run ARP and
// the three-way handshake (sender connects, receiver listens and accepts). Then the wire is cut,
// the sender queues SegmentPayloadBytes with Nagle off, and its one data frame is captured from
// its sink. That frame (Ethernet + IPv4 + TCP with whatever options the stacks agreed, e.g.
// timestamps) is copied into a buffer reserved on the receiver's device.
//
// Per segment (NextSegment): the sequence number is advanced by SegmentPayloadBytes in place and
// the TCP checksum patched incrementally (RFC 1624 eq. 3, one call per 16-bit word changed), so
// each frame is the next in-order segment with a valid checksum; nothing else changes (the ACK
// field stays the sender's view, since the sender never sees the receiver's ACKs, which go to the
// sink; a constant timestamp is allowed by PAWS, RFC 7323 5.3, which rejects only older ones).
// The app side (ConsumeAll) drains the receive ring with PeekReceived/Consume, as a zero-copy
// reader does, so the window stays open.
using System;
using System.Buffers.Binary;
using OSv.Net.Ip;
using OSv.Net.Stack;
using OSv.Net.Tcp;
using OSv.Net.Wire;

namespace OSv.Benchmarks.Hosted
{
    internal sealed class EstablishedFlow
    {
        public const int SegmentPayloadBytes = 1448;
        public const ushort ServerPort = 5000;
        public const long StepNs = 1_000;  // synthetic clock: 1 us per segment

        private const long SetupStepNs = 1_000_000;
        private const int SetupStepsMax = 100;
        private const int TcpSequenceOffset = 4;
        private const int TcpChecksumOffset = 16;

        public static readonly Ipv4Address ReceiverAddress = new Ipv4Address(10, 0, 0, 1);
        public static readonly Ipv4Address SenderAddress = new Ipv4Address(10, 0, 0, 2);
        private static readonly Ipv4Address Mask = new Ipv4Address(255, 255, 255, 0);

        private readonly int _tcpOffset;   // the TCP header within the frame
        private uint _sequence;

        public EstablishedFlow()
        {
            var receiverDevice = new NetBenchFrameDevice(new MacAddress(0x02, 0, 0, 0, 0, 1));
            var senderDevice = new NetBenchFrameDevice(new MacAddress(0x02, 0, 0, 0, 0, 2));
            receiverDevice.Peer = senderDevice;
            senderDevice.Peer = receiverDevice;
            Device = receiverDevice;
            Receiver = new NetStack(receiverDevice, NetConfiguration.Static(ReceiverAddress, Mask, Ipv4Address.Any, netChannels: false)!, new TcpSettings(), 0x1234_5678u);
            var sender = new NetStack(senderDevice, NetConfiguration.Static(SenderAddress, Mask, Ipv4Address.Any, netChannels: false)!, new TcpSettings { Nagle = false }, 0x8765_4321u);
            NowNs = 1_000_000_000;

            TcpListenerBlock listener = Receiver.Tcp.Listen(ReceiverAddress, ServerPort, 4) ?? throw new InvalidOperationException("listen");
            TcpControlBlock client = sender.Tcp.Connect(SenderAddress, ReceiverAddress, ServerPort, NowNs) ?? throw new InvalidOperationException("connect");
            TcpControlBlock? server = null;
            for (int step = 0; step < SetupStepsMax && server == null; step++)
            {
                NowNs += SetupStepNs;
                sender.PollDevice(NowNs, 64);
                sender.Poll(NowNs);
                Receiver.PollDevice(NowNs, 64);
                Receiver.Poll(NowNs);
                if (client.State == TcpState.Established)
                    listener.TryAccept(out server);
            }
            Connection = server ?? throw new InvalidOperationException("no handshake: client " + client.State);
            if (Connection.State != TcpState.Established)
                throw new InvalidOperationException("server " + Connection.State);

            // Cut the wire: from now on both sides send to their sinks.
            receiverDevice.Peer = null;
            senderDevice.Peer = null;
            senderDevice.Capture = true;
            byte[] payload = new byte[SegmentPayloadBytes];
            for (int i = 0; i < payload.Length; i++)
                payload[i] = (byte)i;
            if (client.Send(payload, NowNs) != SegmentPayloadBytes)
                throw new InvalidOperationException("send");
            ReadOnlySpan<byte> frame = senderDevice.Captured;
            _tcpOffset = EthernetFrame.HeaderBytes + (frame[EthernetFrame.HeaderBytes] & 0xF) * 4;
            int tcpHeaderBytes = (frame[_tcpOffset + 12] >> 4) * 4;
            FrameBytes = frame.Length;
            if (FrameBytes != _tcpOffset + tcpHeaderBytes + SegmentPayloadBytes)
                throw new InvalidOperationException("captured frame is " + FrameBytes + " bytes");
            TcpHeaderBytes = tcpHeaderBytes;
            FrameBuffer = receiverDevice.Reserve();
            frame.CopyTo(receiverDevice.Buffer(FrameBuffer));
            _sequence = BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(_tcpOffset + TcpSequenceOffset));
            // The first NextSegment advances by one segment: start one behind the captured frame.
            _sequence -= SegmentPayloadBytes;
            WriteSequence(_sequence);
        }

        public NetStack Receiver { get; }
        public NetBenchFrameDevice Device { get; }
        public TcpControlBlock Connection { get; }
        public int FrameBuffer { get; }
        public int TcpOffset => _tcpOffset;
        public int FrameBytes { get; }
        public int TcpHeaderBytes { get; }
        public long NowNs { get; private set; }
        public long BytesConsumed { get; private set; }

        // Rewrites the reserved frame as the next in-order segment, queues it on the device, and
        // advances the clock.
        public void NextSegment()
        {
            _sequence += SegmentPayloadBytes;
            WriteSequence(_sequence);
            Device.QueueReserved(FrameBuffer, FrameBytes);
            NowNs += StepNs;
        }

        // The application: everything readable, consumed in place (at most two spans: the ring
        // may wrap).
        public void ConsumeAll()
        {
            TcpControlBlock connection = Connection;
            for (int pass = 0; pass < 2 && connection.ReceivedBytes > 0; pass++)
            {
                int length = connection.PeekReceived().Length;
                connection.Consume(length, NowNs);
                BytesConsumed += length;
            }
        }

        private void WriteSequence(uint sequence)
        {
            Span<byte> frame = Device.Buffer(FrameBuffer);
            int at = _tcpOffset + TcpSequenceOffset;
            ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(_tcpOffset + TcpChecksumOffset));
            ushort oldHigh = BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(at));
            ushort oldLow = BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(at + 2));
            BinaryPrimitives.WriteUInt32BigEndian(frame.Slice(at), sequence);
            checksum = InternetChecksum.Update(checksum, oldHigh, (ushort)(sequence >> 16));
            checksum = InternetChecksum.Update(checksum, oldLow, (ushort)sequence);
            BinaryPrimitives.WriteUInt16BigEndian(frame.Slice(_tcpOffset + TcpChecksumOffset), checksum);
        }
    }
}
