using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Ip
{
    // Relations between the reassembly constants that Ipv4Reassembly relies on.
    public class ReassemblyLimitsTests
    {
        [Fact]
        public void Block_MultipleOfFragmentUnit_NoUnitStraddlesBlocks() =>
            Assert.Equal(0, NetLimits.ReassemblyBlockBytes % Ipv4Packet.FragmentOffsetUnitBytes);

        [Fact]
        public void Pool_WholeBlocks_NoneLost() =>
            Assert.Equal(0, NetLimits.ReassemblyBytesMax % NetLimits.ReassemblyBlockBytes);

        [Fact]
        public void BlocksPerDatagram_CoverLargestPayload() =>
            Assert.True(NetLimits.ReassemblyBlocksPerDatagramMax * NetLimits.ReassemblyBlockBytes >= Ipv4Header.PayloadLengthMax);

        [Fact]
        public void Pool_HoldsLargestDatagram_ItCanComplete() =>
            Assert.True(NetLimits.ReassemblyBlocksMax >= NetLimits.ReassemblyBlocksPerDatagramMax);

        [Fact]
        public void DatagramBytes_Is65535_TotalLengthField() =>
            Assert.Equal(65535, NetLimits.ReassemblyDatagramBytesMax);

        [Fact]
        public void Timeout_Within60To120Seconds_Rfc1122() =>
            Assert.InRange(NetLimits.ReassemblyTimeoutNs, 60_000_000_000, 120_000_000_000);

        [Fact]
        public void Quote_LongestHeaderPlus64Bits_Rfc792() =>
            Assert.Equal(60 + 8, NetLimits.ReassemblyQuoteBytesMax);
    }
}
