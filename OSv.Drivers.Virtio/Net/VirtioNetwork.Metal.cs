// An image's network in one call: the first virtio-net device, driven by OSv.Net's stack with
// the interface configured from the kernel options (ip=, mask=, gw=, dhcp, net.channels=).
// The stack's secret (sequence numbers, ephemeral ports, flow hash) comes from virtio-rng when
// the machine has one (osv run --rng), else from the clock, which is guessable: a warning says so.
using System;
using OSv.Core.Time;
using OSv.Net.Ip;
using OSv.Net.Sockets;
using OSv.Net.Tcp;

namespace OSv.Drivers.Virtio.Net
{
    public static class VirtioNetwork
    {
        private static Network? s_network;

        // The started network (once: later calls return the same one); null with error set when
        // there is no virtio-net device or an option is malformed.
        public static Network? Start(string[] kernelOptions, TcpSettings? tcpSettings, out string? error)
        {
            error = null;
            if (s_network != null)
                return s_network;
            VirtioNetDevice? device = VirtioDevices.Network;
            if (device == null)
            {
                error = "no virtio-net device (osv run --net user)";
                return null;
            }
            NetConfiguration? configuration = NetConfiguration.TryParse(kernelOptions, out error);
            if (configuration == null)
                return null;
            s_network = Network.Start(device, configuration!, tcpSettings, Secret());
            return s_network;
        }

        private static uint Secret()
        {
            byte[] bytes = new byte[4];
            if (VirtioDevices.Entropy is Rng.VirtioRngDevice rng && rng.Read(bytes) == bytes.Length)
                return (uint)(bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24);
            Console.WriteLine("net: no virtio-rng device: sequence numbers are keyed from the clock (osv run --rng)");
            ulong now = (ulong)Clock.NowNanoseconds * 0x9E3779B97F4A7C15UL;
            return (uint)(now >> 32) ^ (uint)now;
        }
    }
}
