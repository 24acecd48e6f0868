// UDP echo for interop tests: a server that returns every datagram to its sender, and a client
// that sends Count datagrams of SizeBytes in lock step (send one, wait for its echo up to
// ReplyTimeout, then the next), datagram i carrying SeededPattern(seed) bytes
// [i * size, (i + 1) * size), so a reordered, truncated or foreign reply is told apart from a
// lost one. Lock step keeps the guest's receive queue at one datagram: a test of correctness,
// not of rate.
using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace OSv.NetPeer
{
    public sealed record UdpEchoResult(int Sent, int Verified, int Lost, int Wrong, double Seconds)
    {
        public bool Succeeded => Verified == Sent && Sent > 0;

        public string Describe() => FormattableString.Invariant(
            $"{(Succeeded ? "OK" : "FAIL")} udp echo: sent {Sent}, verified {Verified}, lost {Lost}, wrong {Wrong}, {Seconds:F3} s");
    }

    public static class HostUdpPeer
    {
        public const int DatagramBytesMax = 65507; // IPv4: 65535 - 20 (IP) - 8 (UDP)

        public static UdpEchoResult Echo(IPEndPoint server, int count, int sizeBytes, ulong seed, TimeSpan replyTimeout)
        {
            if (sizeBytes < 1 || sizeBytes > DatagramBytesMax)
                throw new ArgumentOutOfRangeException(nameof(sizeBytes), "a UDP datagram holds 1 to " + DatagramBytesMax + " bytes");
            using Socket socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(server); // replies from any other address are filtered by the kernel
            socket.ReceiveTimeout = (int)replyTimeout.TotalMilliseconds;
            byte[] datagram = new byte[sizeBytes];
            byte[] reply = new byte[DatagramBytesMax];
            int verified = 0, lost = 0, wrong = 0;
            Stopwatch clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                SeededPattern.Fill(seed, (long)i * sizeBytes, datagram);
                socket.Send(datagram);
                int length = ReceiveOrZero(socket, reply);
                if (length == 0)
                    lost++;
                else if (length == sizeBytes && reply.AsSpan(0, length).SequenceEqual(datagram))
                    verified++;
                else
                    wrong++;
            }
            return new UdpEchoResult(count, verified, lost, wrong, clock.Elapsed.TotalSeconds);
        }

        // 0 on timeout or ICMP port unreachable (ConnectionRefused on a connected socket).
        private static int ReceiveOrZero(Socket socket, byte[] reply)
        {
            try
            {
                return socket.Receive(reply);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return 0;
            }
        }
    }

    public sealed class UdpEchoServer : IDisposable
    {
        private readonly Socket _socket;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;
        private long _datagrams;

        private UdpEchoServer(Socket socket)
        {
            _socket = socket;
            EndPoint = (IPEndPoint)socket.LocalEndPoint!;
            _loop = Task.Run(Loop);
        }

        public IPEndPoint EndPoint { get; }

        public long Datagrams => Interlocked.Read(ref _datagrams);

        public static UdpEchoServer Start(IPEndPoint endPoint)
        {
            Socket socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(endPoint);
            return new UdpEchoServer(socket);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }

        private async Task Loop()
        {
            byte[] buffer = new byte[HostUdpPeer.DatagramBytesMax];
            EndPoint any = new IPEndPoint(EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (!_stop.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                    await _socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue; // an ICMP error for an earlier reply: keep serving
                }
                Interlocked.Increment(ref _datagrams);
            }
        }
    }
}
