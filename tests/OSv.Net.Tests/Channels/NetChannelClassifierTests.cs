using System;
using OSv.Net.Channels;
using OSv.Net.Link;
using OSv.Net.Tcp;
using OSv.Net.Tests.Simulation;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;

namespace OSv.Net.Tests.Channels
{
    public class NetChannelClassifierTests
    {
        private static readonly FlowKey Flow = new FlowKey(TestFrames.Local, TestFrames.LocalPort, TestFrames.Remote, TestFrames.RemotePort);

        private readonly SimulatedFrameDevice _device = new SimulatedFrameDevice(TestFrames.LocalMac, buffers: 512);
        private readonly NetChannel _channel;
        private readonly NetChannelClassifier _classifier;

        public NetChannelClassifierTests()
        {
            _channel = new NetChannel(_device);
            _channel.Bind(Flow, null);
            var flows = new FlowTable(secret: 0xC0FFEE);
            Assert.Equal(FlowTableAddResult.Added, flows.Add(_channel));
            _classifier = new NetChannelClassifier(flows) { Enabled = true, LocalAddress = TestFrames.Local };
            _device.Classifier = _classifier;
        }

        // Feeds the frame through the device as a driver would: true when the classifier claimed
        // it (the default path saw nothing); an unclaimed frame is returned at once.
        private bool Offer(byte[] frame)
        {
            Assert.True(_device.TryInject(frame));
            if (_device.TryTakeUnclaimed(out FrameLease lease))
            {
                _device.Return(lease);
                return false;
            }
            return true;
        }

        private void AssertOnly(ClassifierOutcome outcome)
        {
            for (int i = 0; i < NetChannelClassifier.OutcomeCount; i++)
                Assert.Equal((ClassifierOutcome)i == outcome ? 1 : 0, _classifier.Count((ClassifierOutcome)i));
        }

        private static byte[] Tcp(TestFrames.Tcp spec) => TestFrames.Frame(spec);

        private static byte[] WithByte(byte[] frame, int offset, byte value)
        {
            frame[offset] = value;
            return frame;
        }

        private const int Ip = EthernetFrame.HeaderBytes;
        private const int TcpStart = EthernetFrame.HeaderBytes + Ipv4Packet.HeaderBytesMin;

        [Fact]
        public void EstablishedAck_KnownFlow_ClaimedIntoChannel()
        {
            Assert.True(Offer(Tcp(new TestFrames.Tcp())));
            AssertOnly(ClassifierOutcome.Claimed);
            Assert.True(_channel.TryPop(out FrameLease lease));
            Assert.Equal(TcpStart + TestFrames.TcpHeaderBytes, lease.Length);
            Assert.True(_device.Bytes(lease).SequenceEqual(Tcp(new TestFrames.Tcp())));
            _device.Return(lease);
            Assert.Equal(0, _device.LeasesOutstanding);
        }

        [Fact]
        public void Classify_EstablishedAck_FlowIsLocalDestinationRemoteSource()
        {
            byte[] frame = Tcp(new TestFrames.Tcp { SourcePort = 51000, DestinationPort = 22 });
            Assert.Equal(ClassifierOutcome.Claimed, NetChannelClassifier.Classify(frame, TestFrames.Local, out FlowKey flow));
            Assert.Equal(TestFrames.Local, flow.LocalAddress);
            Assert.Equal(22, flow.LocalPort);
            Assert.Equal(TestFrames.Remote, flow.RemoteAddress);
            Assert.Equal(51000, flow.RemotePort);
        }

        [Theory]
        [InlineData(TestFrames.Ack | TestFrames.Psh)]
        [InlineData(TestFrames.Ack | TestFrames.Urg)]
        [InlineData(0)]
        public void DataOrAck_KnownFlow_Claimed(byte flags)
        {
            Assert.True(Offer(Tcp(new TestFrames.Tcp { Flags = flags, PayloadBytes = 100 })));
            AssertOnly(ClassifierOutcome.Claimed);
        }

        [Fact]
        public void AckWithTimestampOption_KnownFlow_Claimed()
        {
            byte[] timestamps = { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2 };
            Assert.True(Offer(Tcp(new TestFrames.Tcp { Options = timestamps, PayloadBytes = 10 })));
            AssertOnly(ClassifierOutcome.Claimed);
        }

