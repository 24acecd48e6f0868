// The DHCP client as a pure machine: messages taken at given times, server replies (slirp's
// 10.0.2.2 offering 10.0.2.15/24) fed in, exact states, leases and timings asserted.
using System;
using OSv.Net.Dhcp;
using OSv.Net.Wire;
using Xunit;
using static OSv.Net.Tests.Stack.StackFrames;

namespace OSv.Net.Tests.Dhcp
{
    public class DhcpClientTests
    {
        private const long Second = 1_000_000_000;
        private const long T0 = 1_000 * Second;
        private const long Jitter = NetLimits.DhcpRetransmitJitterNs;

        private readonly DhcpClient _client = new DhcpClient(OurMac, 0xC0FFEE);
        private readonly byte[] _message = new byte[NetLimits.DhcpMessageBytesMax];

        // Takes the message due at nowNs: its type, and options 50 and 54 when present.
        private DhcpMessageType Take(long nowNs, out Ipv4Address destination)
        {
            Assert.True(_client.TryTakeMessage(nowNs, _message, out int length, out destination));
            Assert.Equal(NetLimits.DhcpMessageBytesMin, length);
            Expect(DhcpMessage.TryCreate(_message.AsSpan(0, length), out DhcpMessage message));
            Assert.Equal(DhcpMessage.OpRequest, message.Op);
            Assert.Equal(_client.TransactionId, message.TransactionId);
            Assert.Equal(OurMac, message.ClientHardwareAddress);
            Expect(message.ReadOptions(out DhcpOptions options));
            return options.MessageType;
        }

        private static void Expect(WireResult result) => Assert.Equal(WireStatus.Ok, result.Status);

        private void NothingDue(long nowNs) => Assert.False(_client.TryTakeMessage(nowNs, _message, out _, out _));

        private DhcpEvent Reply(DhcpMessageType type, long nowNs, uint leaseSeconds = 86400) =>
            _client.Receive(SlirpReply(type, _client.TransactionId, leaseSeconds), nowNs);

        private void BindAt(long nowNs, uint leaseSeconds = 86400)
        {
            Take(nowNs, out _);
            Reply(DhcpMessageType.Offer, nowNs, leaseSeconds);
            Take(nowNs, out _);
            Assert.Equal(DhcpEvent.Bound, Reply(DhcpMessageType.Ack, nowNs, leaseSeconds));
        }

        [Fact]
        public void Init_FirstPoll_SendsDiscoverBroadcast()
        {
            Assert.Equal(DhcpMessageType.Discover, Take(T0, out Ipv4Address destination));
            Assert.Equal(Ipv4Address.Broadcast, destination);
            Assert.Equal(DhcpState.Selecting, _client.State);
        }

        [Fact]
        public void Discover_Bytes_FixedFieldsAndParameterList()
        {
            Take(T0, out _);

            Assert.Equal(1, _message[0]);                // BOOTREQUEST
            Assert.Equal(1, _message[1]);                // Ethernet
            Assert.Equal(6, _message[2]);
            Assert.Equal(0u, ReadUInt32(_message, 12));  // ciaddr
            Assert.Equal(0x63825363u, ReadUInt32(_message, 236));
            // Options: 53 = 1 (DISCOVER), 55 = mask, router, DNS, lease, server, T1, T2; end.
            Assert.Equal("350101370701030633363A3BFF", Convert.ToHexString(_message, 240, 13));
        }

        [Fact]
        public void Selecting_Offer_RequestsOfferedAddressFromServer()
        {
            Take(T0, out _);
            uint xid = _client.TransactionId;

            Assert.Equal(DhcpEvent.None, Reply(DhcpMessageType.Offer, T0 + Second));

            Assert.Equal(DhcpState.Requesting, _client.State);
            Assert.Equal(DhcpMessageType.Request, Take(T0 + Second, out Ipv4Address destination));
            Assert.Equal(Ipv4Address.Broadcast, destination);
            Assert.Equal(xid, _client.TransactionId); // same exchange
            // Options: 53 = 3, 50 = 10.0.2.15, 54 = 10.0.2.2.
            Assert.Equal("350103" + "32040A00020F" + "36040A000202", Convert.ToHexString(_message, 240, 15));
        }

