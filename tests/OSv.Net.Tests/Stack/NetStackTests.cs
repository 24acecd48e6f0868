// The interface driver packet-in, packet-out: frames fed through ProcessFrame/PollDevice, the
// exact frames sent asserted, and every drop counted by reason. Fixture: a static 10.0.2.15/24
// with gateway 10.0.2.2 (QEMU's slirp network).
using System;
using OSv.Net.Arp;
using OSv.Net.Ip;
using OSv.Net.Stack;
using OSv.Net.Tcp;
using OSv.Net.Udp;
using OSv.Net.Tests.Wire;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;
using static OSv.Net.Tests.Stack.StackFrames;

namespace OSv.Net.Tests.Stack
{
    public class NetStackTests
    {
        private const long Second = 1_000_000_000;
        private const long T0 = 1_000 * Second;
        private const uint Secret = 12345;

        private readonly FakeFrameDevice _device = new FakeFrameDevice(OurMac);
        private readonly NetStack _stack;

        public NetStackTests()
        {
            _stack = new NetStack(_device, NetConfiguration.Static(Ours, Mask24, Gateway)!, new TcpSettings(), Secret);
        }

        private void Feed(byte[] frame, long nowNs = T0) => _stack.ProcessFrame(frame, nowNs);

        // The gateway asks for us: we learn its address and answer; the answer is discarded.
        private void LearnGateway(long nowNs = T0)
        {
            Feed(ArpRequest(GatewayMac, Gateway, Ours), nowNs);
            _device.TakeOne();
        }

        private static ushort IdentificationOf(byte[] frame) => ReadUInt16(frame, EthernetFrame.HeaderBytes + 4);

        // The exact IPv4 frame the stack should have sent, built independently, with the
        // identification (a per-boot counter) taken from the frame itself.
        private static void ExpectIpv4Frame(byte[] sent, MacAddress destinationMac, Ipv4Address destination,
            IpProtocol protocol, byte[] payload, bool dontFragment = false)
        {
            byte[] expected = Ipv4(OurMac, destinationMac, Ours, destination, protocol, payload, IdentificationOf(sent),
                dontFragment: dontFragment);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(sent));
            Expect.Ok(Ipv4Packet.TryCreate(sent.AsSpan(EthernetFrame.HeaderBytes), out _));
        }

