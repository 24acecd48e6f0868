using Xunit;

namespace OSv.Net.Tests.Stack
{
    // Relations between the stack's and DHCP's constants that the code relies on.
    public class StackLimitsTests
    {
        [Fact]
        public void PendingPool_HoldsAtLeastOneFullQueue() =>
            Assert.True(NetLimits.PendingPacketsMax >= NetLimits.ArpPendingPacketsPerEntryMax);

        [Fact]
        public void PendingPool_NoLargerThanEveryArpQueueFull() =>
            Assert.True(NetLimits.PendingPacketsMax <= NetLimits.ArpCacheEntriesMax * NetLimits.ArpPendingPacketsPerEntryMax);

        [Fact]
        public void Mtu_IsEthernetII() => Assert.Equal(1500, NetLimits.EthernetMtuBytes);

        [Fact]
        public void IcmpErrorBucket_AllowsABurstAndRefills()
        {
            Assert.True(NetLimits.IcmpErrorBurstMax >= 1);
            Assert.True(NetLimits.IcmpErrorTokenIntervalNs > 0);
        }

        [Fact]
        public void IcmpQuote_IsRfc792SixtyFourBits() => Assert.Equal(8, NetLimits.IcmpErrorQuoteDataBytes);

        [Fact]
        public void DhcpBackoff_StartsBelowCapAndJitterBelowStart()
        {
            Assert.True(NetLimits.DhcpRetransmitInitialNs < NetLimits.DhcpRetransmitMaxNs);
            Assert.True(NetLimits.DhcpRetransmitJitterNs < NetLimits.DhcpRetransmitInitialNs);
            Assert.Equal(4_000_000_000, NetLimits.DhcpRetransmitInitialNs);  // RFC 2131 4.1
            Assert.Equal(64_000_000_000, NetLimits.DhcpRetransmitMaxNs);
        }

        [Fact]
        public void DhcpMessage_FitsMinimumDatagram()
        {
            Assert.True(NetLimits.DhcpMessageBytesMin >= 240 + 3 + 2 + 7 + 1 + 12);
            Assert.True(NetLimits.DhcpMessageBytesMin <= NetLimits.DhcpMessageBytesMax);
            Assert.Equal(548, NetLimits.DhcpMessageBytesMax);
        }

        [Fact]
        public void DhcpRequestAttempts_AtLeastOneRetransmission() =>
            Assert.True(NetLimits.DhcpRequestAttemptsMax >= 2);
    }
}
