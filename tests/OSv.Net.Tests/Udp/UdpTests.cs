// UDP through a NetStack: sockets bound, datagrams delivered into their bounded queues and read
// back, sends built into exact frames, and ICMP port unreachable with its rate limit.
using System;
using System.Collections.Generic;
using OSv.Net.Ip;
using OSv.Net.Sockets;
using OSv.Net.Stack;
using OSv.Net.Tcp;
using OSv.Net.Tests.Stack;
using OSv.Net.Tests.Wire;
using OSv.Net.Udp;
using OSv.Net.Wire;
using Xunit;
using static OSv.Net.Tests.Stack.StackFrames;

namespace OSv.Net.Tests.Udp
{
    public class UdpTests
    {
        private const long Second = 1_000_000_000;
        private const long T0 = 1_000 * Second;

        private readonly FakeFrameDevice _device = new FakeFrameDevice(OurMac);
        private readonly NetStack _stack;

        public UdpTests()
        {
            _stack = new NetStack(_device, NetConfiguration.Static(Ours, Mask24, Gateway)!, new TcpSettings(), 99);
            _stack.ProcessFrame(ArpRequest(GatewayMac, Gateway, Ours), T0);
            _device.Sent.Clear();
        }

        private sealed class RecordingWaker : SocketWaker
        {
            public readonly List<SocketEvents> Events = new List<SocketEvents>();
            public override void Wake(SocketEvents events) => Events.Add(events);
        }

        private void FeedUdp(ushort destinationPort, byte[] payload, long nowNs = T0, ushort sourcePort = 40000) =>
            _stack.ProcessFrame(UdpFrame(GatewayMac, Gateway, Ours, sourcePort, destinationPort, payload), nowNs);

        [Fact]
        public void Datagram_ToBoundPort_ReceivedWithSource()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            FeedUdp(7, Hex("68656c6c6f"));

            var buffer = new byte[64];
            Assert.True(socket.TryReceive(buffer, out int length, out Ipv4Address from, out ushort fromPort));
            Assert.Equal("68656C6C6F", Convert.ToHexString(buffer, 0, length));
            Assert.Equal(Gateway, from);
            Assert.Equal(40000, fromPort);
            Assert.False(socket.TryReceive(buffer, out _, out _, out _));
        }

        [Fact]
        public void EchoBack_ThroughSocket_ExactFrameWithChecksum()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            FeedUdp(7, Hex("0102030405"));
            var buffer = new byte[64];
            socket.TryReceive(buffer, out int length, out Ipv4Address from, out ushort fromPort);

            Assert.Equal(UdpSendResult.Sent, socket.TrySendTo(from, fromPort, buffer.AsSpan(0, length)));

