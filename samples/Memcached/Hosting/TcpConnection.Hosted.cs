// One TCP connection on the host: a Session driven by the socket's asynchronous receive loop
// (epoll underneath), so thousands of idle connections cost no threads. The program has .NET run
// the completions inline on its per-core epoll threads (MemcachedHost.Hosted.cs); elsewhere (the
// tests) they run on the thread pool. Either way one connection's steps never overlap.
//
// Loop: receive into a fixed buffer; copy it into the session as fast as Process consumes it
// (Pump); replies accumulate in the session's queue while requests are pipelined, and are sent
// when the session blocks on output, closes, or has consumed everything received (Flush).
// Session contract kept: no more input is fed while Process reports OutputBlocked; PendingOutput
// is sent and Sent(n) reported before Process runs again; Close sends what is pending first.
// The connection object (session and buffers) is pooled by TcpServer and Reset for reuse.
using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Memcached.Server;

namespace Memcached.Hosting
{
    internal sealed class TcpConnection
    {
        public const int ReceiveBufferBytes = 64 * 1024;
        public const int SendBufferBytes = 64 * 1024;

        private readonly Session session;
        private readonly byte[] receiveBuffer = new byte[ReceiveBufferBytes];
        private readonly byte[] sendBuffer = new byte[SendBufferBytes];
        private int receivedOffset;
        private int receivedCount;

        public TcpConnection(Cache cache)
        {
            session = new Session(cache);
        }

        // Serves one accepted socket until the peer closes, the session closes, or cancellation;
        // never throws (socket errors end the connection).
        public async Task ServeAsync(Socket socket, CancellationToken cancellation)
        {
            session.Reset();
            try
            {
                while (true)
                {
                    int count = await socket.ReceiveAsync(receiveBuffer.AsMemory(), SocketFlags.None, cancellation).ConfigureAwait(false);
                    if (count == 0)
                        return;
                    receivedOffset = 0;
                    receivedCount = count;
                    if (!await ConsumeReceivedAsync(socket, cancellation).ConfigureAwait(false))
                        return;
                }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
            catch (OperationCanceledException) { }
            session.EndConnection(); // a pooled connection keeps no grown buffer (ByteQueue)
        }

        // Runs every received byte through the session; false when the session closed.
        private async ValueTask<bool> ConsumeReceivedAsync(Socket socket, CancellationToken cancellation)
        {
            while (true)
            {
                SessionStatus status = Pump();
                await FlushAsync(socket, cancellation).ConfigureAwait(false);
                if (status == SessionStatus.Close)
                    return false;
                if (status == SessionStatus.NeedInput)
                    return true;
                session.Cache.Counters.CountYield();
            }
        }

        // Feeds received bytes and processes until all are consumed (NeedInput), the replies
        // back up (OutputBlocked) or the session closes.
        private SessionStatus Pump()
        {
            while (true)
            {
                SessionStatus status = session.Process();
                if (status != SessionStatus.NeedInput || receivedOffset == receivedCount)
                    return status;
                Span<byte> space = session.ReceiveSpace;
                int count = Math.Min(space.Length, receivedCount - receivedOffset);
                receiveBuffer.AsSpan(receivedOffset, count).CopyTo(space);
                session.Received(count);
                receivedOffset += count;
            }
        }

        private async ValueTask FlushAsync(Socket socket, CancellationToken cancellation)
        {
            while (true)
            {
                int count = CopyPending();
                if (count == 0)
                    return;
                int sent = 0;
                while (sent < count)
                    sent += await socket.SendAsync(sendBuffer.AsMemory(sent, count - sent), SocketFlags.None, cancellation).ConfigureAwait(false);
                session.Sent(count);
            }
        }

        private int CopyPending()
        {
            ReadOnlySpan<byte> pending = session.PendingOutput;
            int count = Math.Min(pending.Length, sendBuffer.Length);
            pending.Slice(0, count).CopyTo(sendBuffer);
            return count;
        }
    }
}