        [Theory]
        [InlineData(TestFrames.Syn)]
        [InlineData(TestFrames.Syn | TestFrames.Ack)]
        [InlineData(TestFrames.Fin | TestFrames.Ack)]
        [InlineData(TestFrames.Rst)]
        [InlineData(TestFrames.Rst | TestFrames.Ack)]
        public void ControlSegment_KnownFlow_NotClaimed(byte flags)
        {
            Assert.False(Offer(Tcp(new TestFrames.Tcp { Flags = flags })));
            AssertOnly(ClassifierOutcome.ControlSegment);
            Assert.Equal(0, _channel.Count);
        }

        [Fact]
        public void UnknownFlow_Ack_NotClaimed()
        {
            Assert.False(Offer(Tcp(new TestFrames.Tcp { SourcePort = 40001 })));
            AssertOnly(ClassifierOutcome.UnknownFlow);
        }

        [Fact]
        public void Disabled_KnownFlowAck_NotClaimed()
        {
            _classifier.Enabled = false;
            Assert.False(Offer(Tcp(new TestFrames.Tcp())));
            AssertOnly(ClassifierOutcome.Disabled);
        }

        [Fact]
        public void ArpFrame_NotClaimed()
        {
            var frame = new byte[EthernetFrame.HeaderBytes + ArpPacket.PacketBytes];
            new EthernetHeader(MacAddress.Broadcast, TestFrames.RemoteMac, EtherType.Arp).TryEmit(frame, out _);
            ArpMessage.Request(TestFrames.RemoteMac, TestFrames.Remote, TestFrames.Local).TryEmit(frame.AsSpan(Ip), out _);
            Assert.False(Offer(frame));
            AssertOnly(ClassifierOutcome.NotIpv4);
        }

        [Fact]
        public void VlanTagged_NotClaimed()
        {
            Assert.False(Offer(Tcp(new TestFrames.Tcp { EtherType = EtherType.Vlan })));
            AssertOnly(ClassifierOutcome.NotIpv4);
        }

        [Fact]
        public void ShorterThanEthernetHeader_NotClaimed()
        {
            Assert.False(Offer(new byte[EthernetFrame.HeaderBytes - 1]));
            AssertOnly(ClassifierOutcome.NotIpv4);
        }

        [Fact]
        public void UdpDatagram_NotClaimed()
        {
            var frame = new byte[TcpStart + UdpDatagram.HeaderBytes + 4];
            new EthernetHeader(TestFrames.LocalMac, TestFrames.RemoteMac, EtherType.Ipv4).TryEmit(frame, out _);
            new Ipv4Header(TestFrames.Remote, TestFrames.Local, IpProtocol.Udp, UdpDatagram.HeaderBytes + 4).TryEmit(frame.AsSpan(Ip), out _);
            new UdpHeader(TestFrames.RemotePort, TestFrames.LocalPort, 4).TryEmit(frame.AsSpan(TcpStart), TestFrames.Remote, TestFrames.Local, out _);
            Assert.False(Offer(frame));
            AssertOnly(ClassifierOutcome.NotTcp);
        }

        [Fact]
        public void FirstFragment_NotClaimed()
        {
            Assert.False(Offer(Tcp(new TestFrames.Tcp { MoreFragments = true, PayloadBytes = 16 })));
            AssertOnly(ClassifierOutcome.Fragment);
        }

        [Fact]
        public void LaterFragment_NotClaimed()
        {
            Assert.False(Offer(Tcp(new TestFrames.Tcp { FragmentOffsetBytes = 1480 })));
            AssertOnly(ClassifierOutcome.Fragment);
        }

        [Fact]
        public void OtherDestination_NotClaimed()
        {
            Assert.False(Offer(Tcp(new TestFrames.Tcp { Destination = new Ipv4Address(10, 0, 2, 16) })));
            AssertOnly(ClassifierOutcome.NotForUs);
        }

        [Fact]
        public void NoLocalAddressYet_NotClaimed()
        {
            _classifier.LocalAddress = Ipv4Address.Any;
            Assert.False(Offer(Tcp(new TestFrames.Tcp())));
            AssertOnly(ClassifierOutcome.NotForUs);
        }

