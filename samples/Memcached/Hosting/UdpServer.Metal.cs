// memcached's UDP protocol in the image (-U): one thread, one socket, one UdpResponder. Each
// datagram is one request (frame header, then a text request); the reply goes back to the sender
// as UdpResponder cuts it, one datagram per SendTo. Datagrams too short for a frame header are
// dropped, as memcached drops them.
//
// Why one thread: OSv.Net's UDP socket belongs to at most one poller, and every UDP request is
// served in a few microseconds under the store's lock, so more threads would mostly contend; the
// TCP workers stay free for connections. With -t 1 there is no UDP thread at all: the net thread
// serves the socket after each pass (ServeReady, through NetThreadServer), as it serves TCP,
// which saves a wake-up and a switch per datagram. Nothing allocates after Start: the receive and datagram
// buffers and the responder (with its Session) are made once.
using System;
using Memcached.Server;
using OSv.Net.Sockets;
using OSv.Net.Wire;
using Thread = OSv.Core.Sched.Thread;

namespace Memcached.Hosting
{
    internal sealed class UdpServer
    {
        private readonly UdpSocket socket;
        private readonly UdpResponder responder;
        private readonly byte[] received = new byte[ImageLimits.UdpDatagramBytesMax];
        private readonly byte[] datagram = new byte[UdpResponder.DatagramBytesMax];

        private UdpServer(UdpSocket socket, Cache cache)
        {
            this.socket = socket;
            responder = new UdpResponder(cache);
        }

        // Binds port and, unless the net thread serves it, starts the thread; null when the port
        // cannot be bound.
        public static UdpServer? Start(Network network, Cache cache, ushort port, bool onNetThread)
        {
            UdpSocket? socket = UdpSocket.Bind(network, port, out NetError error);
            if (socket == null)
                return null;
            var server = new UdpServer(socket, cache);
            if (!onNetThread)
                Thread.Start(server.Run, "memcached-udp");
            return server;
        }

        private void Run()
        {
            while (true)
                ServeOne(TcpConnection.Infinite);
        }

        // The net thread's share: the datagrams waiting now, at most ImageLimits.UdpDatagramsPerPassMax;
        // true when that bound was reached (more may wait).
        public bool ServeReady()
        {
            for (int served = 0; served < ImageLimits.UdpDatagramsPerPassMax; served++)
            {
                if (!ServeOne(0))
                    return false;
            }
            return true;
        }

        // One datagram, waiting at most timeoutNs for it; false when none came.
        private bool ServeOne(long timeoutNs)
        {
            int length = socket.ReceiveFrom(received, out Ipv4Address from, out ushort fromPort, timeoutNs);
            if (length < 0)
                return false;
            if (!responder.Handle(new ReadOnlySpan<byte>(received, 0, length)))
                return true;
            int count = responder.DatagramCount;
            for (int i = 0; i < count; i++)
            {
                int bytes = responder.WriteDatagram(i, datagram);
                // A full device queue drops the datagram: UDP's loss, which the client retries.
                socket.SendTo(new ReadOnlySpan<byte>(datagram, 0, bytes), from, fromPort, out NetError error);
            }
            return true;
        }
    }
}
