// The hosted TCP listener: accepts on -l:-p and serves each connection with a pooled
// TcpConnection (a session and its buffers, reused by later connections).
//
// Connection limit (-c), as memcached's maxconns handling: a connection accepted while -c are
// open gets "ERROR Too many open connections\r\n" and is closed at once, counted in
// rejected_connections. Accepted connections count in curr_connections/total_connections.
// The listen backlog is the kernel's maximum, so a burst of 1,000+ connects is not dropped
// before the accept loop takes it. Stop closes the listener and every open socket, then waits
// for their loops to end.
using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Memcached.Server;
using Microsoft.Extensions.Logging;

namespace Memcached.Hosting
{
    internal sealed class TcpServer
    {
        private static readonly byte[] TooManyConnectionsLine = "ERROR Too many open connections\r\n"u8.ToArray();

        private readonly Cache cache;
        private readonly ILogger logger;
        private readonly Socket listener;
        private readonly ConcurrentBag<TcpConnection> idle = new ConcurrentBag<TcpConnection>();
        private readonly ConcurrentDictionary<Socket, bool> open = new ConcurrentDictionary<Socket, bool>();
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private const int StopTimeoutMs = 5000;
        private int openCount; // connections being served; Interlocked (accept loop and connection ends)
        private Task? acceptLoop;

        public TcpServer(Cache cache, IPAddress address, int port, ILogger logger)
        {
            this.cache = cache;
            this.logger = logger;
            listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(int.MaxValue);
        }

        public int Port => ((IPEndPoint)listener.LocalEndPoint!).Port;

        public void Start() => acceptLoop = Task.Run(AcceptLoopAsync);

        public void Stop()
        {
            stopping.Cancel();
            listener.Dispose();
            foreach (Socket socket in open.Keys)
                socket.Dispose();
            acceptLoop?.Wait();
            SpinWait.SpinUntil(() => Volatile.Read(ref openCount) == 0, StopTimeoutMs);
        }

        private async Task AcceptLoopAsync()
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    if (!stopping.IsCancellationRequested)
                        logger.LogError("accept failed: {Message}", exception.Message);
                    return;
                }
                if (Interlocked.Increment(ref openCount) > cache.Settings.ConnectionsMax)
                {
                    Interlocked.Decrement(ref openCount);
                    Reject(socket);
                    continue;
                }
                socket.NoDelay = true;
                open.TryAdd(socket, true);
                _ = ServeAsync(socket);
            }
        }

        private async Task ServeAsync(Socket socket)
        {
            await Task.Yield(); // run the connection off the accept loop
            cache.Counters.ConnectionOpened();
            if (cache.Settings.Verbosity > 1)
                logger.LogDebug("new connection from {Peer}", socket.RemoteEndPoint);
            TcpConnection connection = idle.TryTake(out TcpConnection? reused) ? reused : new TcpConnection(cache);
            try
            {
                await connection.ServeAsync(socket, stopping.Token).ConfigureAwait(false);
                idle.Add(connection);
            }
            catch (Exception exception)
            {
                // A fault in the engine: drop this connection (and its session), keep serving.
                logger.LogError(exception, "connection failed");
            }
            finally
            {
                open.TryRemove(socket, out _);
                socket.Dispose();
                // The place is free before curr_connections says so: a client that sees the
                // count drop can connect again without being refused.
                Interlocked.Decrement(ref openCount);
                cache.Counters.ConnectionClosed();
            }
        }

        private void Reject(Socket socket)
        {
            Interlocked.Increment(ref cache.Counters.RejectedConnections);
            try
            {
                socket.Send(TooManyConnectionsLine);
            }
            catch (SocketException) { }
            socket.Dispose();
        }
    }
}
