using Xunit;

namespace OSv.Net.Tests.Channels
{
    // Relations between the channel constants that the ring and the flow table rely on.
    public class ChannelLimitsTests
    {
        private static bool IsPowerOfTwo(int value) => value > 0 && (value & (value - 1)) == 0;

        [Fact]
        public void RingCapacity_PowerOfTwo_MaskIndexing() =>
            Assert.True(IsPowerOfTwo(NetLimits.NetChannelRingCapacity));

        [Fact]
        public void RingCapacity_FarBelowCounterRange_WrapIsExact() =>
            Assert.True(NetLimits.NetChannelRingCapacity < int.MaxValue / 2);

        [Fact]
        public void FlowTableSlots_PowerOfTwo_MaskIndexing() =>
            Assert.True(IsPowerOfTwo(NetLimits.FlowTableSlots));

        [Fact]
        public void FlowTableLoad_AtMostHalf_ProbeRunsShortAndAlwaysAnEmptySlot() =>
            Assert.True(2 * NetLimits.FlowTableEntriesMax <= NetLimits.FlowTableSlots);

        [Fact]
        public void FlowTableEntries_CoverDefaultConnections_OneChannelPerConnection() =>
            Assert.True(NetLimits.FlowTableEntriesMax >= new OSv.Net.Tcp.TcpSettings().ConnectionsMax);

        [Fact]
        public void ReadAttempts_AtLeastOne_BoundedRetries()
        {
            Assert.True(NetLimits.FlowTableReadAttemptsMax >= 1);
            Assert.True(NetLimits.FlowTableReadAttemptsMax <= 16);
        }

        [Fact]
        public void CacheLine_PowerOfTwoAtLeast64() =>
            Assert.True(IsPowerOfTwo(NetLimits.CacheLineBytes) && NetLimits.CacheLineBytes >= 64);
    }
}
