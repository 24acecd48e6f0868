// Host ports nobody listens on right now, for QEMU's hostfwd and UDP backends: the OS picks one,
// the probe socket is closed, and the port is handed to QEMU. (Another process could take it in
// between; on a test machine that race is rare enough that the test would fail, not hang.)
using System.Net;
using System.Net.Sockets;

namespace OSv.Image.Tests.Net
{
    internal static class FreePorts
    {
        public static int Tcp()
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public static int Udp()
        {
            using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }
    }
}