        [Fact]
        public void Requesting_Ack_BoundWithSlirpLease()
        {
            Take(T0, out _);
            Reply(DhcpMessageType.Offer, T0);
            Take(T0, out _);

            Assert.Equal(DhcpEvent.Bound, Reply(DhcpMessageType.Ack, T0 + Second));

            DhcpLease lease = _client.Lease;
            Assert.Equal(DhcpState.Bound, _client.State);
            Assert.Equal(Ours, lease.Address);
            Assert.Equal(Mask24, lease.Mask);
            Assert.Equal(Gateway, lease.Router);
            Assert.Equal(Gateway, lease.ServerIdentifier);
            Assert.Equal(1, lease.DnsServerCount);
            Assert.Equal(Peer, lease.DnsServer(0));
            Assert.Equal(T0 + Second + 43200 * Second, lease.RenewAtNs);       // T1 = lease / 2
            Assert.Equal(T0 + Second + 75600 * Second, lease.RebindAtNs);      // T2 = lease * 7/8
            Assert.Equal(T0 + Second + 86400 * Second, lease.ExpiresAtNs);
            Assert.Equal(lease.RenewAtNs, _client.NextDeadlineNs);
            NothingDue(T0 + 2 * Second);
        }

        [Fact]
        public void Ack_WithT1T2Options_UsesThem()
        {
            Take(T0, out _);
            Reply(DhcpMessageType.Offer, T0);
            Take(T0, out _);
            _client.Receive(DhcpReply(DhcpMessageType.Ack, _client.TransactionId, Ours, OurMac,
                Option(54, Gateway), Option(51, 1000u), Option(58, 100u), Option(59, 200u)), T0);

            Assert.Equal(T0 + 100 * Second, _client.Lease.RenewAtNs);
            Assert.Equal(T0 + 200 * Second, _client.Lease.RebindAtNs);
            Assert.Equal(new Ipv4Address(255, 0, 0, 0), _client.Lease.Mask); // no option 1: class A default
        }

        [Fact]
        public void Requesting_Nak_BackToInitAndNewDiscover()
        {
            Take(T0, out _);
            Reply(DhcpMessageType.Offer, T0);
            Take(T0, out _);
            uint xid = _client.TransactionId;

            Assert.Equal(DhcpEvent.None, Reply(DhcpMessageType.Nak, T0 + Second));

            Assert.Equal(DhcpState.Init, _client.State);
            Assert.Equal(DhcpMessageType.Discover, Take(T0 + Second, out _));
            Assert.NotEqual(xid, _client.TransactionId);
        }

        [Fact]
        public void Selecting_OfferLost_RetransmitsWithBoundedExponentialBackoff()
        {
            long sentNs = T0;
            Take(sentNs, out _);
            long[] baseDelays = { 4, 8, 16, 32, 64, 64, 64 };
            foreach (long baseSeconds in baseDelays)
            {
                long due = _client.NextDeadlineNs;
                Assert.InRange(due - sentNs, baseSeconds * Second - Jitter, baseSeconds * Second + Jitter);
                NothingDue(due - 1);
                Assert.Equal(DhcpMessageType.Discover, Take(due, out _));
                sentNs = due;
            }
        }

        [Fact]
        public void Selecting_Retransmission_KeepsTransactionId()
        {
            Take(T0, out _);
            uint xid = _client.TransactionId;
            Take(_client.NextDeadlineNs, out _);

            Assert.Equal(xid, _client.TransactionId);
        }

        [Fact]
        public void Requesting_AckLost_GivesUpAfterAttemptsMaxThenDiscover()
        {
            Take(T0, out _);
            Reply(DhcpMessageType.Offer, T0);
            for (int attempt = 0; attempt < NetLimits.DhcpRequestAttemptsMax; attempt++)
            {
                long due = Math.Max(T0, _client.NextDeadlineNs);
                _client.Tick(due);
                Assert.Equal(DhcpMessageType.Request, Take(due, out _));
            }
            long giveUp = _client.NextDeadlineNs;
            _client.Tick(giveUp);

            Assert.Equal(DhcpState.Init, _client.State);
            Assert.Equal(1, _client.Counters.RequestGiveUps);
            Assert.Equal(DhcpMessageType.Discover, Take(giveUp, out _));
        }

        [Fact]
        public void Offer_WrongTransactionId_Ignored()
        {
            Take(T0, out _);
            _client.Receive(SlirpReply(DhcpMessageType.Offer, _client.TransactionId + 1), T0);

            Assert.Equal(DhcpState.Selecting, _client.State);
            Assert.Equal(1, _client.Counters.Ignored);
        }

        [Fact]
        public void Offer_OtherClientsHardwareAddress_Ignored()
        {
            Take(T0, out _);
            _client.Receive(DhcpReply(DhcpMessageType.Offer, _client.TransactionId, Ours, OtherMac, Option(54, Gateway)), T0);

            Assert.Equal(DhcpState.Selecting, _client.State);
        }

