using Xunit;

namespace OSv.Net.Tests.Udp
{
    // Relations between the UDP constants the layer relies on.
    public class UdpLimitsTests
    {
        [Fact]
        public void ReceiveQueue_HoldsFullMtuDatagrams() =>
            Assert.True(NetLimits.UdpReceiveQueueBytes >= 4 * (NetLimits.UdpRecordHeaderBytes + NetLimits.EthernetMtuBytes));

        [Fact]
        public void RecordHeader_HoldsLengthPortAndAddress() =>
            Assert.Equal(2 + 2 + 4, NetLimits.UdpRecordHeaderBytes);

        [Fact]
        public void EphemeralRange_IsRfc6335DynamicRange()
        {
            Assert.Equal(49152, NetLimits.UdpEphemeralPortFirst);
            Assert.Equal(65535, NetLimits.UdpEphemeralPortLast);
            Assert.Equal(16384, NetLimits.UdpEphemeralPortCount);
        }

        [Fact]
        public void SocketTable_FitsInEphemeralRange() =>
            Assert.True(NetLimits.UdpSocketsMax < NetLimits.UdpEphemeralPortCount);
    }
}
