// The tap check `osv run --net tap:IFNAME` makes before building: against a fake sysfs tree and
// tun device in a temporary folder, so it runs anywhere without root.
using System;
using System.IO;
using OSv.Tool;
using Xunit;

namespace OSv.Tool.Tests
{
    public sealed class TapDeviceTests : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("osv-tap-test-").FullName;

        private string SysClassNet => Path.Combine(_root, "class", "net");

        private string Tun => Path.Combine(_root, "tun");

        public TapDeviceTests()
        {
            Directory.CreateDirectory(SysClassNet);
            File.WriteAllText(Tun, "");
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private void AddDevice(string name, string? tunFlags)
        {
            string device = Path.Combine(SysClassNet, name);
            Directory.CreateDirectory(device);
            if (tunFlags != null)
                File.WriteAllText(Path.Combine(device, "tun_flags"), tunFlags + "\n");
        }

        [Fact]
        public void ExistingTap_HasNoProblem()
        {
            AddDevice("osvtap0", "0x1802");
            Assert.Null(TapDevice.Problem("osvtap0", SysClassNet, Tun));
        }

        [Fact]
        public void MissingDevice_SaysHowToCreateIt()
        {
            Assert.Equal("tap device 'osvtap0' does not exist (" + Path.Combine(SysClassNet, "osvtap0") + " is missing); "
                + "create it first (as root, in the network namespace QEMU will run in): ip tuntap add dev osvtap0 mode tap && ip link set osvtap0 up.",
                TapDevice.Problem("osvtap0", SysClassNet, Tun));
        }

        [Fact]
        public void NonTunDevice_IsNotATap()
        {
            AddDevice("eth0", null);
            Assert.Equal("'eth0' exists but is not a tap device; give --net tap: a tap device (ip tuntap add dev NAME mode tap).", TapDevice.Problem("eth0", SysClassNet, Tun));
        }

        [Fact]
        public void TunDevice_IsNotATap()
        {
            AddDevice("tun0", "0x1001");
            Assert.StartsWith("'tun0' exists but is not a tap device", TapDevice.Problem("tun0", SysClassNet, Tun));
        }

        [Fact]
        public void MissingTunDevice_SaysToLoadTheModule()
        {
            AddDevice("osvtap0", "0x1002");
            File.Delete(Tun);
            Assert.Equal(Tun + " is missing, so no tap device can be opened (load the tun module: modprobe tun).",
                TapDevice.Problem("osvtap0", SysClassNet, Tun));
        }

        [Theory]
        [InlineData("0x1002", true)]
        [InlineData("0x1802", true)]
        [InlineData("0x0002", true)]
        [InlineData("0x1001", false)]
        [InlineData("", false)]
        [InlineData("tap", false)]
        public void IsTap_ReadsTheTypeBits(string flags, bool isTap)
        {
            Assert.Equal(isTap, TapDevice.IsTap(flags));
        }
    }
}