        [Fact]
        public void LocalAddressSetLater_Claimed()
        {
            _classifier.LocalAddress = Ipv4Address.Any;
            Offer(Tcp(new TestFrames.Tcp()));
            _classifier.LocalAddress = TestFrames.Local;
            Assert.True(Offer(Tcp(new TestFrames.Tcp())));
        }

        [Theory]
        [InlineData(0x44)] // IHL 4
        [InlineData(0x40)] // IHL 0
        [InlineData(0x65)] // version 6
        public void BadVersionOrIhl_NotClaimed(byte versionIhl)
        {
            Assert.False(Offer(WithByte(Tcp(new TestFrames.Tcp()), Ip, versionIhl)));
            AssertOnly(ClassifierOutcome.Malformed);
        }

        [Fact]
        public void IhlBeyondTotalLength_NotClaimed()
        {
            Assert.False(Offer(WithByte(Tcp(new TestFrames.Tcp()), Ip, 0x4F)));
            AssertOnly(ClassifierOutcome.Malformed);
        }

        [Fact]
        public void TotalLengthBeyondFrame_NotClaimed()
        {
            byte[] frame = Tcp(new TestFrames.Tcp());
            TestFrames.Write16(frame, Ip + 2, (ushort)(frame.Length - Ip + 1));
            Assert.False(Offer(frame));
            AssertOnly(ClassifierOutcome.Malformed);
        }

        [Fact]
        public void TruncatedTcpHeader_NotClaimed()
        {
            byte[] frame = Tcp(new TestFrames.Tcp());
            TestFrames.Write16(frame, Ip + 2, Ipv4Packet.HeaderBytesMin + TestFrames.TcpHeaderBytes - 1);
            Assert.False(Offer(frame.AsSpan(0, frame.Length - 1).ToArray()));
            AssertOnly(ClassifierOutcome.Malformed);
        }

        [Theory]
        [InlineData(0x40)] // data offset 4
        [InlineData(0x60)] // data offset 6, past a 20-byte segment
        public void BadDataOffset_NotClaimed(byte dataOffset)
        {
            Assert.False(Offer(WithByte(Tcp(new TestFrames.Tcp()), TcpStart + 12, dataOffset)));
            AssertOnly(ClassifierOutcome.Malformed);
        }

        // Checksums are the consumer's job: a wrong one is still claimed.
        [Fact]
        public void WrongTcpChecksum_StillClaimed()
        {
            byte[] frame = Tcp(new TestFrames.Tcp());
            frame[TcpStart + 16] ^= 0xFF;
            Assert.True(Offer(frame));
            AssertOnly(ClassifierOutcome.Claimed);
        }

        [Fact]
        public void WrongIpv4Checksum_StillClaimed()
        {
            byte[] frame = Tcp(new TestFrames.Tcp());
            frame[Ip + 10] ^= 0xFF;
            Assert.True(Offer(frame));
            AssertOnly(ClassifierOutcome.Claimed);
        }

        [Fact]
        public void ChannelFull_Ack_NotClaimedAndCounted()
        {
            for (int i = 0; i < _channel.Capacity; i++)
                Assert.True(_channel.TryPush(new FrameLease(511, 1)));
            Assert.False(Offer(Tcp(new TestFrames.Tcp())));
            AssertOnly(ClassifierOutcome.ChannelFull);
            Assert.Equal(1, _channel.Full);
        }

        [Fact]
        public void ChannelOfOtherDevice_NotClaimed()
        {
            var other = new SimulatedFrameDevice(TestFrames.LocalMac);
            other.Classifier = _classifier;
            Assert.True(other.TryInject(Tcp(new TestFrames.Tcp())));
            Assert.True(other.TryTakeUnclaimed(out FrameLease lease));
            other.Return(lease);
            AssertOnly(ClassifierOutcome.OtherDevice);
        }

        [Fact]
        public void ClaimPushPop_SteadyState_AllocatesNothing()
        {
            byte[] frame = Tcp(new TestFrames.Tcp { PayloadBytes = 1000 });
            var lease = new FrameLease(0, frame.Length);
            // Each round trip leaves the channel empty, as it found it.
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 10_000; i++)
                    RoundTrip(frame, lease);
            });
            Assert.Equal(0, allocated);
        }

        private void RoundTrip(byte[] frame, in FrameLease lease)
        {
            Assert.True(_classifier.TryClaim(_device, lease, frame));
            Assert.True(_channel.TryPop(out _));
        }
    }
}
