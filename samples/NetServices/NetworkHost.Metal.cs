// The image's interface: the first virtio-net device, configured from the kernel options.
using OSv.Core;
using OSv.Drivers.Virtio.Net;
using OSv.Net.Sockets;

internal static class NetworkHost
{
    public static Network? Start(string[] args, out string? error) =>
        VirtioNetwork.Start(Machine.KernelOptions, null, out error);
}