        [Fact]
        public void Reply_TruncatedOrGarbage_IgnoredNeverThrows()
        {
            Take(T0, out _);
            byte[] offer = SlirpReply(DhcpMessageType.Offer, _client.TransactionId);
            for (int length = 0; length < 244; length++)
                _client.Receive(offer.AsSpan(0, length), T0);
            var random = new Random(2131);
            for (int round = 0; round < 2000; round++)
            {
                byte[] garbage = (byte[])offer.Clone();
                garbage[240 + random.Next(garbage.Length - 240)] = (byte)random.Next(256);
                _client.Receive(garbage, T0);
            }
            Assert.True(_client.Counters.Ignored >= 240);
        }

        [Fact]
        public void Bound_T1_RenewsUnicastToServerWithClientAddress()
        {
            BindAt(T0);
            long t1 = _client.Lease.RenewAtNs;
            Assert.Equal(DhcpEvent.None, _client.Tick(t1 - 1));
            NothingDue(t1 - 1);

            _client.Tick(t1);

            Assert.Equal(DhcpState.Renewing, _client.State);
            Assert.Equal(DhcpMessageType.Request, Take(t1, out Ipv4Address destination));
            Assert.Equal(Gateway, destination);
            Assert.Equal(Ours, Ipv4Address.Read(_message.AsSpan(12)));    // ciaddr
            // Half the time to T2, which is above the 60 s floor here.
            Assert.Equal(t1 + (_client.Lease.RebindAtNs - t1) / 2, _client.NextDeadlineNs);
        }

        [Fact]
        public void Renewing_Ack_RenewedWithNewTimes()
        {
            BindAt(T0);
            long t1 = _client.Lease.RenewAtNs;
            _client.Tick(t1);
            Take(t1, out _);

            Assert.Equal(DhcpEvent.Renewed, Reply(DhcpMessageType.Ack, t1 + Second));

            Assert.Equal(DhcpState.Bound, _client.State);
            Assert.Equal(t1 + Second + 43200 * Second, _client.Lease.RenewAtNs);
        }

        [Fact]
        public void Renewing_T2_RebindsByBroadcast()
        {
            BindAt(T0);
            long t2 = _client.Lease.RebindAtNs;
            _client.Tick(_client.Lease.RenewAtNs);
            Take(_client.Lease.RenewAtNs, out _);

            _client.Tick(t2);

            Assert.Equal(DhcpState.Rebinding, _client.State);
            Assert.Equal(DhcpMessageType.Request, Take(t2, out Ipv4Address destination));
            Assert.Equal(Ipv4Address.Broadcast, destination);
        }

        [Fact]
        public void Rebinding_LeaseExpires_LostAndDiscover()
        {
            BindAt(T0, leaseSeconds: 120);
            long expiry = _client.Lease.ExpiresAtNs;
            _client.Tick(_client.Lease.RebindAtNs);

            Assert.Equal(DhcpEvent.Lost, _client.Tick(expiry));

            Assert.Equal(DhcpState.Init, _client.State);
            Assert.False(_client.HasLease);
            Assert.Equal(DhcpMessageType.Discover, Take(expiry, out _));
        }

        [Fact]
        public void Renewing_Nak_Lost()
        {
            BindAt(T0);
            _client.Tick(_client.Lease.RenewAtNs);
            Take(_client.Lease.RenewAtNs, out _);

            Assert.Equal(DhcpEvent.Lost, Reply(DhcpMessageType.Nak, _client.Lease.RenewAtNs + Second));
            Assert.Equal(DhcpState.Init, _client.State);
        }

        [Fact]
        public void Renewing_ShortLease_RetransmitFloorSixtySeconds()
        {
            BindAt(T0, leaseSeconds: 200); // T1 100 s, T2 175 s: half of 75 s is below the floor
            long t1 = _client.Lease.RenewAtNs;
            _client.Tick(t1);
            Take(t1, out _);

            Assert.Equal(t1 + NetLimits.DhcpRenewRetransmitMinNs, _client.NextDeadlineNs);
        }

        [Fact]
        public void InfiniteLease_NeverRenews()
        {
            BindAt(T0, leaseSeconds: DhcpMessage.InfiniteLease);

            Assert.Equal(long.MaxValue, _client.NextDeadlineNs);
            Assert.Equal(DhcpEvent.None, _client.Tick(long.MaxValue - 1));
        }

        [Fact]
        public void SameSecret_SameTimings_Deterministic()
        {
            var other = new DhcpClient(OurMac, 0xC0FFEE);
            Take(T0, out _);
            Assert.True(other.TryTakeMessage(T0, _message, out _, out _));

            Assert.Equal(_client.TransactionId, other.TransactionId);
            Assert.Equal(_client.NextDeadlineNs, other.NextDeadlineNs);
        }
    }
}
