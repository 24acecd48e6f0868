using Xunit;

namespace OSv.Net.Tests.Arp
{
    // Relations between the ARP constants that the cache's behaviour relies on.
    public class ArpLimitsTests
    {
        [Fact]
        public void RetryInterval_AtLeastOneSecond_Rfc1122FloodRule() =>
            Assert.True(NetLimits.ArpRequestRetryIntervalNs >= 1_000_000_000);

        [Fact]
        public void Lifetime_LongerThanReachableTime_StaleStateExists() =>
            Assert.True(NetLimits.ArpEntryLifetimeNs > NetLimits.ArpReachableTimeNs);

        [Fact]
        public void Resolution_EndsBeforeReachableTime_GiveUpComesFirst() =>
            Assert.True(NetLimits.ArpRequestsPerResolutionMax * NetLimits.ArpRequestRetryIntervalNs < NetLimits.ArpReachableTimeNs);

        [Fact]
        public void PendingQueue_HoldsAtLeastOnePacket_Rfc1122() =>
            Assert.True(NetLimits.ArpPendingPacketsPerEntryMax >= 1);

        [Fact]
        public void TickSpans_CoverEveryEntry_NeverCutShort()
        {
            Assert.Equal(NetLimits.ArpCacheEntriesMax, NetLimits.ArpTickRequestsMax);
            Assert.Equal(NetLimits.ArpCacheEntriesMax * NetLimits.ArpPendingPacketsPerEntryMax, NetLimits.ArpTickFailedPacketsMax);
        }
    }
}
