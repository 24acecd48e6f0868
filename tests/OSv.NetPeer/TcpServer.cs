// The three TCP services the guest's sample will offer, played by Linux so tests and the
// benchmark can be checked before the guest stack exists (and compared with it after):
//   echo (RFC 862, guest port 7): writes back every byte until the client's FIN, then closes;
//   discard (RFC 863, port 9): reads and drops until the client's FIN, then closes;
//   source (chargen-like, RFC 864, port 19): writes SeededPattern(SourceSeed) until the client
//   closes or resets, ignoring what it receives.
// One accept loop, one task per connection; Dispose stops accepting, closes every connection
// and waits for the tasks, so a test leaves no socket behind.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace OSv.NetPeer
{
    public enum TcpService
    {
        Echo,
        Discard,
        Source,
    }

    public sealed class TcpServer : IDisposable
    {
        public const int EchoPort = 7;
        public const int DiscardPort = 9;
        public const int SourcePort = 19;
        public const ulong SourceSeed = 19;
        private const int BufferBytes = 64 * 1024;

        private readonly Socket _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<Socket, Task> _connections = new ConcurrentDictionary<Socket, Task>();
        private readonly Task _acceptLoop;
        private long _bytesReceived, _bytesSent, _connectionCount;

        private TcpServer(TcpService service, Socket listener)
        {
            Service = service;
            _listener = listener;
            EndPoint = (IPEndPoint)listener.LocalEndPoint!;
            _acceptLoop = Task.Run(AcceptLoop);
        }

        public TcpService Service { get; }

        // The bound address and port (the real port when started on port 0).
        public IPEndPoint EndPoint { get; }

        public long BytesReceived => Interlocked.Read(ref _bytesReceived);

        public long BytesSent => Interlocked.Read(ref _bytesSent);

        public long ConnectionCount => Interlocked.Read(ref _connectionCount);

        public static TcpServer Start(TcpService service, IPEndPoint endPoint)
        {
            Socket listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endPoint);
            listener.Listen(backlog: 64);
            return new TcpServer(service, listener);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
            foreach (Socket connection in _connections.Keys)
                connection.Dispose();
            List<Task> tasks = new List<Task>(_connections.Values) { _acceptLoop };
            Task.WaitAll(tasks.ToArray(), TimeSpan.FromSeconds(5));
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = await _listener.AcceptAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException || e is SocketException || e is ObjectDisposedException)
                {
                    return;
                }
                connection.NoDelay = true;
                Interlocked.Increment(ref _connectionCount);
                _connections[connection] = Task.Run(() => Serve(connection));
            }
        }

        private async Task Serve(Socket connection)
        {
            try
            {
                if (Service == TcpService.Source)
                    await Source(connection);
                else
                    await EchoOrDiscard(connection);
            }
            catch (Exception e) when (e is OperationCanceledException || e is SocketException || e is ObjectDisposedException)
            {
                // The peer reset or we are stopping: nothing to report per connection.
            }
            finally
            {
                connection.Dispose();
                _connections.TryRemove(connection, out _);
            }
        }

        private async Task EchoOrDiscard(Socket connection)
        {
            byte[] buffer = new byte[BufferBytes];
            while (true)
            {
                int received = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (received == 0)
                    break; // the client's FIN
                Interlocked.Add(ref _bytesReceived, received);
                if (Service == TcpService.Echo)
                {
                    await SendAll(connection, buffer.AsMemory(0, received));
                    Interlocked.Add(ref _bytesSent, received);
                }
            }
            connection.Shutdown(SocketShutdown.Send);
        }

        private async Task Source(Socket connection)
        {
            byte[] buffer = new byte[BufferBytes];
            long offset = 0;
            while (!_stop.IsCancellationRequested)
            {
                SeededPattern.Fill(SourceSeed, offset, buffer);
                await SendAll(connection, buffer);
                offset += buffer.Length;
                Interlocked.Add(ref _bytesSent, buffer.Length);
            }
        }

        private async Task SendAll(Socket connection, ReadOnlyMemory<byte> data)
        {
            while (data.Length > 0)
            {
                int sent = await connection.SendAsync(data, SocketFlags.None, _stop.Token);
                data = data.Slice(sent);
            }
        }
    }
}