        [Fact]
        public void ArpRequest_ForOurAddress_SendsExactReply()
        {
            Feed(ArpRequest(GatewayMac, Gateway, Ours));

            byte[] expected = Hex("52550a000202 525400123456 0806 0001 0800 06 04 0002 525400123456 0a00020f 52550a000202 0a000202");
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(_device.TakeOne()));
            Assert.Equal(1, _stack.Counters.ArpRepliesSent);
            Assert.Equal(ArpEntryState.Reachable, _stack.Arp.StateOf(Gateway));
        }

        [Fact]
        public void ArpRequest_ForAnotherAddress_NotAnsweredNotLearned()
        {
            Feed(ArpRequest(GatewayMac, Gateway, Peer));

            _device.ExpectNothingSent();
            Assert.Equal(ArpEntryState.None, _stack.Arp.StateOf(Gateway));
        }

        [Fact]
        public void ArpRequest_SenderClaimsOurAddress_CountedConflictNoReply()
        {
            Feed(ArpRequest(OtherMac, Ours, Ours));

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.ArpAddressConflict));
        }

        [Fact]
        public void ArpReply_Truncated_CountedMalformed()
        {
            byte[] frame = ArpReply(GatewayMac, Gateway);
            Feed(frame[..30]);

            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.ArpMalformed));
        }

        [Fact]
        public void EchoRequest_FromResolvedPeer_SendsExactEchoReply()
        {
            LearnGateway();
            byte[] data = Hex("0011223344556677 8899aabbccddeeff 01");

            Feed(EchoRequestFrame(Gateway, GatewayMac, 7, data));

            byte[] sent = _device.TakeOne();
            ExpectIpv4Frame(sent, GatewayMac, Gateway, IpProtocol.Icmp, Echo(IcmpType.EchoReply, 0x4242, 7, data));
            Expect.Ok(IcmpPacket.TryCreate(sent.AsSpan(34), out IcmpPacket reply));
            Assert.Equal(1, _stack.Counters.EchoRepliesSent);
        }

        [Fact]
        public void EchoRequest_TwoReplies_IdentificationIncrements()
        {
            LearnGateway();
            Feed(EchoRequestFrame(Gateway, GatewayMac, 1, new byte[4]));
            Feed(EchoRequestFrame(Gateway, GatewayMac, 2, new byte[4]));

            Assert.Equal(2, _device.Sent.Count);
            Assert.Equal((ushort)(IdentificationOf(_device.Sent[0]) + 1), IdentificationOf(_device.Sent[1]));
        }

        [Fact]
        public void EchoRequest_UnresolvedPeer_ArpRequestThenReplyReleasedOnArpReply()
        {
            byte[] data = Hex("cafe");
            Feed(EchoRequestFrame(Peer, PeerMac, 3, data));

            // The reply waits; a broadcast request for the peer goes out.
            byte[] request = _device.TakeOne();
            Assert.Equal(Convert.ToHexString(ArpRequest(OurMac, Ours, Peer)), Convert.ToHexString(request));
            Assert.Equal(1, _stack.PendingPacketsHeld);

            Feed(ArpReply(PeerMac, Peer), T0 + Second / 10);

            ExpectIpv4Frame(_device.TakeOne(), PeerMac, Peer, IpProtocol.Icmp, Echo(IcmpType.EchoReply, 0x4242, 3, data));
            Assert.Equal(0, _stack.PendingPacketsHeld);
            Assert.Equal(1, _stack.Counters.PacketsReleased);
        }

        [Fact]
        public void PendingPackets_ReleasedInOrder_AfterArpReply()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(5000)!;
            Assert.Equal(UdpSendResult.Queued, socket.TrySendTo(Peer, 9, Hex("01")));
            _device.TakeOne(); // the ARP request
            Assert.Equal(UdpSendResult.Queued, socket.TrySendTo(Peer, 9, Hex("02")));
            _device.ExpectNothingSent(); // at most one request per second

            Feed(ArpReply(PeerMac, Peer));

            Assert.Equal(2, _device.Sent.Count);
            Assert.Equal(0x01, _device.Sent[0][42]);
            Assert.Equal(0x02, _device.Sent[1][42]);
        }

        [Fact]
        public void PendingPacket_PeerNeverAnswers_ThreeRequestsThenDroppedAndCounted()
        {
            _stack.AdvanceTime(T0);
            UdpSocketBlock socket = _stack.Udp.Bind(5000)!;
            socket.TrySendTo(Peer, 9, Hex("01"));
            _device.TakeOne();
            Assert.Equal(T0 + Second, _stack.NextDeadlineNs);

            _stack.Poll(T0 + Second);
            Assert.Equal(Convert.ToHexString(ArpRequest(OurMac, Ours, Peer)), Convert.ToHexString(_device.TakeOne()));
            _stack.Poll(T0 + 2 * Second);
            _device.TakeOne();
            _stack.Poll(T0 + 3 * Second - 1);
            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.PendingPacketsHeld);

            _stack.Poll(T0 + 3 * Second);

            _device.ExpectNothingSent();
            Assert.Equal(0, _stack.PendingPacketsHeld);
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.ArpUnresolved));
            Assert.Equal(3, _stack.Counters.ArpRequestsSent);
        }

        [Fact]
        public void PendingPool_Exhausted_CountedPendingPoolFull()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(5000)!;
            // Four on-link peers with full queues fill the pool.
            for (int peer = 0; peer < NetLimits.PendingPacketsMax / NetLimits.ArpPendingPacketsPerEntryMax; peer++)
                for (int i = 0; i < NetLimits.ArpPendingPacketsPerEntryMax; i++)
                    Assert.Equal(UdpSendResult.Queued, socket.TrySendTo(new Ipv4Address(10, 0, 2, (byte)(20 + peer)), 9, Hex("01")));

            Assert.Equal(UdpSendResult.Dropped, socket.TrySendTo(new Ipv4Address(10, 0, 2, 30), 9, Hex("01")));
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.PendingPoolFull));
        }

        [Fact]
        public void PendingQueue_FullForOnePeer_OldestDroppedAndCounted()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(5000)!;
            for (int i = 0; i <= NetLimits.ArpPendingPacketsPerEntryMax; i++)
                socket.TrySendTo(Peer, 9, new[] { (byte)i });
            _device.Sent.Clear();

            Feed(ArpReply(PeerMac, Peer));

            Assert.Equal(NetLimits.ArpPendingPacketsPerEntryMax, _device.Sent.Count);
            Assert.Equal(1, _device.Sent[0][42]); // packet 0 was the oldest
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.PendingDroppedOldest));
            Assert.Equal(0, _stack.PendingPacketsHeld);
        }

        [Fact]
        public void Send_OnLinkDestination_ArpsForDestinationItself()
        {
            _stack.Udp.Bind(5000)!.TrySendTo(Peer, 9, Hex("01"));

            Assert.Equal(Convert.ToHexString(ArpRequest(OurMac, Ours, Peer)), Convert.ToHexString(_device.TakeOne()));
            Assert.Equal(RouteResult.OnLink, _stack.Route(Peer, out Ipv4Address nextHop));
            Assert.Equal(Peer, nextHop);
        }

        [Fact]
        public void Send_OffLinkDestination_ArpsForGateway()
        {
            _stack.Udp.Bind(5000)!.TrySendTo(Remote, 9, Hex("01"));

            Assert.Equal(Convert.ToHexString(ArpRequest(OurMac, Ours, Gateway)), Convert.ToHexString(_device.TakeOne()));
            Assert.Equal(RouteResult.ViaGateway, _stack.Route(Remote, out Ipv4Address nextHop));
            Assert.Equal(Gateway, nextHop);
        }

        [Fact]
        public void Send_OffLinkResolvedGateway_FrameToGatewayMacWithRemoteAddress()
        {
            LearnGateway();

            _stack.Udp.Bind(5000)!.TrySendTo(Remote, 53, Hex("abcd"));

            ExpectIpv4Frame(_device.TakeOne(), GatewayMac, Remote, IpProtocol.Udp, UdpBytes(Ours, Remote, 5000, 53, Hex("abcd")));
        }

        [Fact]
        public void Send_OffLinkWithoutGateway_NoRouteCounted()
        {
            var stack = new NetStack(_device, NetConfiguration.Static(Ours, Mask24, Ipv4Address.Any)!, new TcpSettings(), Secret);

            Assert.Equal(UdpSendResult.NoRoute, stack.Udp.Bind(5000)!.TrySendTo(Remote, 9, Hex("01")));
            _device.ExpectNothingSent();
            Assert.Equal(1, stack.Counters.Drops(NetDropReason.NoRoute));
        }

        [Fact]
        public void Send_SubnetBroadcast_ToBroadcastMacWithoutArp()
        {
            _stack.Udp.Bind(5000)!.TrySendTo(SubnetBroadcast, 9, Hex("01"));

            ExpectIpv4Frame(_device.TakeOne(), MacAddress.Broadcast, SubnetBroadcast, IpProtocol.Udp, UdpBytes(Ours, SubnetBroadcast, 5000, 9, Hex("01")));
        }

        [Fact]
        public void Send_DeviceFull_CountedDeviceFull()
        {
            LearnGateway();
            _device.Full = true;

            Assert.Equal(UdpSendResult.Dropped, _stack.Udp.Bind(5000)!.TrySendTo(Gateway, 9, Hex("01")));
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.DeviceFull));
        }

        [Fact]
        public void EchoRequest_ToBroadcast_NotAnsweredCounted()
        {
            Feed(Ipv4(GatewayMac, MacAddress.Broadcast, Gateway, Ipv4Address.Broadcast, IpProtocol.Icmp,
                Echo(IcmpType.EchoRequest, 1, 1, new byte[8])));

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.IcmpBroadcastEcho));
        }

        [Fact]
        public void EchoRequest_BadIcmpChecksum_CountedMalformed()
        {
            byte[] message = Echo(IcmpType.EchoRequest, 1, 1, new byte[8]);
            message[2] ^= 0xFF;
            Feed(Ipv4(GatewayMac, OurMac, Gateway, Ours, IpProtocol.Icmp, message));

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.IcmpMalformed));
        }

        [Fact]
        public void EchoRequest_InThreeFragments_ReassembledAndAnswered()
        {
            LearnGateway();
            byte[] data = new byte[40];
            for (int i = 0; i < data.Length; i++)
                data[i] = (byte)(i * 7);
            byte[] message = Echo(IcmpType.EchoRequest, 0x4242, 9, data); // 48 bytes: 16 + 16 + 16

            Feed(Ipv4(GatewayMac, OurMac, Gateway, Ours, IpProtocol.Icmp, message.AsSpan(16, 16), 77, true, 16));
            Feed(Ipv4(GatewayMac, OurMac, Gateway, Ours, IpProtocol.Icmp, message.AsSpan(32, 16), 77, false, 32));
            _device.ExpectNothingSent();
            Feed(Ipv4(GatewayMac, OurMac, Gateway, Ours, IpProtocol.Icmp, message.AsSpan(0, 16), 77, true, 0));

            ExpectIpv4Frame(_device.TakeOne(), GatewayMac, Gateway, IpProtocol.Icmp, Echo(IcmpType.EchoReply, 0x4242, 9, data));
            Assert.Equal(1, _stack.Reassembly.Counters.Reassembled);
        }

        [Fact]
        public void Fragment_NeverCompleted_ExpiresAtReassemblyTimeout()
        {
            Feed(Ipv4(GatewayMac, OurMac, Gateway, Ours, IpProtocol.Icmp, new byte[16], 78, true, 0));
            Assert.Equal(T0 + NetLimits.ReassemblyTimeoutNs, _stack.NextDeadlineNs);

            _stack.Poll(T0 + NetLimits.ReassemblyTimeoutNs);

            Assert.Equal(0, _stack.Reassembly.DatagramsInProgress);
            Assert.Equal(1, _stack.Reassembly.Counters.TimedOut);
        }

        [Fact]
        public void EchoRequest_LargerThanMtu_ReplyRefusedCounted()
        {
            LearnGateway();
            byte[] message = Echo(IcmpType.EchoRequest, 1, 1, new byte[1600]);
            Feed(Ipv4(GatewayMac, OurMac, Gateway, Ours, IpProtocol.Icmp, message.AsSpan(0, 1480), 90, true, 0));
            Feed(Ipv4(GatewayMac, OurMac, Gateway, Ours, IpProtocol.Icmp, message.AsSpan(1480), 90, false, 1480));

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.EchoReplyTooLarge));
        }

        [Fact]
        public void Frame_ToAnotherStationsMac_DroppedNotOurFrame()
        {
            byte[] frame = EchoRequestFrame(Gateway, GatewayMac, 1, new byte[4]);
            OtherMac.Write(frame);
            Feed(frame);

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.NotOurFrame));
        }

        [Fact]
        public void Frame_ToMulticastMac_DroppedMulticastFrame()
        {
            byte[] frame = EchoRequestFrame(Gateway, GatewayMac, 1, new byte[4]);
            new MacAddress(0x01, 0x00, 0x5e, 0x00, 0x00, 0x01).Write(frame);
            Feed(frame);

            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.MulticastFrame));
        }

        [Fact]
        public void Frame_Ipv6_DroppedUnknownEtherType()
        {
            byte[] frame = EchoRequestFrame(Gateway, GatewayMac, 1, new byte[4]);
            frame[12] = 0x86;
            frame[13] = 0xDD;
            Feed(frame);

            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.UnknownEtherType));
        }

        [Fact]
        public void Ipv4_ToAnotherAddress_DroppedNotForUs()
        {
            Feed(Ipv4(GatewayMac, OurMac, Gateway, Peer, IpProtocol.Icmp, Echo(IcmpType.EchoRequest, 1, 1, new byte[4])));

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.Ipv4NotForUs));
        }

        [Fact]
        public void Ipv4_BroadcastSource_DroppedBadSource()
        {
            Feed(Ipv4(GatewayMac, OurMac, Ipv4Address.Broadcast, Ours, IpProtocol.Icmp, Echo(IcmpType.EchoRequest, 1, 1, new byte[4])));

            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.Ipv4BadSource));
        }

        [Fact]
        public void Ipv4_BadHeaderChecksum_DroppedBadChecksum()
        {
            byte[] frame = EchoRequestFrame(Gateway, GatewayMac, 1, new byte[4]);
            frame[EthernetFrame.HeaderBytes + 10] ^= 1;
            Feed(frame);

            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.Ipv4BadChecksum));
        }

        [Fact]
        public void Ipv4_UnknownProtocol_DroppedCounted()
        {
            Feed(Ipv4(GatewayMac, OurMac, Gateway, Ours, (IpProtocol)47, new byte[8]));

            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.Ipv4UnknownProtocol));
        }

        [Fact]
        public void Tcp_ToBroadcast_DroppedCounted()
        {
            Feed(Ipv4(GatewayMac, MacAddress.Broadcast, Gateway, Ipv4Address.Broadcast, IpProtocol.Tcp, new byte[20]));

            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.TcpBroadcast));
            Assert.Equal(0, _stack.Counters.SegmentsToTcp);
        }

        [Fact]
        public void Tcp_ToUs_HandedToTcpLayer()
        {
            Feed(Ipv4(GatewayMac, OurMac, Gateway, Ours, IpProtocol.Tcp, new byte[20]));

            Assert.Equal(1, _stack.Counters.SegmentsToTcp);
        }

        [Fact]
        public void TcpOutput_SegmentBytesMax_MtuMinusIpHeader()
        {
            Assert.Equal(1480, _stack.TcpOutput.SegmentBytesMax);
            Assert.True(_stack.TcpOutput.BeginSegment().Length >= _stack.TcpOutput.SegmentBytesMax);
        }

        [Fact]
        public void TcpOutput_Transmit_ExactFrameWithDontFragment()
        {
            LearnGateway();
            byte[] segment = Hex("c0000050 00000001 00000000 5002ffff 00000000"); // a 20-byte header, as TCP would write it
            segment.CopyTo(_stack.TcpOutput.BeginSegment());

            Assert.True(_stack.TcpOutput.Transmit(new FlowKey(Ours, 49152, Remote, 80), segment.Length));

            ExpectIpv4Frame(_device.TakeOne(), GatewayMac, Remote, IpProtocol.Tcp, segment, dontFragment: true);
        }

        [Fact]
        public void TcpOutput_NextHopUnresolved_HeldAndTrue()
        {
            _stack.AdvanceTime(T0);
            new byte[20].CopyTo(_stack.TcpOutput.BeginSegment());

            Assert.True(_stack.TcpOutput.Transmit(new FlowKey(Ours, 49152, Peer, 80), 20));

            Assert.Equal(Convert.ToHexString(ArpRequest(OurMac, Ours, Peer)), Convert.ToHexString(_device.TakeOne()));
            Assert.Equal(1, _stack.PendingPacketsHeld);
        }

        [Fact]
        public void TcpOutput_Unconfigured_False()
        {
            var stack = new NetStack(_device, NetConfiguration.Dhcp(), new TcpSettings(), Secret);

            Assert.False(stack.TcpOutput.Transmit(new FlowKey(Ipv4Address.Any, 49152, Peer, 80), 20));
            _device.ExpectNothingSent();
        }

        [Fact]
        public void GratuitousArp_KnownAddress_Updated()
        {
            LearnGateway();
            Feed(StackFrames.Arp(ArpOperation.Request, OtherMac, Gateway, MacAddress.Zero, Gateway, MacAddress.Broadcast), T0 + Second);

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Arp.Counters.AddressChanges);
        }

        [Fact]
        public void GratuitousArp_UnknownAddress_NotCached()
        {
            Feed(StackFrames.Arp(ArpOperation.Request, PeerMac, Peer, MacAddress.Zero, Peer, MacAddress.Broadcast));

            Assert.Equal(ArpEntryState.None, _stack.Arp.StateOf(Peer));
        }

        [Fact]
        public void EveryPrefixOfEveryFrame_CountedNeverThrows()
        {
            byte[][] frames =
            {
                ArpRequest(GatewayMac, Gateway, Ours),
                EchoRequestFrame(Gateway, GatewayMac, 1, new byte[16]),
                UdpFrame(GatewayMac, Gateway, Ours, 1000, 7, new byte[16]),
                Ipv4(GatewayMac, OurMac, Gateway, Ours, IpProtocol.Tcp, new byte[20]),
            };
            foreach (byte[] frame in frames)
                for (int length = 0; length < frame.Length; length++)
                    Feed(frame[..length]);

            Assert.True(_stack.Counters.DropsTotal > 0);
            Assert.True(_stack.Counters.Drops(NetDropReason.FrameTruncated) >= 14 * frames.Length);
        }

        [Fact]
        public void RandomGarbageAndCorruption_NeverThrows()
        {
            var random = new Random(1071);
            byte[] original = EchoRequestFrame(Gateway, GatewayMac, 1, new byte[32]);
            for (int round = 0; round < 5000; round++)
            {
                byte[] frame = (byte[])original.Clone();
                if (round % 2 == 0)
                    random.NextBytes(frame);
                else
                    for (int flips = 1 + random.Next(4); flips > 0; flips--)
                        frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
                Feed(frame[..random.Next(frame.Length + 1)], T0 + round);
            }
            Assert.Equal(5000, _stack.Counters.FramesReceived);
        }

        [Fact]
        public void PollDevice_BudgetTwo_TakesTwoFramesAndReturnsThem()
        {
            for (int i = 0; i < 3; i++)
                _device.Feed(ArpRequest(GatewayMac, Gateway, Ours));

            Assert.Equal(2, _stack.PollDevice(T0, 2));
            Assert.Equal(2, _device.Returned);
            Assert.Equal(0, _device.Outstanding);
            Assert.Equal(2, _device.Sent.Count);
            Assert.Equal(1, _stack.PollDevice(T0, 2));
            Assert.Equal(0, _stack.PollDevice(T0, 2));
        }

        [Fact]
        public void NextDeadline_Idle_NoTimers()
        {
            Assert.Equal(long.MaxValue, _stack.NextDeadlineNs);
        }

        [Fact]
        public void ArpPingUdpEcho_Warmed_AllocatesNothing()
        {
            UdpSocketBlock socket = _stack.Udp.Bind(7)!;
            byte[] arp = ArpRequest(GatewayMac, Gateway, Ours);
            byte[] ping = EchoRequestFrame(Gateway, GatewayMac, 1, new byte[56]);
            byte[] udp = UdpFrame(GatewayMac, Gateway, Ours, 40000, 7, new byte[100]);
            byte[] unreachable = UdpFrame(GatewayMac, Gateway, Ours, 40000, 8, new byte[100]);
            byte[] buffer = new byte[2048];
            _device.Recording = false;
            void Round(long nowNs)
            {
                _stack.ProcessFrame(arp, nowNs);
                _stack.ProcessFrame(ping, nowNs);
                _stack.ProcessFrame(udp, nowNs);
                socket.TryReceive(buffer, out int length, out Ipv4Address from, out ushort fromPort);
                socket.TrySendTo(from, fromPort, buffer.AsSpan(0, length));
                _stack.ProcessFrame(unreachable, nowNs);
                _stack.Poll(nowNs);
            }
            Round(T0);
            int sentBefore = _device.SentCount;

            int rounds = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 100; i++)
                    Round(T0 + ++rounds * Second);
            });

            Assert.Equal(0, allocated);
            Assert.Equal(sentBefore + rounds * 4, _device.SentCount);
            Assert.Equal(100 * (1 + AllocationMeter.Windows), rounds);
        }
    }
}
