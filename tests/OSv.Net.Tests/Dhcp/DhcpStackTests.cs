// DHCP end to end through a NetStack: DISCOVER, OFFER, REQUEST, ACK as frames (slirp's
// 10.0.2.2 offering 10.0.2.15/24), then the interface configured from the lease, and lost.
using System;
using OSv.Net.Dhcp;
using OSv.Net.Ip;
using OSv.Net.Stack;
using OSv.Net.Tcp;
using OSv.Net.Tests.Stack;
using OSv.Net.Wire;
using Xunit;
using static OSv.Net.Tests.Stack.StackFrames;

namespace OSv.Net.Tests.Dhcp
{
    public class DhcpStackTests
    {
        private const long Second = 1_000_000_000;
        private const long T0 = 1_000 * Second;
        private const int DhcpOffset = 14 + 20 + 8;

        private readonly FakeFrameDevice _device = new FakeFrameDevice(OurMac);
        private readonly NetStack _stack;

        public DhcpStackTests()
        {
            _stack = new NetStack(_device, NetConfiguration.Dhcp(), new TcpSettings(), 7);
        }

        // The one frame sent: a DHCP message broadcast from 0.0.0.0:68 to 255.255.255.255:67,
        // exactly; returns its type and xid.
        private DhcpMessageType TakeBroadcast(Ipv4Address source, out uint transactionId)
        {
            byte[] sent = _device.TakeOne();
            byte[] dhcp = sent[DhcpOffset..];
            byte[] expected = Ipv4(OurMac, MacAddress.Broadcast, source, Ipv4Address.Broadcast, IpProtocol.Udp,
                UdpBytes(source, Ipv4Address.Broadcast, 68, 67, dhcp), ReadUInt16(sent, 18));
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(sent));
            Assert.Equal(NetLimits.DhcpMessageBytesMin, dhcp.Length);
            Assert.True(DhcpMessage.TryCreate(dhcp, out DhcpMessage message).IsOk);
            transactionId = message.TransactionId;
            Assert.True(message.ReadOptions(out DhcpOptions options).IsOk);
            return options.MessageType;
        }

        private void Bind(uint leaseSeconds = 86400)
        {
            _stack.Poll(T0);
            TakeBroadcast(Ipv4Address.Any, out uint xid);
            _stack.ProcessFrame(DhcpFrame(SlirpReply(DhcpMessageType.Offer, xid, leaseSeconds), Ours), T0);
            TakeBroadcast(Ipv4Address.Any, out xid);
            _stack.ProcessFrame(DhcpFrame(SlirpReply(DhcpMessageType.Ack, xid, leaseSeconds), Ipv4Address.Broadcast), T0);
        }

        [Fact]
        public void Dora_SlirpServer_InterfaceConfiguredFromLease()
        {
            Assert.False(_stack.IsConfigured);
            _stack.Poll(T0);
            Assert.Equal(DhcpMessageType.Discover, TakeBroadcast(Ipv4Address.Any, out uint xid));

            // The offer is unicast to the offered address, which we do not have yet.
            _stack.ProcessFrame(DhcpFrame(SlirpReply(DhcpMessageType.Offer, xid), Ours), T0 + Second);
            Assert.Equal(DhcpMessageType.Request, TakeBroadcast(Ipv4Address.Any, out uint requestXid));
            Assert.Equal(xid, requestXid);

            _stack.ProcessFrame(DhcpFrame(SlirpReply(DhcpMessageType.Ack, xid), Ipv4Address.Broadcast), T0 + Second);

            Assert.True(_stack.IsConfigured);
            Assert.Equal(Ours, _stack.Address);
            Assert.Equal(Mask24, _stack.Mask);
            Assert.Equal(Gateway, _stack.Gateway);
            Assert.Equal(T0 + Second + 43200 * Second, _stack.NextDeadlineNs);
            _device.ExpectNothingSent();
        }

        [Fact]
        public void Bound_PingFromGateway_ArpsWithLeasedAddress()
        {
            Bind();

            _stack.ProcessFrame(EchoRequestFrame(Gateway, GatewayMac, 1, new byte[8]), T0 + Second);

            Assert.Equal(Convert.ToHexString(ArpRequest(OurMac, Ours, Gateway)), Convert.ToHexString(_device.TakeOne()));
        }

        [Fact]
        public void Unconfigured_PingToOfferedAddress_DroppedNotForUs()
        {
            _stack.ProcessFrame(EchoRequestFrame(Gateway, GatewayMac, 1, new byte[8]), T0);

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.Ipv4NotForUs));
        }

        [Fact]
        public void Unconfigured_UdpToOtherPort_DroppedNotForUs()
        {
            _stack.ProcessFrame(UdpFrame(GatewayMac, Gateway, Ours, 67, 5000, new byte[8]), T0);

            _device.ExpectNothingSent();
            Assert.Equal(1, _stack.Counters.Drops(NetDropReason.Ipv4NotForUs));
        }

        [Fact]
        public void DhcpRunning_BindClientPort_Refused()
        {
            Assert.Null(_stack.Udp.Bind(68));
        }

        [Fact]
        public void OfferLost_StackPoll_RetransmitsDiscoverAtClientDeadline()
        {
            _stack.Poll(T0);
            TakeBroadcast(Ipv4Address.Any, out _);
            long due = _stack.NextDeadlineNs;
            Assert.InRange(due - T0, 3 * Second, 5 * Second);

            _stack.Poll(due - 1);
            _device.ExpectNothingSent();
            _stack.Poll(due);
            Assert.Equal(DhcpMessageType.Discover, TakeBroadcast(Ipv4Address.Any, out _));
        }

        [Fact]
        public void Renewal_AtT1_UnicastRequestFromLeasedAddressToServer()
        {
            Bind();
            long t1 = _stack.Dhcp!.Lease.RenewAtNs;

            _stack.Poll(t1);

            // The gateway's ARP entry expired hours ago: the request waits for a new resolution.
            Assert.Equal(Convert.ToHexString(ArpRequest(OurMac, Ours, Gateway)), Convert.ToHexString(_device.TakeOne()));
            _stack.ProcessFrame(ArpReply(GatewayMac, Gateway), t1);
            byte[] request = _device.TakeOne();
            Assert.Equal(GatewayMac, MacAddress.Read(request));
            Assert.Equal(Ours, Ipv4Address.Read(request.AsSpan(14 + 12)));
            Assert.Equal(Gateway, Ipv4Address.Read(request.AsSpan(14 + 16)));
            Assert.Equal(68, ReadUInt16(request, 34));
            Assert.Equal(67, ReadUInt16(request, 36));
        }

        [Fact]
        public void LeaseExpires_StackUnconfiguredAndDiscovers()
        {
            Bind(leaseSeconds: 120);
            long expiry = _stack.Dhcp!.Lease.ExpiresAtNs;
            _stack.Poll(_stack.Dhcp.Lease.RebindAtNs);
            _device.Sent.Clear();

            _stack.Poll(expiry);

            Assert.False(_stack.IsConfigured);
            Assert.Equal(Ipv4Address.Any, _stack.Address);
            Assert.Equal(DhcpMessageType.Discover, TakeBroadcast(Ipv4Address.Any, out _));
        }
    }
}
