// A memcached UDP client for the hosted tests (protocol.txt, "UDP protocol"): each request goes
// in one datagram behind an 8-byte frame header with a fresh request ID; the reply's datagrams
// are collected by sequence number until all `total` have arrived. Datagrams of other (older)
// request IDs are dropped. A reply not complete within ReplyTimeoutMs is reported as lost (null):
// UDP may drop datagrams, and callers count losses rather than fail on one.
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Memcached.Tests.Hosted
{
    internal sealed class UdpTextClient : IDisposable
    {
        public const int ReplyTimeoutMs = 1000;
        private const int HeaderBytes = 8;

        private readonly Socket socket;
        private readonly byte[] datagram = new byte[65536];
        private ushort requestId;

        public UdpTextClient(int port)
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.ReceiveBufferSize = 1 << 20;
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        }

        public byte[]? Request(string text) => Request(Encoding.Latin1.GetBytes(text));

        public byte[]? Request(byte[] request)
        {
            requestId++;
            byte[] frame = new byte[HeaderBytes + request.Length];
            frame[0] = (byte)(requestId >> 8);
            frame[1] = (byte)requestId;
            frame[5] = 1; // total datagrams: 1
            request.CopyTo(frame, HeaderBytes);
            socket.Send(frame);
            return Collect();
        }

        private byte[]? Collect()
        {
            byte[][]? parts = null;
            int received = 0;
            DateTime deadline = DateTime.UtcNow.AddMilliseconds(ReplyTimeoutMs);
            while (parts == null || received < parts.Length)
            {
                int waitMs = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
                if (waitMs <= 0 || !socket.Poll(waitMs * 1000, SelectMode.SelectRead))
                    return null;
                int count = socket.Receive(datagram);
                if (count < HeaderBytes || (datagram[0] << 8 | datagram[1]) != requestId)
                    continue;
                int sequence = datagram[2] << 8 | datagram[3];
                int total = datagram[4] << 8 | datagram[5];
                parts ??= new byte[total][];
                if (sequence >= parts.Length || parts[sequence] != null)
                    continue;
                parts[sequence] = datagram.AsSpan(HeaderBytes, count - HeaderBytes).ToArray();
                received++;
            }
            return Concatenate(parts);
        }

        private static byte[] Concatenate(byte[][] parts)
        {
            int length = 0;
            foreach (byte[] part in parts)
                length += part.Length;
            byte[] whole = new byte[length];
            int offset = 0;
            foreach (byte[] part in parts)
            {
                part.CopyTo(whole, offset);
                offset += part.Length;
            }
            return whole;
        }

        public void Dispose() => socket.Dispose();
    }
}
