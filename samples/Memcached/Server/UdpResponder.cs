// memcached over UDP (protocol.txt, "UDP protocol"): every datagram starts with an 8-byte frame
// header, all fields 16-bit big-endian:
//   0-1 request ID (chosen by the client, echoed in every reply datagram)
//   2-3 sequence number (0 .. total-1)
//   4-5 total number of datagrams in this message
//   6-7 reserved, 0
// A request must fit one datagram (memcached answers a multi-datagram request with
// "SERVER_ERROR multi-packet request not supported"). The reply is cut into datagrams of at most
// DatagramBytesMax bytes, header included (memcached's UDP_MAX_PAYLOAD_SIZE, 1400), each carrying
// the request ID, its sequence number and the total. The text protocol only, as memcached serves
// over UDP in practice; the request's bytes run through an ordinary Session, so every command
// behaves as over TCP.
//
// One responder per worker thread; it owns one Session and one reply buffer, reused for every
// datagram. Caller rules: Handle, then DatagramCount datagrams by WriteDatagram(i), before the
// next Handle. A reply larger than ReplyBytesMax is replaced by a SERVER_ERROR line.
using System;
using Memcached.Protocol;

namespace Memcached.Server
{
    public sealed class UdpResponder
    {
        public const int HeaderBytes = 8;
        public const int DatagramBytesMax = 1400;
        public const int PayloadBytesMax = DatagramBytesMax - HeaderBytes;

        private static ReadOnlySpan<byte> MultiPacketLine => "SERVER_ERROR multi-packet request not supported\r\n"u8;
        private static ReadOnlySpan<byte> TooLargeLine => "SERVER_ERROR reply too large for UDP\r\n"u8;

        private readonly Session session;
        private readonly ByteQueue reply = new ByteQueue(ServerLimits.OutputBufferInitialBytes);
        private readonly int replyBytesMax;
        private ushort requestId;

        public UdpResponder(Cache cache)
        {
            session = new Session(cache);
            replyBytesMax = ServerLimits.ReplyBytesMax(cache.Settings.ItemSizeMax);
        }

        public int DatagramCount => (reply.Count + PayloadBytesMax - 1) / PayloadBytesMax;

        // Executes the request in one received datagram. False for a datagram too short to carry
        // a frame header, which is dropped without a reply (there is no request ID to answer).
        public bool Handle(ReadOnlySpan<byte> datagram)
        {
            reply.Clear();
            if (datagram.Length < HeaderBytes)
                return false;
            requestId = (ushort)(datagram[0] << 8 | datagram[1]);
            int total = datagram[4] << 8 | datagram[5];
            if (total != 1 || datagram[2] != 0 || datagram[3] != 0)
            {
                Append(MultiPacketLine);
                return true;
            }
            session.Reset();
            ReadOnlySpan<byte> request = datagram.Slice(HeaderBytes);
            while (request.Length > 0 && !session.IsClosing)
            {
                Span<byte> space = session.ReceiveSpace;
                int count = space.Length < request.Length ? space.Length : request.Length;
                request.Slice(0, count).CopyTo(space);
                session.Received(count);
                request = request.Slice(count);
                if (!Collect())
                    return true;
            }
            return true;
        }

        // Datagram `index` (0-based) into destination (at least DatagramBytesMax); its length.
        public int WriteDatagram(int index, Span<byte> destination)
        {
            int offset = index * PayloadBytesMax;
            int length = reply.Count - offset < PayloadBytesMax ? reply.Count - offset : PayloadBytesMax;
            int total = DatagramCount;
            destination[0] = (byte)(requestId >> 8);
            destination[1] = (byte)requestId;
            destination[2] = (byte)(index >> 8);
            destination[3] = (byte)index;
            destination[4] = (byte)(total >> 8);
            destination[5] = (byte)total;
            destination[6] = 0;
            destination[7] = 0;
            reply.Data.Slice(offset, length).CopyTo(destination.Slice(HeaderBytes));
            return HeaderBytes + length;
        }

        // Runs the session until it needs input, moving its replies into the datagram reply.
        private bool Collect()
        {
            SessionStatus status;
            do
            {
                status = session.Process();
                ReadOnlySpan<byte> pending = session.PendingOutput;
                if (reply.Count + pending.Length > replyBytesMax)
                {
                    reply.Clear();
                    Append(TooLargeLine);
                    session.Sent(pending.Length);
                    return false;
                }
                Append(pending);
                session.Sent(pending.Length);
            }
            while (status == SessionStatus.OutputBlocked);
            return status != SessionStatus.Close;
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            reply.Reserve(bytes.Length, int.MaxValue);
            reply.Append(bytes);
        }
    }
}
