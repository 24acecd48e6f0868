using OSv.Net.Tcp;
using Xunit;

namespace OSv.Net.Tests.Tcp
{
    // Relations between the TCP constants that the state machine relies on.
    public class TcpLimitsTests
    {
        [Fact]
        public void Rto_MinBelowInitialBelowMax_Rfc6298() =>
            Assert.True(NetLimits.TcpRtoMinNs < NetLimits.TcpRtoInitialNs && NetLimits.TcpRtoInitialNs < NetLimits.TcpRtoMaxNs);

        [Fact]
        public void Rto_MaxAtLeastSixtySeconds_Rfc6298() =>
            Assert.True(NetLimits.TcpRtoMaxNs >= 60_000_000_000);

        [Fact]
        public void DelayedAck_BelowRtoMin_NoSpuriousTimeouts() =>
            Assert.True(NetLimits.TcpDelayedAckNs < NetLimits.TcpRtoMinNs && NetLimits.TcpDelayedAckNs <= 500_000_000);

        [Fact]
        public void TimeWait_TwiceMsl_Rfc9293() =>
            Assert.Equal(2 * NetLimits.TcpMslNs, NetLimits.TcpTimeWaitNs);

        [Fact]
        public void BufferMax_CoveredByLargestWindowScale_Rfc7323() =>
            Assert.True((long)NetLimits.TcpBufferBytesMax <= (long)ushort.MaxValue << NetLimits.TcpWindowScaleMax + 1 &&
                TcpControlBlock.WindowShiftFor(NetLimits.TcpBufferBytesMax) <= NetLimits.TcpWindowScaleMax);

        [Fact]
        public void SackRanges_FitInOptionSpace_Rfc2018() =>
            Assert.True(NetLimits.TcpOutOfOrderRangesMax <= OSv.Net.Wire.TcpOptions.SackBlocksMax);

        [Fact]
        public void EphemeralRange_DynamicPorts_Rfc6335()
        {
            Assert.Equal(49152, NetLimits.TcpEphemeralPortFirst);
            Assert.Equal(65535, NetLimits.TcpEphemeralPortLast);
            Assert.Equal(16384, NetLimits.TcpEphemeralPortCount);
        }

        [Fact]
        public void DefaultMss_AboveMinimum() =>
            Assert.True(NetLimits.TcpDefaultMss >= NetLimits.TcpMssMin);

        [Fact]
        public void Settings_DefaultsFromLimits()
        {
            TcpSettings settings = new TcpSettings();
            Assert.Equal(NetLimits.TcpTimeWaitNs, settings.TimeWaitNs);
            Assert.False(settings.KeepAlive);
            Assert.True(settings.Nagle);
            Assert.True(settings.DelayedAck);
        }
    }
}
