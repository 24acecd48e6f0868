// Hosted, the same stack runs on a Linux tap device: `--tap NAME` (the tap must exist and be
// up, e.g. `ip tuntap add dev NAME mode tap && ip link set NAME up`); the interface options
// (ip=, mask=, gw=, dhcp, net.channels=) come from the arguments as they come from the kernel
// command line in the image.
using System;
using System.Security.Cryptography;
using OSv.Net.Ip;
using OSv.Net.Link;
using OSv.Net.Sockets;
using OSv.Net.Wire;

internal static class NetworkHost
{
    public static Network? Start(string[] args, out string? error)
    {
        int tap = Array.IndexOf(args, "--tap");
        if (tap < 0 || tap + 1 >= args.Length)
        {
            error = "hosted, give a tap device: --tap NAME (and ip=A.B.C.D/NN or dhcp)";
            return null;
        }
        NetConfiguration? configuration = NetConfiguration.TryParse(args, out error);
        if (configuration == null)
            return null;
        byte[] mac = { 0x52, 0x54, 0x00, 0x05, 0x0E, 0x01 };
        TapFrameDevice? device = TapFrameDevice.Open(args[tap + 1], MacAddress.Read(mac), out error);
        if (device == null)
            return null;
        return Network.Start(device, configuration!, null, (uint)RandomNumberGenerator.GetInt32(int.MaxValue));
    }
}
