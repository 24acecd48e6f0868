// The hosted server: one Cache (store, lock, counters, wall clock) served over TCP (-p) and UDP
// (-U) on the -l address. Start binds both and starts serving; Dispose stops both and waits.
// Used by MemcachedHost.Run and, in process on free ports, by the tests.
using System;
using System.Threading;
using Memcached.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memcached.Hosting
{
    public sealed class MemcachedServer : IDisposable
    {
        private readonly TcpServer? tcp;
        private readonly UdpServer? udp;

        public Cache Cache { get; }

        public MemcachedServer(HostOptions options, ILogger? logger = null)
        {
            logger ??= NullLogger.Instance;
            ServerSettings settings = options.Settings;
            Cache = new Cache(settings, new SystemClock());
            // Connection steps may run on the thread pool; -t threads keep it from starting cold.
            ThreadPool.GetMinThreads(out int workerThreads, out int completionThreads);
            ThreadPool.SetMinThreads(Math.Max(workerThreads, settings.Threads), completionThreads);
            if (settings.Port != 0)
                tcp = new TcpServer(Cache, options.ListenIPAddress, settings.Port, logger);
            if (settings.UdpPort != 0)
                udp = new UdpServer(Cache, options.ListenIPAddress, settings.UdpPort, settings.Threads, logger);
        }

        public int TcpPort => tcp?.Port ?? 0;
        public int UdpPort => udp?.Port ?? 0;

        public void Start()
        {
            tcp?.Start();
            udp?.Start();
        }

        public void Dispose()
        {
            tcp?.Stop();
            udp?.Stop();
        }
    }
}
