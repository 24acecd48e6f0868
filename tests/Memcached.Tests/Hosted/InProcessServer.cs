// Starts the hosted server in this process on free loopback ports, through the same command-line
// and options path as the program (HostCommandLine.TryParse), and stops it on Dispose. A port
// probed free can be taken by another process before the server binds it: the start is retried
// on a fresh pair of ports.
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Memcached.Hosting;

namespace Memcached.Tests.Hosted
{
    internal sealed class InProcessServer : IDisposable
    {
        private const int StartAttemptsMax = 5;

        public MemcachedServer Server { get; }
        public int TcpPort => Server.TcpPort;
        public int UdpPort => Server.UdpPort;

        public InProcessServer(params string[] extraArgs)
        {
            for (int attempt = 1; ; attempt++)
            {
                List<string> args = new List<string> { "-l", "127.0.0.1", "-p", FreeTcpPort().ToString(), "-U", FreeUdpPort().ToString() };
                args.AddRange(extraArgs);
                HostOptions options = HostCommandLine.TryParse(args.ToArray(), out string? error)
                    ?? throw new InvalidOperationException("server options refused: " + error);
                try
                {
                    Server = new MemcachedServer(options);
                    break;
                }
                catch (SocketException) when (attempt < StartAttemptsMax) { }
            }
            Server.Start();
        }

        public TextClient Connect() => new TextClient(TcpPort);

        public void Dispose() => Server.Dispose();

        internal static int FreeTcpPort()
        {
            TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static int FreeUdpPort()
        {
            using Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)socket.LocalEndPoint!).Port;
        }
    }
}
