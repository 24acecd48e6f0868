// Starts the hosted server in this process on free loopback ports, through the same command-line
// and options path as the program (HostCommandLine.TryParse), and stops it on Dispose. A port
// probed free can be taken by another process before the server binds it: the start is retried
// on a fresh pair of ports.
// The server's socket completions run on the thread pool here, beside test clients that block
// pool threads (32 synchronous connections, 1,000 sockets): with the pool's default minimum (one
// thread per core) the server starved for seconds on a loaded 2-core CI machine, so that a test
// did almost nothing in its time or memccapable gave up on a reply. The minimum is raised once.
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

        private const int ThreadPoolMinimum = 256;

        static InProcessServer()
        {
            System.Threading.ThreadPool.GetMinThreads(out int workers, out int completionPorts);
            System.Threading.ThreadPool.SetMinThreads(Math.Max(workers, ThreadPoolMinimum), Math.Max(completionPorts, ThreadPoolMinimum));
        }

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
