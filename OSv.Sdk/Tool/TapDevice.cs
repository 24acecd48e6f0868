// `--net tap:IFNAME` uses a tap device somebody else made (the tool never creates one: that
// needs root and a choice of addresses and namespace). Checked before any build, through sysfs,
// so a missing or wrong device fails in milliseconds with a message saying how to make one,
// instead of QEMU's "could not configure /dev/net/tun". sysfs shows the network namespace the
// tool runs in (`ip netns exec` remounts /sys), which is the one QEMU will open the tap in.
using System;
using System.Globalization;
using System.IO;

namespace OSv.Tool
{
    internal static class TapDevice
    {
        public const string SysClassNetPath = "/sys/class/net";
        public const string TunDevicePath = "/dev/net/tun";

        // linux/if_tun.h: tun_flags holds IFF_TUN (1) or IFF_TAP (2) in its low bits.
        private const int TypeMask = 0x3;
        private const int TapType = 0x2;

        // Null when the device looks usable; otherwise what is wrong and how to fix it.
        public static string? Problem(string name, string sysClassNetPath = SysClassNetPath, string tunDevicePath = TunDevicePath)
        {
            string create = "create it first (as root, in the network namespace QEMU will run in): "
                + "ip tuntap add dev " + name + " mode tap && ip link set " + name + " up";
            if (!File.Exists(tunDevicePath))
                return tunDevicePath + " is missing, so no tap device can be opened (load the tun module: modprobe tun).";
            string device = Path.Combine(sysClassNetPath, name);
            if (!Directory.Exists(device))
                return "tap device '" + name + "' does not exist (" + device + " is missing); " + create + ".";
            string flagsPath = Path.Combine(device, "tun_flags");
            if (!File.Exists(flagsPath) || !IsTap(File.ReadAllText(flagsPath)))
                return "'" + name + "' exists but is not a tap device; give --net tap: a tap device (ip tuntap add dev NAME mode tap).";
            return null;
        }

        // "0x1002" -> true; a tun device (0x1001) or unreadable text -> false.
        internal static bool IsTap(string tunFlags)
        {
            string text = tunFlags.Trim();
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                text = text.Substring(2);
            return int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int flags)
                && (flags & TypeMask) == TapType;
        }
    }
}