            byte[] sent = _device.TakeOne();
            byte[] expected = Ipv4(OurMac, GatewayMac, Ours, Gateway, IpProtocol.Udp, UdpBytes(Ours, Gateway, 7, 40000, Hex("0102030405")),
                ReadUInt16(sent, 18));
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(sent));
            Expect.Ok(UdpDatagram.TryCreate(sent.AsSpan(34), Ours, Gateway, out UdpDatagram datagram));
            Assert.True(datagram.HasChecksum);
        }

        [Fact]
        public void Datagrams_Queued_ReadInArrivalOrder()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            for (byte i = 1; i <= 3; i++)
                FeedUdp(7, new[] { i, i });

            var buffer = new byte[8];
            for (byte i = 1; i <= 3; i++)
            {
                Assert.True(socket.TryReceive(buffer, out int length, out _, out _));
                Assert.Equal(2, length);
                Assert.Equal(i, buffer[0]);
            }
            Assert.Equal(0, socket.QueuedBytes);
        }

        [Fact]
        public void Queue_Full_DatagramDroppedAndCounted()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            int recordBytes = NetLimits.UdpRecordHeaderBytes + 1000;
            int fits = NetLimits.UdpReceiveQueueBytes / recordBytes;
            for (int i = 0; i <= fits; i++)
                FeedUdp(7, new byte[1000]);

            Assert.Equal(fits, socket.QueuedDatagrams);
            Assert.Equal(1, socket.QueueFullDrops);
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.UdpQueueFull));
        }

        [Fact]
        public void Queue_WrapsAroundRingEnd_PayloadIntact()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            var buffer = new byte[1500];
            var random = new Random(768);
            var expected = new Queue<byte[]>();
            for (int round = 0; round < 200; round++)
            {
                var payload = new byte[1 + random.Next(1400)];
                random.NextBytes(payload);
                FeedUdp(7, payload);
                expected.Enqueue(payload);
                if (expected.Count > 3)
                {
                    Assert.True(socket.TryReceive(buffer, out int length, out _, out _));
                    Assert.Equal(Convert.ToHexString(expected.Dequeue()), Convert.ToHexString(buffer, 0, length));
                }
            }
            while (expected.Count > 0)
            {
                Assert.True(socket.TryReceive(buffer, out int length, out _, out _));
                Assert.Equal(Convert.ToHexString(expected.Dequeue()), Convert.ToHexString(buffer, 0, length));
            }
            Assert.Equal(0, socket.QueueFullDrops);
        }

        [Fact]
        public void Receive_BufferTooSmall_TruncatedAndDatagramConsumed()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            FeedUdp(7, Hex("0102030405"));
            FeedUdp(7, Hex("06"));

            var buffer = new byte[2];
            Assert.True(socket.TryReceive(buffer, out int length, out _, out _));
            Assert.Equal(2, length);
            Assert.Equal("0102", Convert.ToHexString(buffer));
            Assert.Equal(1, socket.TruncatedReceives);
            Assert.True(socket.TryReceive(buffer, out length, out _, out _));
            Assert.Equal(1, length);
            Assert.Equal(6, buffer[0]);
        }

        [Fact]
        public void Readiness_EmptyThenDatagram_WritableThenReadableAndWoken()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            var waker = new RecordingWaker();
            socket.Waker = waker;
            Assert.Equal(SocketEvents.Writable, socket.Readiness);

            FeedUdp(7, Hex("01"));
            FeedUdp(7, Hex("02"));

            Assert.Equal(SocketEvents.Readable | SocketEvents.Writable, socket.Readiness);
            Assert.Equal(new[] { SocketEvents.Readable }, waker.Events); // once: on the empty-to-ready edge
        }

        [Fact]
        public void Close_Bound_HangUpWokenAndPortFreed()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            var waker = new RecordingWaker();
            socket.Waker = waker;

            socket.Close();

            Assert.Equal(SocketEvents.HangUp, socket.Readiness);
            Assert.Equal(new[] { SocketEvents.HangUp }, waker.Events);
            Assert.Equal(UdpSendResult.NotBound, socket.TrySendTo(Gateway, 9, Hex("01")));
            Assert.NotNull(_stack.Udp.Bind(7));
        }

        [Fact]
        public void Bind_PortTaken_Null()
        {
            Assert.NotNull(_stack.Udp.Bind(7));
            Assert.Null(_stack.Udp.Bind(7));
        }

        [Fact]
        public void Bind_Zero_DistinctEphemeralPortsInDynamicRange()
        {
            UdpSocketBlock first = _stack.Udp.Bind(0)!;
            UdpSocketBlock second = _stack.Udp.Bind(0)!;

            Assert.InRange(first.LocalPort, NetLimits.UdpEphemeralPortFirst, NetLimits.UdpEphemeralPortLast);
            Assert.InRange(second.LocalPort, NetLimits.UdpEphemeralPortFirst, NetLimits.UdpEphemeralPortLast);
            Assert.NotEqual(first.LocalPort, second.LocalPort);
        }

        [Fact]
        public void Bind_TableFull_Null()
        {
            for (int i = 0; i < NetLimits.UdpSocketsMax; i++)
                Assert.NotNull(_stack.Udp.Bind((ushort)(1000 + i)));

            Assert.Null(_stack.Udp.Bind(2000));
            Assert.Null(_stack.Udp.Bind(0));
            Assert.Equal(NetLimits.UdpSocketsMax, _stack.Udp.SocketsInUse);
        }

        [Fact]
        public void Send_PayloadAboveMtu_RefusedNothingSent()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            Assert.Equal(1472, _stack.Udp.PayloadBytesMax);

            Assert.Equal(UdpSendResult.PayloadTooLarge, socket.TrySendTo(Gateway, 9, new byte[1473]));
            Assert.Equal(UdpSendResult.Sent, socket.TrySendTo(Gateway, 9, new byte[1472]));
            Assert.Equal(1514, _device.TakeOne().Length);
        }

        [Fact]
        public void Send_PortZeroOrAddressAny_BadDestination()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            Assert.Equal(UdpSendResult.BadDestination, socket.TrySendTo(Gateway, 0, Hex("01")));
            Assert.Equal(UdpSendResult.BadDestination, socket.TrySendTo(Ipv4Address.Any, 9, Hex("01")));
            _device.ExpectNothingSent();
        }

        [Fact]
        public void Send_Unconfigured_NotConfigured()
        {
            var device = new FakeFrameDevice(OurMac);
            var stack = new NetStack(device, NetConfiguration.Dhcp(), new TcpSettings(), 1);

            Assert.Equal(UdpSendResult.NotConfigured, stack.Udp.Bind(7)!.TrySendTo(Gateway, 9, Hex("01")));
            Assert.Equal(1, stack.Counters.Drops(NetDropReason.NotConfigured));
        }

        [Fact]
        public void Datagram_ToUnboundPort_ExactPortUnreachable()
        {
            byte[] frame = UdpFrame(GatewayMac, Gateway, Ours, 40000, 9999, Hex("0102030405060708090a"));
            _stack.ProcessFrame(frame, T0);

            byte[] sent = _device.TakeOne();
            // Type 3 code 3, unused word zero, then the datagram's IP header and first 8 bytes.
            byte[] quote = frame.AsSpan(14, 20 + 8).ToArray();
            var message = new byte[8 + quote.Length];
            quote.CopyTo(message, 8);
            new IcmpHeader(IcmpType.DestinationUnreachable, 3, 0, quote.Length).TryEmit(message, out _);
            byte[] expected = Ipv4(OurMac, GatewayMac, Ours, Gateway, IpProtocol.Icmp, message, ReadUInt16(sent, 18));
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(sent));
            Assert.Equal(1, _stack.Counters.PortUnreachablesSent);
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.UdpNoSocket));
        }

        [Fact]
        public void PortUnreachable_BurstExhausted_RateLimitedThenRefilled()
        {
            for (int i = 0; i < NetLimits.IcmpErrorBurstMax + 5; i++)
                FeedUdp(9999, Hex("01"));
            Assert.Equal(NetLimits.IcmpErrorBurstMax, _device.Sent.Count);
            Assert.Equal(5, _stack.Counters.Drops(NetDropReason.IcmpErrorRateLimited));
            _device.Sent.Clear();

            FeedUdp(9999, Hex("01"), T0 + NetLimits.IcmpErrorTokenIntervalNs - 1);
            _device.ExpectNothingSent();
            FeedUdp(9999, Hex("01"), T0 + NetLimits.IcmpErrorTokenIntervalNs);
            _device.TakeOne();
            FeedUdp(9999, Hex("01"), T0 + NetLimits.IcmpErrorTokenIntervalNs);
            _device.ExpectNothingSent();
        }

        [Fact]
        public void Datagram_ToUnboundPortBroadcast_NoPortUnreachable()
        {
            _stack.ProcessFrame(UdpFrame(GatewayMac, Gateway, Ipv4Address.Broadcast, 40000, 9999, Hex("01"), MacAddress.Broadcast), T0);
            _stack.ProcessFrame(UdpFrame(GatewayMac, Gateway, SubnetBroadcast, 40000, 9999, Hex("01"), MacAddress.Broadcast), T0);
            _stack.ProcessFrame(UdpFrame(GatewayMac, Gateway, Ours, 40000, 9999, Hex("01"), MacAddress.Broadcast), T0);

            _device.ExpectNothingSent();
            Assert.Equal(3, _stack.Counters.Drops(NetDropReason.UdpNoSocket));
            Assert.Equal(0, _stack.Counters.PortUnreachablesSent);
        }

        [Fact]
        public void Datagram_ToBoundPortBroadcast_Delivered()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            _stack.ProcessFrame(UdpFrame(GatewayMac, Gateway, SubnetBroadcast, 40000, 7, Hex("01"), MacAddress.Broadcast), T0);

            Assert.Equal(1, socket.QueuedDatagrams);
        }

        [Fact]
        public void Datagram_BadChecksum_DroppedMalformedNoReply()
        {
            byte[] frame = UdpFrame(GatewayMac, Gateway, Ours, 40000, 9999, Hex("0102"));
            frame[34 + 6] ^= 0x55;
            _stack.ProcessFrame(frame, T0);

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.UdpMalformed));
        }
    }
}
