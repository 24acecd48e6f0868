// Kernel options to an interface configuration: every option of ours, the defaults, and each
// bad value or contradiction giving an error string (never a throw).
using OSv.Net.Ip;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Stack
{
    public class NetConfigurationTests
    {
        private static NetConfiguration Parse(params string[] options)
        {
            NetConfiguration? configuration = NetConfiguration.TryParse(options, out string? error);
            Assert.Null(error);
            return configuration!;
        }

        private static string ParseError(params string[] options)
        {
            Assert.Null(NetConfiguration.TryParse(options, out string? error));
            Assert.NotNull(error);
            return error!;
        }

        [Fact]
        public void NoOptions_DhcpWithChannels()
        {
            NetConfiguration configuration = Parse();
            Assert.True(configuration.UseDhcp);
            Assert.True(configuration.NetChannels);
            Assert.Equal(Ipv4Address.Any, configuration.Address);
        }

        [Fact]
        public void OthersOptions_Ignored()
        {
            NetConfiguration configuration = Parse("virtio.event_idx=off", "ipx", "ip6=1", "console=ttyS0", "gateway=1.2.3.4");
            Assert.True(configuration.UseDhcp);
        }

        [Fact]
        public void DhcpAndNetDhcp_BothSelectDhcp()
        {
            Assert.True(Parse("dhcp").UseDhcp);
            Assert.True(Parse("net.dhcp").UseDhcp);
        }

        [Fact]
        public void Static_AddressMaskGateway_AllKept()
        {
            NetConfiguration configuration = Parse("ip=10.0.2.15", "mask=255.255.255.0", "gw=10.0.2.2");
            Assert.False(configuration.UseDhcp);
            Assert.Equal(new Ipv4Address(10, 0, 2, 15), configuration.Address);
            Assert.Equal(new Ipv4Address(255, 255, 255, 0), configuration.Mask);
            Assert.Equal(new Ipv4Address(10, 0, 2, 2), configuration.Gateway);
        }

        [Fact]
        public void Static_PrefixLength_GivesMask()
        {
            Assert.Equal(new Ipv4Address(255, 255, 240, 0), Parse("ip=172.16.5.4/20").Mask);
        }

        [Fact]
        public void Static_NoMask_ClassfulDefault()
        {
            Assert.Equal(new Ipv4Address(255, 0, 0, 0), Parse("ip=10.0.2.15").Mask);
            Assert.Equal(new Ipv4Address(255, 255, 0, 0), Parse("ip=172.16.0.9").Mask);
            Assert.Equal(new Ipv4Address(255, 255, 255, 0), Parse("ip=192.168.1.9").Mask);
        }

        [Fact]
        public void Static_NoGateway_NoDefaultRoute()
        {
            Assert.Equal(Ipv4Address.Any, Parse("ip=10.0.2.15/24").Gateway);
        }

        [Fact]
        public void Static_PrefixAndSameMask_Accepted()
        {
            Assert.Equal(new Ipv4Address(255, 255, 255, 0), Parse("ip=10.0.2.15/24", "mask=255.255.255.0").Mask);
        }

        [Fact]
        public void Channels_OnOff_Kept()
        {
            Assert.False(Parse("net.channels=off").NetChannels);
            Assert.True(Parse("net.channels=on").NetChannels);
            Assert.False(Parse("ip=10.0.2.15/24", "net.channels=off").NetChannels);
        }

        [Fact]
        public void RepeatedOption_LastWins()
        {
            Assert.Equal(new Ipv4Address(10, 0, 2, 16), Parse("ip=10.0.2.15/24", "ip=10.0.2.16/24").Address);
        }

        [Theory]
        [InlineData("ip=10.0.2", "ip=10.0.2: not a dotted-quad IPv4 address")]
        [InlineData("ip=10.0.2.256", "ip=10.0.2.256: not a dotted-quad IPv4 address")]
        [InlineData("ip=10.0.2.15.1", "ip=10.0.2.15.1: not a dotted-quad IPv4 address")]
        [InlineData("ip=10.0.02.15", "ip=10.0.02.15: not a dotted-quad IPv4 address")]
        [InlineData("ip=10.0.2.x", "ip=10.0.2.x: not a dotted-quad IPv4 address")]
        [InlineData("ip=", "ip=: not a dotted-quad IPv4 address")]
        [InlineData("ip=0.0.0.0", "ip=0.0.0.0: not a unicast host address")]
        [InlineData("ip=255.255.255.255", "ip=255.255.255.255: not a unicast host address")]
        [InlineData("ip=224.0.0.1", "ip=224.0.0.1: not a unicast host address")]
        [InlineData("ip=127.0.0.1", "ip=127.0.0.1: not a unicast host address")]
        [InlineData("ip=10.0.2.15/0", "ip=10.0.2.15/0: the prefix length after / must be 1 to 32")]
        [InlineData("ip=10.0.2.15/33", "ip=10.0.2.15/33: the prefix length after / must be 1 to 32")]
        [InlineData("ip=10.0.2.15/", "ip=10.0.2.15/: the prefix length after / must be 1 to 32")]
        [InlineData("ip=10.0.2.15/2x", "ip=10.0.2.15/2x: the prefix length after / must be 1 to 32")]
        [InlineData("ip", "ip: needs a value, as in ip=10.0.2.15")]
        [InlineData("mask=255.0.255.0", "mask=255.0.255.0: not a contiguous netmask")]
        [InlineData("mask=0.0.0.0", "mask=0.0.0.0: not a contiguous netmask")]
        [InlineData("mask=255.255", "mask=255.255: not a dotted-quad IPv4 address")]
        [InlineData("gw=300.1.1.1", "gw=300.1.1.1: not a dotted-quad IPv4 address")]
        [InlineData("gw=255.255.255.255", "gw=255.255.255.255: not a unicast host address")]
        [InlineData("dhcp=yes", "dhcp=yes: takes no value (write just \"dhcp\")")]
        [InlineData("net.dhcp=1", "net.dhcp=1: takes no value (write just \"dhcp\")")]
        [InlineData("net.channels=maybe", "net.channels=maybe: expected on or off")]
        [InlineData("net.channels", "net.channels: expected on or off")]
        public void BadValue_ClearError(string option, string error)
        {
            Assert.Equal(error, ParseError(option));
        }

        [Fact]
        public void StaticAndDhcp_Contradiction()
        {
            Assert.Equal("ip=10.0.2.15: a static address and dhcp contradict each other", ParseError("ip=10.0.2.15", "dhcp"));
        }

        [Fact]
        public void PrefixAndMask_Disagree()
        {
            Assert.Equal("ip=10.0.2.15/24: its prefix length and mask= disagree", ParseError("ip=10.0.2.15/24", "mask=255.255.0.0"));
        }

        [Fact]
        public void GatewayOffSubnet_Error()
        {
            Assert.Equal("gw=: the gateway is not on the subnet of ip=10.0.2.15/24", ParseError("ip=10.0.2.15/24", "gw=10.0.3.2"));
        }

        [Fact]
        public void GatewayIsOwnAddress_Error()
        {
            Assert.Equal("gw=: the gateway is the interface's own address", ParseError("ip=10.0.2.15/24", "gw=10.0.2.15"));
        }

        [Fact]
        public void MaskOrGatewayWithoutAddress_Error()
        {
            Assert.Equal("mask= needs a static address (ip=A.B.C.D)", ParseError("mask=255.255.255.0"));
            Assert.Equal("gw= needs a static address (ip=A.B.C.D)", ParseError("gw=10.0.2.2"));
        }

        [Fact]
        public void StaticFactory_InvalidValues_Null()
        {
            Assert.Null(NetConfiguration.Static(Ipv4Address.Any, new Ipv4Address(255, 255, 255, 0), Ipv4Address.Any));
            Assert.Null(NetConfiguration.Static(new Ipv4Address(10, 0, 2, 15), new Ipv4Address(255, 0, 255, 0), Ipv4Address.Any));
            Assert.Null(NetConfiguration.Static(new Ipv4Address(10, 0, 2, 15), new Ipv4Address(255, 255, 255, 0), new Ipv4Address(10, 0, 3, 1)));
        }
    }
}
