// The hosted UDP listener (-U): one socket, -t worker threads each blocking in ReceiveFrom on it
// (the kernel hands each datagram to one of them) and each owning one UdpResponder, so workers
// share nothing but the cache. A reply goes back to the datagram's sender in as many datagrams
// as UdpResponder cuts it into. Stop closes the socket, which ends every worker's receive.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Memcached.Server;
using Microsoft.Extensions.Logging;

namespace Memcached.Hosting
{
    internal sealed class UdpServer
    {
        // A request must fit one datagram; the largest UDP payload.
        public const int DatagramReceiveBytesMax = 65507;

        private readonly Cache cache;
        private readonly ILogger logger;
        private readonly Socket socket;
        private readonly Thread[] workers;
        private volatile bool stopping;

        public UdpServer(Cache cache, IPAddress address, int port, int threads, ILogger logger)
        {
            this.cache = cache;
            this.logger = logger;
            socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, port));
            workers = new Thread[threads];
            for (int i = 0; i < threads; i++)
                workers[i] = new Thread(Work) { IsBackground = true, Name = "memcached-udp-" + i };
        }

        public int Port => ((IPEndPoint)socket.LocalEndPoint!).Port;

        public void Start()
        {
            foreach (Thread worker in workers)
                worker.Start();
        }

        public void Stop()
        {
            stopping = true;
            socket.Dispose();
            foreach (Thread worker in workers)
                worker.Join();
        }

        private void Work()
        {
            UdpResponder responder = new UdpResponder(cache);
            byte[] datagram = new byte[DatagramReceiveBytesMax];
            byte[] reply = new byte[UdpResponder.DatagramBytesMax];
            EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (!stopping)
            {
                EndPoint sender = any;
                int count;
                try
                {
                    count = socket.ReceiveFrom(datagram, ref sender);
                }
                catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
                {
                    if (stopping)
                        return;
                    continue; // e.g. ICMP port unreachable reported for an earlier reply
                }
                Answer(responder, datagram.AsSpan(0, count), reply, sender);
            }
        }

        private void Answer(UdpResponder responder, ReadOnlySpan<byte> request, byte[] reply, EndPoint sender)
        {
            if (!responder.Handle(request))
                return;
            for (int i = 0; i < responder.DatagramCount; i++)
            {
                int length = responder.WriteDatagram(i, reply);
                try
                {
                    socket.SendTo(reply, 0, length, SocketFlags.None, sender);
                }
                catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
                {
                    if (!stopping)
                        logger.LogDebug("udp reply failed: {Message}", exception.Message);
                    return;
                }
            }
        }
    }
}
