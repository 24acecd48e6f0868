// `osv run` parsed by the real System.CommandLine wiring (Cli.CreateRunCommand): every bad
// network value is refused at parse time with a message naming the option, the expected shape
// and the value given; good values reach RunSettings.Network.
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using OSv.Tool;
using Xunit;

namespace OSv.Tool.Tests
{
    public class RunOptionParsingTests
    {
        private static ParseResult Parse(params string[] options)
        {
            Command run = Cli.CreateRunCommand();
            return run.Parse(new[] { "/images/App.elf" }.Concat(options).ToArray());
        }

        private static string SingleError(params string[] options)
        {
            IReadOnlyList<System.CommandLine.Parsing.ParseError> errors = Parse(options).Errors;
            Assert.True(errors.Count == 1, "expected one error, got: " + string.Join(" | ", errors.Select(error => error.Message)));
            return errors[0].Message;
        }

        private static NetworkSettings? ReadNetwork(params string[] options)
        {
            RunSettings? settings = null;
            Command run = Cli.CreateRunCommand(parsed => { settings = parsed; return 0; });
            ParseResult result = run.Parse(new[] { "/images/App.elf" }.Concat(options).ToArray());
            Assert.Empty(result.Errors);
            Assert.Equal(0, result.Invoke());
            return settings!.Network;
        }

        [Theory]
        [InlineData("tap:", "--net tap:IFNAME wants a Linux interface name of 1 to 15 letters, digits, '-', '_' or '.', got 'tap:'.")]
        [InlineData("tap:abcdefghijklmnop", "--net tap:IFNAME wants a Linux interface name of 1 to 15 letters, digits, '-', '_' or '.', got 'tap:abcdefghijklmnop'.")]
        [InlineData("tap:a,b", "--net tap:IFNAME wants a Linux interface name of 1 to 15 letters, digits, '-', '_' or '.', got 'tap:a,b'.")]
        [InlineData("tap", "--net wants none, user, tap:IFNAME or udp:LOCAL:REMOTE (two ports between 1 and 65535), got 'tap'.")]
        [InlineData("bridge", "--net wants none, user, tap:IFNAME or udp:LOCAL:REMOTE (two ports between 1 and 65535), got 'bridge'.")]
        [InlineData("udp:1", "--net wants none, user, tap:IFNAME or udp:LOCAL:REMOTE (two ports between 1 and 65535), got 'udp:1'.")]
        public void Net_BadValue_IsRefusedWithShape(string value, string message)
        {
            Assert.Equal(message, SingleError("--net", value));
        }

        [Theory]
        [InlineData("80")]
        [InlineData("udp:80")]
        [InlineData("udp:0:80")]
        [InlineData("sctp:80:80")]
        [InlineData("80:70000")]
        public void Forward_BadValue_IsRefusedWithShape(string value)
        {
            Assert.Equal("--forward wants HOST:GUEST, tcp:HOST:GUEST or udp:HOST:GUEST with two ports between 1 and 65535, got '" + value + "'.",
                SingleError("--net", "user", "--forward", value));
        }

        [Theory]
        [InlineData("none")]
        [InlineData("tap:osvtap0")]
        [InlineData("udp:5555:5556")]
        public void Forward_WithoutUserNetwork_IsRefused(string network)
        {
            Assert.Equal("--forward needs --net user (QEMU forwards ports only on its user-mode network), got --net " + network + ".",
                SingleError("--net", network, "--forward", "8080:80"));
        }

        [Fact]
        public void Forward_WithDefaultNetwork_IsRefused()
        {
            Assert.Equal("--forward needs --net user (QEMU forwards ports only on its user-mode network), got --net none.",
                SingleError("--forward", "8080:80"));
        }

        [Theory]
        [InlineData("52:54:00:12:34")]
        [InlineData("52-54-00-12-34-56")]
        [InlineData("zz:54:00:12:34:56")]
        [InlineData("")]
        public void Mac_Malformed_IsRefusedWithShape(string value)
        {
            Assert.Equal("--mac wants six hex pairs separated by ':' (52:54:00:12:34:56), got '" + value + "'.",
                SingleError("--net", "user", "--mac", value));
        }

        [Fact]
        public void Mac_Multicast_IsRefused()
        {
            Assert.Equal("--mac 01:00:5e:00:00:01 is a multicast address (the first octet is odd); a NIC needs a unicast one.",
                SingleError("--net", "user", "--mac", "01:00:5e:00:00:01"));
        }

        [Fact]
        public void Mac_AllZero_IsRefused()
        {
            Assert.Equal("--mac 00:00:00:00:00:00 is not a usable address.", SingleError("--net", "user", "--mac", "00:00:00:00:00:00"));
        }

        [Fact]
        public void Mac_WithoutNetwork_IsRefused()
        {
            Assert.Equal("--mac needs a network device: add --net user, tap:IFNAME or udp:LOCAL:REMOTE.", SingleError("--mac", "52:54:00:12:34:56"));
        }

        [Fact]
        public void Tap_WithMac_ReachesSettings()
        {
            NetworkSettings network = ReadNetwork("--net", "tap:osvtap0", "--mac", "52:54:00:ab:cd:ef")!;
            Assert.Equal("osvtap0", network.TapName);
            Assert.Equal("52:54:00:ab:cd:ef", network.Mac);
            Assert.Null(network.Udp);
            Assert.Empty(network.Forwards);
        }

        [Fact]
        public void UserWithTcpAndUdpForwards_ReachSettingsInOrder()
        {
            NetworkSettings network = ReadNetwork("--net", "user", "--forward", "8080:80", "--forward", "udp:5353:53")!;
            Assert.Equal(new[] { new PortForward(8080, 80), new PortForward(5353, 53, ForwardProtocol.Udp) }, network.Forwards);
            Assert.Null(network.TapName);
        }

        [Fact]
        public void NoNetwork_ReachesSettingsAsNull()
        {
            Assert.Null(ReadNetwork());
        }

        [Theory]
        [InlineData("NAME")]
        [InlineData("=value")]
        public void Env_WithoutName_IsRefused(string value)
        {
            Assert.Equal("--env wants NAME=VALUE with a non-empty NAME, got '" + value + "'.", SingleError("--env", value));
        }

        [Fact]
        public void Env_Repeated_ReachesSettingsInOrder()
        {
            RunSettings? settings = null;
            Command run = Cli.CreateRunCommand(parsed => { settings = parsed; return 0; });
            ParseResult result = run.Parse(new[] { "/images/App.elf", "--env", "A=1", "--env", "B=two words", "--env", "C=" });
            Assert.Empty(result.Errors);
            Assert.Equal(0, result.Invoke());
            Assert.Equal(new[] { "A=1", "B=two words", "C=" }, settings!.Environment);
        }
    }
}
