// The host's routing decision (RFC 1122 3.3.1): broadcast, on-link, via the gateway, or none.
using OSv.Net.Ip;
using OSv.Net.Wire;
using Xunit;
using static OSv.Net.Tests.Stack.StackFrames;

namespace OSv.Net.Tests.Stack
{
    public class Ipv4InterfaceTests
    {
        private static readonly Ipv4Interface Slirp = new Ipv4Interface(Ours, Mask24, Gateway);

        [Fact]
        public void Route_OnLink_NextHopIsDestination()
        {
            Assert.Equal(RouteResult.OnLink, Slirp.Route(Peer, out Ipv4Address nextHop));
            Assert.Equal(Peer, nextHop);
        }

        [Fact]
        public void Route_OffLink_NextHopIsGateway()
        {
            Assert.Equal(RouteResult.ViaGateway, Slirp.Route(Remote, out Ipv4Address nextHop));
            Assert.Equal(Gateway, nextHop);
        }

        [Fact]
        public void Route_OffLinkNoGateway_NoRoute()
        {
            Assert.Equal(RouteResult.NoRoute, new Ipv4Interface(Ours, Mask24, Ipv4Address.Any).Route(Remote, out _));
        }

        [Fact]
        public void Route_LimitedAndSubnetBroadcast_Broadcast()
        {
            Assert.Equal(RouteResult.Broadcast, Slirp.Route(Ipv4Address.Broadcast, out _));
            Assert.Equal(RouteResult.Broadcast, Slirp.Route(SubnetBroadcast, out _));
        }

        [Fact]
        public void Route_MulticastLoopbackUnspecified_NoRoute()
        {
            Assert.Equal(RouteResult.NoRoute, Slirp.Route(new Ipv4Address(224, 0, 0, 251), out _));
            Assert.Equal(RouteResult.NoRoute, Slirp.Route(new Ipv4Address(127, 0, 0, 1), out _));
            Assert.Equal(RouteResult.NoRoute, Slirp.Route(Ipv4Address.Any, out _));
        }

        [Fact]
        public void Route_Unconfigured_OnlyLimitedBroadcast()
        {
            Ipv4Interface none = default;
            Assert.Equal(RouteResult.Broadcast, none.Route(Ipv4Address.Broadcast, out _));
            Assert.Equal(RouteResult.NotConfigured, none.Route(Gateway, out _));
        }

        [Fact]
        public void Slash32_HasNoDirectedBroadcast()
        {
            var host = new Ipv4Interface(Ours, new Ipv4Address(0xFFFF_FFFF), Ipv4Address.Any);
            Assert.False(host.IsBroadcast(Ours));
        }

        [Fact]
        public void ContiguousMask_Recognised()
        {
            Assert.True(Ipv4Interface.IsContiguousMask(new Ipv4Address(0xFFFF_FFFF)));
            Assert.True(Ipv4Interface.IsContiguousMask(new Ipv4Address(0x8000_0000)));
            Assert.False(Ipv4Interface.IsContiguousMask(new Ipv4Address(0)));
            Assert.False(Ipv4Interface.IsContiguousMask(new Ipv4Address(0xFF00_FF00)));
        }
    }
}
